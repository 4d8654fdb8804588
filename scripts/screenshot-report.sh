#!/usr/bin/env bash
# Renders `advisor report --format html` for the bundled dataset with headless Chromium and writes
# the page as a PNG: docs/images/report.png by default (shown in the README and docs/report.md).
# Installs Debian's chromium when it is missing. Usage:
#   bash scripts/screenshot-report.sh [OUT.png] [extra advisor report flags…]
#   ALL=1 bash scripts/screenshot-report.sh   # also report-800.png, report.pdf, report-config.png, report-config-800.png and report-config.pdf
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/images/report.png}"
shift || true

# The dataset's origin is the seed article's Chinese title: without a CJK font it renders as boxes.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"; then
    echo "screenshot: installing chromium (Debian's package)"
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-wqy-microhei >/dev/null
    else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-wqy-microhei >/dev/null; fi
fi

swift build --product advisor >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shoot() {  # HTML, PNG, width, height
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size="$3,$4" --screenshot="$2" "file://$1" >/dev/null 2>&1
}
# A store of its own, so the pictures show the bundled data whatever the user's store holds; the
# date is fixed so the pictures only change when the report does.
ADVISOR_HOME="$work/home" .build/debug/advisor report --format html --as-of 2026-12-01 --out "$work/report.html" "$@"
mkdir -p "$(dirname "$out")"
# 1280 px wide (a laptop), tall enough for the answer and the first model's charts and tables.
shoot "$work/report.html" "$out" 1280 2600
if [ "${ALL:-}" = "1" ]; then
    # The golden pictures of docs/images (issue 29): 1280 and 800 px, the PDF Chromium prints, and
    # the same for a report with a config (the broken example's findings).
    images="$(dirname "$out")"
    shoot "$work/report.html" "$images/report-800.png" 800 3200
    chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$images/report.pdf" \
        "file://$work/report.html" >/dev/null 2>&1
    # The broken example: its sample dataset and the findings that fail check.
    ADVISOR_HOME="$work/home" .build/debug/advisor ingest Fixtures/configs/broken-data.csv --dataset broken-example >/dev/null
    ADVISOR_HOME="$work/home" .build/debug/advisor report --format html --as-of 2026-06-15 --config Fixtures/configs/broken.yaml \
        --out "$work/config.html"
    shoot "$work/config.html" "$images/report-config.png" 1280 2600
    shoot "$work/config.html" "$images/report-config-800.png" 800 3200
    chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$images/report-config.pdf" \
        "file://$work/config.html" >/dev/null 2>&1
fi
echo "$out"
