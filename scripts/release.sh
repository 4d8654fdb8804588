#!/usr/bin/env bash
# Builds the self-contained release binary: the Swift standard library and Foundation linked in
# statically, so it runs on a Debian machine with no Swift toolchain, needing only the system
# libraries it names (libsqlite3, zlib; libcrypto and libcurl with OpenSSL, loaded when a command
# needs them). Prints the binary's path
# as its last line.
#   bash scripts/release.sh            # .build/release/advisor
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product advisor --static-swift-stdlib >&2
bin="$(swift build -c release --product advisor --static-swift-stdlib --show-bin-path)/advisor"
test -x "$bin"
echo "$bin"
