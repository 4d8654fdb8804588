#!/usr/bin/env python3
"""`advisor simulate` at scale: one simulated hour of 10,000 requests a minute across ten services.

    python3 scripts/bench/simulate_bench.py [--binary .build/release/advisor] [--runs 5]

Writes an advisor.yaml with ten services at 1,000 RPM each over one quota of 9,000 RPM (so retries
happen: about 600,000 requests and more attempts), and times `advisor simulate --minutes 60` on it,
beside the anchor measured in the same run: the same command on one service at 10 RPM (start-up,
reading the config and the store, the same output path, almost no simulation). Best of --runs.
"""
import argparse, os, shutil, subprocess, tempfile, time

SERVICE = ("  - {{name: svc-{i}, region: us-east-1, model: us.anthropic.claude-sonnet-4-6,\n"
           "     traffic: {{peak_rpm: {rpm}, input_tokens: 1500, output_tokens: 300, max_tokens: 500}}}}\n")
QUOTA = "quotas:\n  - {{model: anthropic.claude-sonnet-4-6, region: us-east-1, rpm: {rpm}, tpm: 1000000000}}\n"


def config(path, services, rpm, quota):
    with open(path, "w") as f:
        f.write("services:\n" + "".join(SERVICE.format(i=i, rpm=rpm) for i in range(services)) + QUOTA.format(rpm=quota))


def best(binary, path, home, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([binary, "simulate", "--config", path, "--minutes", "60", "--format", "json"],
                             env=dict(os.environ, ADVISOR_HOME=home), capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if out.returncode != 0:
            raise SystemExit(out.stderr)
    return min(times), out.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/advisor")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="simulate-bench-")
    home = os.path.join(work, "home")
    big, small = os.path.join(work, "big.yaml"), os.path.join(work, "small.yaml")
    config(big, 10, 1000, 9000)
    config(small, 1, 10, 9000)
    subprocess.run([args.binary, "simulate", "--config", small, "--minutes", "1"], env=dict(os.environ, ADVISOR_HOME=home),
                   capture_output=True)  # creates the store, outside the timings
    anchor, _ = best(args.binary, small, home, args.runs)
    measured, output = best(args.binary, big, home, args.runs)
    import json
    services = json.loads(output)["simulations"][0]["services"]
    requests = sum(s["requests"] for s in services)
    attempts = sum(s["attempts"] for s in services)
    print(f"| run | wall (best of {args.runs}) |\n|---|---:|")
    print(f"| anchor: one service at 10 RPM, 60 minutes | {anchor * 1000:.0f} ms |")
    print(f"| ten services at 1,000 RPM over a 9,000 RPM quota, 60 minutes ({requests:,} requests, {attempts:,} attempts) "
          f"| {measured * 1000:.0f} ms |")
    print(f"| simulation alone (difference) | {(measured - anchor) * 1000:.0f} ms |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
