#!/usr/bin/env bash
# Installs what is missing and runs every test: unit, golden-file and end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# The code's format (.swift-format; swift-format ships with the Swift toolchain). The generated files
# are the generators' to format. Fix with: bash scripts/format.sh
bash scripts/format.sh --check
swift build --build-tests
# The runner's own closing line counts only what ran: say what was skipped, and why, after it.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift test --skip-build 2>&1 | tee "$log"
skipped=$(grep -cE '^[^ ]+ (Test|Suite) .* skipped' "$log" || true)
if [ "$skipped" -gt 0 ]; then
    echo "test.sh: $skipped tests or suites skipped:"
    grep -E '^[^ ]+ (Test|Suite) .* skipped' "$log" | sed -E 's/^[^ ]+ (Test|Suite) .* skipped:? ?//' | sort | uniq -c | sed 's/^/  /'
else
    echo "test.sh: nothing skipped"
fi
# Every built-in rule's examples, the way a user tests their own rules. It must say how many rules
# ran, and as many as Rules/ holds: an empty run must not pass for a full one.
rules=$(find Rules -name '*.yaml' -o -name '*.yml' | wc -l)
out=$("$(swift build --show-bin-path)/advisor" rules test)
echo "$out"
grep -q "^tested $rules rules with " <<<"$out" || { echo "test.sh: expected 'tested $rules rules' from advisor rules test" >&2; exit 1; }
# The self-contained release binary (issue 14): static Swift runtime, no libcurl until a probe.
bash scripts/check-release.sh
# The benchmark suite at a reduced size, so `make bench` keeps working; nothing is timed here.
python3 scripts/bench/run.py --small --no-write > /dev/null
