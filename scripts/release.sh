#!/usr/bin/env bash
# Builds the self-contained release binary: the Swift standard library and Foundation linked in
# statically, so it runs on a Debian machine with no Swift toolchain, needing only the system
# libraries it names (libsqlite3, zlib; libcrypto and libcurl with OpenSSL, loaded when a command
# needs them); libstdc++ and libgcc are linked in as well. Prints the binary's path
# as its last line.
#   bash scripts/release.sh            # .build/release/advisor
#   bash scripts/release.sh --package-path scripts/bench/floor --product hello-foundation
#                                      # another package's product, built the same way (make bench's floors)
set -euo pipefail
cd "$(dirname "$0")/.."
product=advisor
package=()
while (($#)); do
    case "$1" in
        --package-path) package=(--package-path "$2"); shift 2 ;;
        --product) product="$2"; shift 2 ;;
        *) echo "scripts/release.sh: unknown argument '$1' (expected --package-path DIR, --product NAME)" >&2; exit 2 ;;
    esac
done
# Linked by GNU ld (bfd) rather than the gold the Swift driver picks by default: its layout of this
# 100 MB static PIE costs 60 fewer page faults at start-up (about 1 ms of a cold `recommend`, 8%;
# BENCHMARKS.md). gold is also deprecated upstream. `-z pack-relative-relocs` would save another
# 0.4 ms but makes the binary need glibc 2.36, which Ubuntu 22.04 (2.35) lacks.
flags=(-c release --product "$product" "${package[@]}" --static-swift-stdlib -Xswiftc -use-ld=bfd)
# Concrete generic types are reached through metadata accessor functions instead of mangled names:
# the runtime demangling a name such as Range<Int> must look its conformances up, and each first
# lookup scans all 6,700 conformance records of this binary; a cold `recommend` made 62 such scans,
# 20 of them from these names (-13% start-up, measured interleaved; BENCHMARKS.md).
flags+=(-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
# libstdc++ (which the Swift runtime needs) and libgcc linked in too: loading libstdc++.so made
# the loader resolve its symbols at every start, half of its 3,400 symbol relocations (~1 ms of
# `advisor --version`). The Swift driver asks for -lstdc++ itself, so a directory holding only the static
# archive goes first on the library path. GCC's runtime library exception allows static linking.
archive="$("$(dirname "$(command -v swiftc)")/clang" -print-file-name=libstdc++.a)"
if [ ! -f "$archive" ]; then
    echo "scripts/release.sh: libstdc++.a not found; install libstdc++'s development package (Debian: libstdc++-12-dev)" >&2
    exit 3
fi
static_cxx="$PWD/.build/static-libstdc++"
mkdir -p "$static_cxx"
ln -sfn "$archive" "$static_cxx/libstdc++.a"
flags+=(-Xswiftc -L -Xswiftc "$static_cxx" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc)
swift build "${flags[@]}" >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/$product"
test -x "$bin"
echo "$bin"
