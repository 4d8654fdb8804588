#!/usr/bin/env python3
"""Benchmark: advisor check on generated configs of 1,000 to 10,000 services, all built-in rules.

    python3 scripts/bench/check_bench.py [--binary .build/release/advisor] [--repeat 3]

Each config mixes the fixture's kinds of service (callable and not, with and without clients,
traffic, SLOs, waivers) and one quota per (model, region) in use. Reports the median wall and CPU time per
size, the cost per service, and, as the anchor in the same run, `advisor rules list` (start-up and
rule loading, no config). Not a test.
"""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

KINDS = [
    ("eu-central-1", "eu.anthropic.claude-sonnet-4-6", "    residency: eu\n    priority: latency\n    slo: { ttfb_p50_ms: 900 }\n"),
    ("eu-central-1", "global.anthropic.claude-sonnet-4-6", "    priority: latency\n"),
    ("us-east-1", "global.amazon.nova-2-lite-v1:0", "    priority: cost\n"),
    ("ap-southeast-1", "jp.anthropic.claude-sonnet-4-6", ""),
    ("ap-northeast-1", "jp.amazon.nova-2-lite-v1:0", "    priority: ttfb\n"),
    ("us-east-1", "amazon.nova-2-lite-v1:0", ""),
]
CLIENTS = [
    "    client:\n      max_attempts: 5\n      backoff: { base_ms: 1000, max_ms: 60000, jitter: full }\n      max_pool_connections: 50\n      concurrency: 40\n",
    "    client: { max_attempts: 5 }\n",
    "    client: { max_pool_connections: 10, concurrency: 40 }\n",
    "",
]


def config(services):
    lines = ["services:\n"]
    for i in range(services):
        region, model, extra = KINDS[i % len(KINDS)]
        lines.append(f"  - name: svc-{i}\n    region: {region}\n    model: {model}\n{extra}")
        lines.append(f"    traffic: {{ peak_rpm: {20 + i % 150}, input_tokens: 1500, output_tokens: 500 }}\n")
        lines.append(CLIENTS[i % len(CLIENTS)])
        if i % 10 == 3:
            lines.append("    waivers:\n      - { rule: resilience.no-backoff, reason: benchmark, expires: 2027-12-31 }\n")
    # One quota per (model, source region) in use, as Service Quotas has them.
    lines.append("quotas:\n")
    seen = set()
    for region, model, _ in KINDS:
        base = model.split(".", 1)[1] if model.split(".")[0] in ("eu", "us", "jp", "global") else model
        if (base, region) not in seen:
            seen.add((base, region))
            lines.append(f"  - {{ model: {base}, region: {region}, rpm: {services * 20}, tpm: {services * 200000} }}\n")
    return "".join(lines)


def measure(argv, env):
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{argv} failed ({code}): {stderr}")
    phases = {}
    for line in stderr.splitlines():
        if line.startswith("timing: "):
            name, value = line[len("timing: "):].rsplit(": ", 1)
            phases[name.split(" ")[0]] = float(value.split(" ")[0]) / 1000
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, phases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/advisor")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="1000,2000,5000,10000", help="comma-separated service counts")
    parser.add_argument("--json", help="also write the figures to this file (for scripts/bench/run.py)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="advisor-check-bench-")
    try:
        env = dict(os.environ, ADVISOR_HOME=os.path.join(work, "home"))
        subprocess.run([args.binary, "datasets"], env=env, check=True, stdout=subprocess.DEVNULL)
        median = lambda values: sorted(values)[len(values) // 2]
        anchor = [measure([args.binary, "rules", "list"], env) for _ in range(args.repeat)]
        rows = []
        for size in [int(x) for x in args.sizes.split(",")]:
            path = os.path.join(work, f"advisor-{size}.yaml")
            open(path, "w").write(config(size))
            runs = [measure([args.binary, "check", "--config", path, "--format", "json", "--as-of", "2026-04-20", "--timings"], env)
                    for _ in range(args.repeat)]
            phase = lambda name: median([r[3].get(name, 0) for r in runs])
            rows.append((size, median([r[0] for r in runs]), median([r[1] for r in runs]), max(r[2] for r in runs),
                         phase("read"), phase("evaluate"), phase("render")))
        print(f"median of {args.repeat} runs; anchor `advisor rules list`: {median([a[0] for a in anchor]) * 1000:.0f} ms wall")
        print()
        print("| services | whole command (wall) | CPU | read advisor.yaml | evaluate all rules | render JSON | evaluate per service | peak RSS |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for size, wall, cpu, rss, read, evaluate, render in rows:
            print(f"| {size:,} | {wall:.3f} s | {cpu:.3f} s | {read:.3f} s | {evaluate:.3f} s | {render:.3f} s | "
                  f"{evaluate / size * 1e6:.1f} µs | {rss:.0f} MiB |")
        first, last = rows[0], rows[-1]
        print()
        print(f"from {first[0]:,} to {last[0]:,} services (x{last[0] / first[0]:.0f}): whole command x{last[1] / first[1]:.1f}, "
              f"evaluation x{last[5] / first[5]:.1f}")
        if args.json:
            import json
            json.dump([{"services": r[0], "wall_s": r[1], "cpu_s": r[2], "peak_rss_mib": r[3], "read_s": r[4], "evaluate_s": r[5]}
                       for r in rows], open(args.json, "w"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
