#!/usr/bin/env bash
# Installs what is missing, builds advisor, and runs its main job on the built-in data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build --product advisor
echo
echo "$ advisor recommend --source eu-central-1 --priority latency"
.build/debug/advisor recommend --source eu-central-1 --priority latency
