#!/usr/bin/env bash
# Installs what is missing and runs every test: unit, golden-file and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build
# Every built-in rule's examples, the way a user tests their own rules.
"$(swift build --show-bin-path)/advisor" rules test
