#!/usr/bin/env bash
# Installs what advisor needs to build and test on Debian, and only what is missing:
# the C libraries it links (SQLite, libcurl with OpenSSL, libcrypto), pkg-config, python3 with
# botocore, which tests use as an independent oracle, and the openssl tool (the TLS tests make a
# throwaway certificate with it). Swift itself must already be installed.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev libssl-dev zlib1g-dev pkg-config python3 python3-pip openssl)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        echo "bootstrap: need root (or sudo) to run: $*" >&2; exit 3; fi
}

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Test oracles: botocore (SigV4, event streams) and boto3 (the benchmarks' anchor client), NumPy and SciPy (quantiles, binomial intervals),
# jsonschema (SARIF output against the 2.1.0 schema), h2 (the fake endpoint speaks HTTP/2),
# check-jsonschema (GitHub's action and workflow schemas), pre-commit (the hook, tried for real),
# cfn-lint (the CloudFormation fixtures are valid templates), and sqlglot and DuckDB (the Athena
# query parses as Trino SQL and, run by a real engine, agrees with advisor's CloudTrail reader).
oracles=()
python3 -c 'import botocore' 2>/dev/null || oracles+=(botocore)
python3 -c 'import boto3' 2>/dev/null || oracles+=(boto3)
python3 -c 'import numpy' 2>/dev/null || oracles+=(numpy)
python3 -c 'import scipy' 2>/dev/null || oracles+=(scipy)
python3 -c 'import jsonschema' 2>/dev/null || oracles+=(jsonschema)
python3 -c 'import h2' 2>/dev/null || oracles+=(h2)
python3 -c 'import check_jsonschema' 2>/dev/null || oracles+=(check-jsonschema)
python3 -c 'import pre_commit' 2>/dev/null || oracles+=(pre-commit)
python3 -c 'import cfnlint' 2>/dev/null || oracles+=(cfn-lint)
python3 -c 'import sqlglot' 2>/dev/null || oracles+=(sqlglot)
python3 -c 'import duckdb' 2>/dev/null || oracles+=(duckdb)
if [ "${#oracles[@]}" -gt 0 ]; then
    echo "bootstrap: installing ${oracles[*]} (test oracles)"
    python3 -m pip install --quiet "${oracles[@]}" 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages "${oracles[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "bootstrap: swift is not on PATH; install Swift 6.1 or later (https://www.swift.org/install/linux/)" >&2
    exit 3
fi
