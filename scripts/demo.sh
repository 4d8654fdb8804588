#!/usr/bin/env bash
# Installs what is missing, builds advisor, and runs its main job on the built-in data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
swift build --product advisor
# Leave the user able to type `advisor`: a link in ~/.local/bin (the XDG place for a user's
# programs, on PATH in Debian's default ~/.profile once it exists) to the binary just built.
bin_dir="${XDG_BIN_HOME:-$HOME/.local/bin}"
mkdir -p "$bin_dir"
ln -sfn "$PWD/.build/debug/advisor" "$bin_dir/advisor"
echo
echo "$ advisor recommend --source eu-central-1 --priority latency"
"$bin_dir/advisor" recommend --source eu-central-1 --priority latency
echo
echo "advisor is linked at $bin_dir/advisor (to the build in $PWD/.build/debug)."
case ":$PATH:" in
    *":$bin_dir:"*) echo "It is on your PATH: type advisor --help." ;;
    *) echo "Add it to your PATH to type advisor: export PATH=\"$bin_dir:\$PATH\" (or log in again: Debian's ~/.profile adds ~/.local/bin)." ;;
esac
echo "A stripped, self-contained copy for other machines: bash scripts/install.sh (a release build, a few minutes)."
