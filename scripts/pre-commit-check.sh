#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml): `advisor check` on each advisor.yaml pre-commit
# hands over. Uses `advisor` from PATH when there is one (the release binary, installed), and
# otherwise builds it from this checkout (the first run takes a few minutes).
set -uo pipefail
if command -v advisor >/dev/null 2>&1; then
    advisor=advisor
else
    here="$(cd "$(dirname "$0")/.." && pwd)"
    advisor="$(bash "$here/scripts/release.sh" | tail -n 1)" || exit 3
fi
status=0
if [ "${1:-}" = "--cloudformation" ]; then
    # The templates' hook: every template in one check, in the Region the stack deploys to.
    shift
    args=(check)
    region="${ADVISOR_REGION:-${AWS_REGION:-}}"
    if [ -n "$region" ]; then args+=(--region "$region"); fi
    for file in "$@"; do args+=(--cloudformation "$file"); done
    if [ -f advisor.yaml ]; then args+=(--config advisor.yaml); fi
    "$advisor" "${args[@]}" || status=$?
    exit "$status"
fi
for file in "$@"; do
    "$advisor" check --config "$file" || status=$?
done
exit "$status"
