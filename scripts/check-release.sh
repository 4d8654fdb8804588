#!/usr/bin/env bash
# The release binary is self-contained: built with the Swift runtime and Foundation linked
# statically (scripts/release.sh), it must name no Swift library (nor libstdc++) among its dynamic dependencies and
# must answer `advisor recommend` in an environment with nothing on its library path. Run by
# scripts/test.sh (and so by CI).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(bash scripts/release.sh | tail -n 1)"
if ldd "$bin" | grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_FoundationICU'; then
    echo "check-release: $bin still needs the Swift runtime libraries above" >&2; exit 1
fi
if ldd "$bin" | grep -E 'libstdc\+\+|libgcc_s'; then
    echo "check-release: $bin loads the C++ runtime above at start-up; scripts/release.sh links it in statically" >&2; exit 1
fi
# glibc 2.35 is Ubuntu 22.04's, the oldest GitHub runner image; Debian 12 has 2.36.
newest="$(objdump -T "$bin" | grep -oE 'GLIBC_[0-9]+\.[0-9]+' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
if [ "$(printf '%s\n' "$newest" 2.35 | sort -V | tail -n 1)" != 2.35 ]; then
    echo "check-release: $bin needs glibc $newest; it must run with 2.35 (Ubuntu 22.04)" >&2; exit 1
fi
if ldd "$bin" | grep -Eq 'libcurl|libcrypto'; then
    echo "check-release: $bin links libcurl or libcrypto at start-up; it should load them only when a command needs them" >&2; exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$(env -i PATH=/usr/bin:/bin HOME="$work" ADVISOR_HOME="$work/home" LD_LIBRARY_PATH= "$bin" recommend --source eu-central-1 --as-of 2026-12-01)"
grep -q "Claude Sonnet 4.6 (anthropic.claude-sonnet-4-6): use eu.anthropic.claude-sonnet-4-6" <<<"$out" \
    || { echo "check-release: advisor recommend did not answer as expected:" >&2; echo "$out" >&2; exit 1; }
# ingest fingerprints its file with libcrypto, which the binary loads itself (dlopen), not the loader.
printf 'source_region,profile,ttfb_ms,total_ms,status\neu-central-1,eu.anthropic.claude-sonnet-4-6,700,2400,ok\n' >"$work/calls.csv"
out="$(env -i PATH=/usr/bin:/bin HOME="$work" ADVISOR_HOME="$work/home" LD_LIBRARY_PATH= "$bin" ingest "$work/calls.csv" --dataset release-check)"
grep -q "1 row into release-check" <<<"$out" \
    || { echo "check-release: advisor ingest did not answer as expected:" >&2; echo "$out" >&2; exit 1; }
# scripts/install.sh installs it stripped: the stripped copy must answer the same.
strip -o "$work/advisor-stripped" "$bin"
out="$(env -i PATH=/usr/bin:/bin HOME="$work" ADVISOR_HOME="$work/home2" LD_LIBRARY_PATH= "$work/advisor-stripped" recommend --source eu-central-1 --as-of 2026-12-01)"
grep -q "use eu.anthropic.claude-sonnet-4-6" <<<"$out" || { echo "check-release: the stripped binary did not answer:" >&2; echo "$out" >&2; exit 1; }
echo "check-release: stripped, it is $(du -h "$work/advisor-stripped" | cut -f1) (unstripped $(du -h "$bin" | cut -f1))"
echo "check-release: $bin runs without the Swift runtime ($(ldd "$bin" | grep -c '=>') shared libraries, none of them Swift's)"
