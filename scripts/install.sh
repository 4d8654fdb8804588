#!/usr/bin/env bash
# Builds the self-contained release binary (scripts/release.sh) and installs it stripped: the
# symbols are a debugger's, and they made the binary 101 MB. PREFIX defaults to ~/.local
# (the binary lands in PREFIX/bin); as root, e.g. PREFIX=/usr/local.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${PREFIX:-$HOME/.local}"
bin="$(bash scripts/release.sh | tail -n 1)"
mkdir -p "$prefix/bin"
install -s -m 755 "$bin" "$prefix/bin/advisor"
echo "installed $prefix/bin/advisor ($(du -h "$prefix/bin/advisor" | cut -f1), stripped); try: advisor --help"
