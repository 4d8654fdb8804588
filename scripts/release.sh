#!/usr/bin/env bash
# Builds the self-contained release binary: the Swift standard library and Foundation linked in
# statically, so it runs on a Debian machine with no Swift toolchain, needing only the system
# libraries it names (libsqlite3, zlib; libcrypto and libcurl with OpenSSL, loaded when a command
# needs them). Prints the binary's path
# as its last line.
#   bash scripts/release.sh            # .build/release/advisor
set -euo pipefail
cd "$(dirname "$0")/.."
# Linked by GNU ld (bfd) rather than the gold the Swift driver picks by default: its layout of this
# 100 MB static PIE costs 60 fewer page faults at start-up (about 1 ms of a cold `recommend`, 8%;
# BENCHMARKS.md). gold is also deprecated upstream. `-z pack-relative-relocs` would save another
# 0.4 ms but makes the binary need glibc 2.36, which Ubuntu 22.04 (2.35) lacks.
flags=(-c release --product advisor --static-swift-stdlib -Xswiftc -use-ld=bfd)
swift build "${flags[@]}" >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/advisor"
test -x "$bin"
echo "$bin"
