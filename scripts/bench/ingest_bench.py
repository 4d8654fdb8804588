#!/usr/bin/env python3
"""Benchmark: ingest 1,000,000 raw rows and compute stats, against sqlite3's own CSV import.

    python3 scripts/bench/ingest_bench.py [--rows N] [--binary .build/release/advisor]

Generates a seeded CSV in advisor's raw format, then measures in one run, each in its own process
(wall time, and peak resident memory from wait4): `advisor ingest`, `advisor stats`, and
`sqlite3 -csv .import` of the same file into a table of the same shape. Prints a Markdown table for
BENCHMARKS.md. Not a test: nothing here passes or fails.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time


def generate(path, rows):
    rng = random.Random(20261122)
    routes = [(s, p) for s in ("us-east-1", "eu-central-1", "ap-northeast-1")
              for p in ("global.anthropic.claude-sonnet-4-6", "{}.anthropic.claude-sonnet-4-6")]
    geo = {"us-east-1": "us", "eu-central-1": "eu", "ap-northeast-1": "jp"}
    with open(path, "w") as f:
        f.write("source_region,profile,ttfb_ms,total_ms,status,timestamp\n")
        for i in range(rows):
            source, profile = routes[i % len(routes)]
            profile = profile.format(geo[source])
            ts = "2026-11-%02dT%02d:%02d:%02dZ" % (1 + i // 86400 % 28, i // 3600 % 24, i // 60 % 60, i % 60)
            if rng.random() < 0.01:
                f.write(f"{source},{profile},,,ThrottlingException,{ts}\n")
                continue
            ttfb = rng.lognormvariate(6.6, 0.3)
            f.write(f"{source},{profile},{ttfb:.3f},{ttfb + rng.lognormvariate(7.4, 0.2):.3f},ok,{ts}\n")


def measure(label, argv, env=None, stdin=None):
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{label} failed ({code}): {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # wall s, MiB, CPU s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--binary", default=".build/release/advisor")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of each step; medians are reported")
    parser.add_argument("--json", help="also write the figures to this file (for scripts/bench/run.py)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="advisor-bench-")
    try:
        csv_path = os.path.join(work, "samples.csv")
        generate(csv_path, args.rows)
        size_mb = os.path.getsize(csv_path) / 1e6
        schema = ("CREATE TABLE samples (source_region TEXT, profile TEXT, ttfb_ms REAL, total_ms REAL, "
                  "status TEXT, timestamp TEXT);")
        runs = {"ingest": [], "stats": [], "anchor": []}
        for attempt in range(args.repeat):
            # A fresh store each time; create it first so the ingest figure is the ingest alone.
            env = dict(os.environ, ADVISOR_HOME=os.path.join(work, f"home-{attempt}"))
            measure("advisor datasets", [args.binary, "datasets"], env)
            runs["ingest"].append(measure("advisor ingest", [args.binary, "ingest", csv_path, "--dataset", "bench"], env))
            runs["stats"].append(measure("advisor stats", [args.binary, "stats", "--dataset", "bench", "--format", "json"], env))
            db = os.path.join(work, f"sqlite3-{attempt}.db")
            subprocess.run(["sqlite3", db, schema], check=True)
            runs["anchor"].append(measure("sqlite3 .import", ["sqlite3", db, ".mode csv", f".import --skip 1 {csv_path} samples"]))
        count = subprocess.run(["sqlite3", db, "SELECT count(*) FROM samples"], capture_output=True, text=True).stdout.strip()
        ratios = sorted(i[0] / a[0] for i, a in zip(runs["ingest"], runs["anchor"]))
        cpu_ratios = sorted(i[2] / a[2] for i, a in zip(runs["ingest"], runs["anchor"]))
        median = lambda values: sorted(values)[len(values) // 2]
        ingest, stats, anchor = ((median([r[0] for r in runs[k]]), max(r[1] for r in runs[k]), median([r[2] for r in runs[k]]))
                                 for k in ("ingest", "stats", "anchor"))
        print(f"rows: {args.rows:,} ({size_mb:.0f} MB CSV); sqlite3 imported {int(count):,}; "
              f"median of {args.repeat} interleaved runs, peak RSS the largest")
        print()
        print("| step | wall time | CPU time | peak RSS |")
        print("|---|---:|---:|---:|")
        print(f"| `advisor ingest` (parse, validate, SHA-256, insert; one transaction) | {ingest[0]:.2f} s | {ingest[2]:.2f} s | {ingest[1]:.0f} MiB |")
        print(f"| `advisor stats --format json` (all groups, quantiles, intervals) | {stats[0]:.2f} s | {stats[2]:.2f} s | {stats[1]:.0f} MiB |")
        print(f"| anchor: `sqlite3 .import` into a same-shaped table | {anchor[0]:.2f} s | {anchor[2]:.2f} s | {anchor[1]:.0f} MiB |")
        print()
        print(f"ingest / sqlite3 import, wall time per run: {', '.join(f'{r:.2f}' for r in ratios)} (median {median(ratios):.2f})")
        print(f"ingest / sqlite3 import, CPU time per run: {', '.join(f'{r:.2f}' for r in cpu_ratios)} (median {median(cpu_ratios):.2f})")
        both = sorted((i[0] + s[0]) / a[0] for i, s, a in zip(runs["ingest"], runs["stats"], runs["anchor"]))
        print(f"(ingest + stats) / sqlite3 import, wall time per run: {', '.join(f'{r:.2f}' for r in both)} (median {median(both):.2f})")
        if args.json:
            import json
            json.dump({"rows": args.rows, "ingest_s": ingest[0], "stats_s": stats[0], "import_s": anchor[0],
                       "ingest_ratio": median(ratios), "both_ratio": median(both),
                       "peak_rss_mib": max(ingest[1], stats[1])}, open(args.json, "w"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
