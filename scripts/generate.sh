#!/usr/bin/env bash
# Writes every generated file, in the order they depend on each other, after an edit to Rules/,
# Data/catalogue or Data/datasets:
#   1. Sources/AdvisorFormats/EmbeddedFixtures+Generated.swift (the built-in rules and data, as text)
#   2. Sources/AdvisorFormats/BuiltinCatalogue+Generated.swift (the built-in catalogue, as a Swift value)
#   3. docs/rules.md (the rule reference)
# Each has a test that fails when it is stale (EmbeddedFixturesTests, BuiltinCatalogueValueTests,
# theRuleReferenceIsCurrent).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 scripts/dev/embed-fixtures.py
swift build --build-tests > /dev/null
RECORD_GOLDEN=1 swift test --skip-build --filter BuiltinCatalogueValueTests > /dev/null
swift build > /dev/null
"$(swift build --show-bin-path)/advisor" rules docs > docs/rules.md
echo "generate.sh: embedded fixtures, compiled-in catalogue and docs/rules.md are current"
