#!/usr/bin/env bash
# Formats the Swift sources with the toolchain's swift-format and .swift-format; --check only lints
# (what scripts/test.sh and CI run), failing on any difference. Generated files are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format --version > /dev/null 2>&1 || { echo "format.sh: swift-format (part of the Swift 6 toolchain) is missing" >&2; exit 1; }
mapfile -t files < <(find Sources Tests -name '*.swift' ! -name '*+Generated.swift' | sort)
if [ "${1:-}" = "--check" ]; then
    swift format lint --strict --parallel "${files[@]}" Package.swift || { echo "format.sh: run bash scripts/format.sh to format" >&2; exit 1; }
    echo "format.sh: ${#files[@]} files formatted as .swift-format says"
else
    swift format format -i --parallel "${files[@]}" Package.swift
fi
