#!/usr/bin/env python3
"""Peak memory of `advisor ingest --format cloudtrail` on a large synthetic CloudTrail S3 file.

    python3 scripts/bench/cloudtrail_bench.py [--records 300000] [--binary PATH]

Writes an S3-shaped {"Records": [...]} file (a third Bedrock ConverseStream calls, the rest S3
events with 600-byte keys), plain and gzipped, and runs the binary on each into a fresh store under
/usr/bin/time -v, beside `advisor routes` on the result (the store's own baseline). Prints a
Markdown table for BENCHMARKS.md.
"""
import argparse, gzip, json, os, random, re, subprocess, tempfile

def generate(path, records):
    random.seed(1)
    filler = "x" * 600
    with open(path, "w") as f:
        f.write('{"Records": [')
        for i in range(records):
            bedrock = i % 3 == 0
            r = {"eventVersion": "1.11", "eventTime": "2026-11-%02dT%02d:%02d:%02dZ" % (1 + i % 28, i % 24, i % 60, (i * 7) % 60),
                 "eventSource": "bedrock.amazonaws.com" if bedrock else "s3.amazonaws.com",
                 "eventName": "ConverseStream" if bedrock else "GetObject", "awsRegion": "eu-central-1",
                 "requestParameters": {"modelId": "global.anthropic.claude-sonnet-4-6"} if bedrock else {"bucketName": "b", "key": filler},
                 "eventID": "e-%08d" % i, "requestID": "r-%d" % i}
            if bedrock:
                r["additionalEventData"] = {"inferenceRegion": random.choice(["us-east-1", "eu-west-1", "eu-central-1"])}
            f.write(("," if i else "") + json.dumps(r))
        f.write("]}\n")

def measure(binary, arguments, home):
    out = subprocess.run(["/usr/bin/time", "-v", binary] + arguments, env=dict(os.environ, ADVISOR_HOME=home),
                         capture_output=True, text=True, check=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr).group(1)
    return wall, rss / 1024

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=300000)
    parser.add_argument("--binary", default=".build/release/advisor")
    args = parser.parse_args()
    work = tempfile.mkdtemp()
    plain = os.path.join(work, "trail.json")
    generate(plain, args.records)
    with open(plain, "rb") as source, gzip.open(plain + ".gz", "wb") as target:
        target.write(source.read())
    rows = []
    for label, path in [("plain", plain), ("gzipped", plain + ".gz")]:
        home = tempfile.mkdtemp()
        wall, rss = measure(args.binary, ["ingest", "--format", "cloudtrail", path], home)
        rows.append((f"{os.path.getsize(path) / 1e6:.1f} MB {label}", wall, rss))
        base_wall, base_rss = measure(args.binary, ["routes"], home)
    print("| input | wall | peak RSS |\n|---|---:|---:|")
    print(f"| `advisor routes` on the resulting store (anchor) | {base_wall} | {base_rss:.1f} MiB |")
    for label, wall, rss in rows:
        print(f"| {label} | {wall} | {rss:.1f} MiB |")

if __name__ == "__main__":
    main()
