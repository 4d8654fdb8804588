#!/usr/bin/env python3
"""`advisor ingest --format athena` of a large Athena result, against `sqlite3 .import` of the same file.

    python3 scripts/bench/athena_bench.py [--rows 10000000] [--binary .build/release/advisor] [--keep DIR]

Writes an Athena-shaped result of `advisor evidence athena`'s query (every field quoted, as Athena
writes CSV; distinct rows: 90 days, 60 accounts, 8 source Regions, 6 profiles and as many callers as
it takes, in the order of the query's ORDER BY), then runs, each under /usr/bin/time -v and into a fresh database:

  the anchor   sqlite3 DB ".import --csv FILE t": SQLite's own CSV import into a table without keys
  ingest       advisor ingest --format athena FILE
  again        the same file a second time (nothing changes: every row is compared, none added)
  routes       advisor routes --format json on the resulting store

Prints a Markdown table for BENCHMARKS.md. With --rows 1000000 too, memory can be compared across sizes.
"""
import argparse, os, re, shutil, subprocess, tempfile

COLUMNS = ["account_id", "source_region", "model_id", "inference_region", "endpoint", "operation", "error_code",
           "caller", "sdk", "retry_mode", "day", "calls", "first_seen", "last_seen"]
ROUTES = [("eu-central-1", "eu.anthropic.claude-sonnet-4-6", ["eu-west-1", "eu-central-1", "eu-west-3"]),
          ("eu-west-1", "global.anthropic.claude-sonnet-4-6", ["us-east-1", "eu-west-1", "us-west-2"]),
          ("us-east-1", "us.anthropic.claude-sonnet-4-6", ["us-east-1", "us-east-2", "us-west-2"]),
          ("us-west-2", "us.amazon.nova-2-lite-v1:0", ["us-west-2", "us-east-1"]),
          ("ap-northeast-1", "jp.anthropic.claude-sonnet-4-6", ["ap-northeast-1", "ap-northeast-3"]),
          ("eu-north-1", "eu.anthropic.claude-sonnet-4-6", ["eu-north-1", "eu-west-1"]),
          ("ap-southeast-2", "au.anthropic.claude-sonnet-4-6", ["ap-southeast-2", "ap-southeast-4"]),
          ("us-east-2", "global.anthropic.claude-sonnet-4-6", ["us-east-2", "eu-west-1", "ap-northeast-1"])]
AGENTS = [("Boto3/1", "legacy"), ("Boto3/1", "standard"), ("aws-sdk-js/3", "standard"), ("aws-sdk-java/2", "legacy"),
          ("aws-sdk-java/2", "adaptive"), ("", "")]
ERRORS = ["", "", "", "", "", "", "", "", "ThrottlingException", "ValidationException"]


def generate(path, rows):
    """Distinct rows in the order the query's ORDER BY gives them (day, account, source Region, …)."""
    callers = -(-rows // (90 * 60 * len(ROUTES)))
    with open(path, "w", buffering=1 << 22) as f:
        f.write(",".join(f'"{c}"' for c in COLUMNS) + "\n")
        for i in range(rows):
            caller_index = i % callers
            route = ROUTES[(i // callers) % len(ROUTES)]
            account = "%012d" % (111122220000 + (i // (callers * len(ROUTES))) % 60)
            day_index = i // (callers * len(ROUTES) * 60)
            caller = "arn:aws:sts::%s:assumed-role/service-%d" % (account, caller_index)
            sdk, mode = AGENTS[caller_index % len(AGENTS)]
            served = route[2][caller_index % len(route[2])]
            day = "2026-%02d-%02d" % (9 + day_index // 30, 1 + day_index % 30)
            values = [account, route[0], route[1], served, "bedrock-runtime", "ConverseStream", ERRORS[caller_index % 10], caller,
                      sdk, mode, day, str(1 + i % 97), day + "T08:00:00Z", day + "T17:59:59Z"]
            f.write(",".join(f'"{v}"' for v in values) + "\n")


def measure(command, env=None):
    out = subprocess.run(["/usr/bin/time", "-v"] + command, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{command} failed: {out.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1)) / 1024
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** (len(parts) - 1 - k) for k, p in enumerate(parts))
    return seconds, rss, out.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--binary", default=".build/release/advisor")
    parser.add_argument("--keep", help="keep the generated file and stores here")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="athena-bench-")
    os.makedirs(work, exist_ok=True)
    result = os.path.join(work, "result.csv")
    if not os.path.exists(result):
        generate(result, args.rows)
    size = os.path.getsize(result) / 1e6
    database = os.path.join(work, "anchor.sqlite")
    if os.path.exists(database):
        os.remove(database)
    anchor = measure(["sqlite3", database, ".import --csv " + result + " t"])
    home = os.path.join(work, "home")
    shutil.rmtree(home, ignore_errors=True)
    env = dict(os.environ, ADVISOR_HOME=home)
    ingest = measure([args.binary, "ingest", "--format", "athena", result], env)
    again = measure([args.binary, "ingest", "--format", "athena", result], env)
    routes = measure([args.binary, "routes", "--format", "json"], env)
    print(f"{args.rows:,} rows, {size:,.0f} MB quoted CSV; {ingest[2].strip()} / again: {again[2].strip()}")
    print("| step | wall | peak RSS |\n|---|---:|---:|")
    print(f"| `sqlite3 DB \".import --csv FILE t\"` (anchor) | {anchor[0]:.1f} s | {anchor[1]:.1f} MiB |")
    print(f"| `advisor ingest --format athena FILE` | {ingest[0]:.1f} s | {ingest[1]:.1f} MiB |")
    print(f"| the same file again (nothing changes) | {again[0]:.1f} s | {again[1]:.1f} MiB |")
    print(f"| `advisor routes --format json` over the store | {routes[0]:.1f} s | {routes[1]:.1f} MiB |")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
