#!/usr/bin/env python3
"""How precisely the probe measures time to first byte, against curl and boto3 on the same server.

    python3 scripts/bench/probe_timing_bench.py [--calls 30] [--delay-ms 300] [--binary PATH]

Starts the fake Bedrock endpoint (Tests/Oracles/fake_bedrock.py) with a fixed delay before the
first byte, then, against it, on one kept connection each:
  - advisor probe: its ttfb_ms (first event-stream frame) and headers_ms (libcurl's first byte);
  - curl: one invocation fetching the URL N times (connection reused), -w %{time_starttransfer};
  - boto3: one client, converse_stream, time to the first event of the stream (the seed lab's loop).
Prints the median and P99 of each figure minus the fixed delay, in ms. Then, with no server delay,
the client CPU per 1,000 calls of advisor probe and of the boto3 loop (figure 5), and as its floor
curl's own command line making the same request on one connection (nothing signed, parsed or stored).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = "eu.anthropic.claude-sonnet-4-6"
ACCESS, SECRET = "AKIAFAKEBENCH0000001", "fakeBenchSecret/DoNotPrint0123"
# What curl sends: the body boto3's converse_stream sends for the same messages.
BODY = json.dumps({"messages": [{"role": "user", "content": [{"text": "x"}]}], "inferenceConfig": {"maxTokens": 200}})
PATH = "/model/" + MODEL + "/converse-stream"


def quantiles(values):
    ordered = sorted(values)
    def q(p):
        position = (len(ordered) - 1) * p
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return q(0.5), q(0.99)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=30)
    parser.add_argument("--delay-ms", type=int, default=300)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/advisor"))
    parser.add_argument("--cost-calls", type=int, default=500, help="calls for the client-cost figure (0: skip it)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="advisor-probe-bench-")
    scenario = os.path.join(work, "scenario.json")
    with open(scenario, "w") as out:
        json.dump({"access_key": ACCESS, "secret_key": SECRET, "region": "eu-central-1",
                   "profiles": {MODEL: {"ttfb_ms": args.delay_ms, "gap_ms": 1, "deltas": 3}}}, out)
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/Oracles/fake_bedrock.py"), scenario,
                               os.path.join(work, "port"), os.path.join(work, "log")])
    try:
        for _ in range(200):
            if os.path.exists(os.path.join(work, "port")):
                break
            time.sleep(0.05)
        port = int(open(os.path.join(work, "port")).read())
        url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS, AWS_SECRET_ACCESS_KEY=SECRET, AWS_EC2_METADATA_DISABLED="true",
                   ADVISOR_HOME=os.path.join(work, "home"))
        probe = subprocess.run([args.binary, "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                                "--profiles", "eu", "--runs", str(args.calls), "--warmup", "1", "--interval-ms", "0",
                                "--endpoint-url", url, "--format", "json", "--dataset", "bench"],
                               env=env, capture_output=True, text=True, check=True)
        samples = [s for s in json.loads(probe.stdout)["samples"] if not s["warmup"]]
        export = subprocess.run([args.binary, "export", "--dataset", "bench"], env=env, capture_output=True, text=True, check=True)
        rows = [json.loads(line) for line in export.stdout.splitlines()]
        headers = [r["headers_ms"] for r in rows if not r.get("warmup")]
        probe_ttfb = [s["ttfb_ms"] for s in samples]
        fresh = subprocess.run([args.binary, "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                                "--profiles", "eu", "--runs", str(args.calls), "--warmup", "1", "--interval-ms", "0", "--new-connection",
                                "--endpoint-url", url, "--format", "json", "--dataset", "bench-fresh"],
                               env=env, capture_output=True, text=True, check=True)
        fresh_ttfb = [s["ttfb_ms"] for s in json.loads(fresh.stdout)["samples"] if not s["warmup"]]

        # One curl invocation, one transfer per --next: libcurl keeps the connection between them.
        command = ["curl"]
        for index in range(args.calls + 1):
            command += (["--next"] if index else []) + ["-s", "-o", "/dev/null", "-w", "%{time_starttransfer}\\n", "-X", "POST",
                                                         "-H", "Content-Type: application/json", "--data", BODY, url + PATH]
        curl = subprocess.run(command, capture_output=True, text=True, check=True)
        curl_ttfb = [float(line) * 1000 for line in curl.stdout.split()][1:]

        import boto3
        client = boto3.client("bedrock-runtime", region_name="eu-central-1", endpoint_url=url,
                              aws_access_key_id=ACCESS, aws_secret_access_key=SECRET)
        boto_ttfb = []
        for index in range(args.calls + 1):
            start = time.perf_counter()
            response = client.converse_stream(modelId=MODEL, messages=[{"role": "user", "content": [{"text": "x"}]}],
                                              inferenceConfig={"maxTokens": 200})
            first = None
            for _ in response["stream"]:
                if first is None:
                    first = (time.perf_counter() - start) * 1000
            if index:
                boto_ttfb.append(first)
        delay = args.delay_ms
        print(f"{args.calls} calls per client, server delay {delay} ms before the first byte; figures are ms above it (median / P99)")
        for name, values in [("advisor probe ttfb_ms (first event-stream frame)", probe_ttfb),
                             ("advisor probe --new-connection ttfb_ms", fresh_ttfb),
                             ("advisor probe headers_ms (libcurl first byte)", headers),
                             ("curl -w %{time_starttransfer} (reused connection)", curl_ttfb),
                             ("boto3 converse_stream, first event (one client)", boto_ttfb)]:
            median, p99 = quantiles([v - delay for v in values])
            print(f"  {name:52s} {median:7.2f} / {p99:7.2f}")
        if args.cost_calls:
            client_cost(args, work, env)
    finally:
        server.kill()


BOTO_LOOP = """
import sys, time, boto3
url, calls = sys.argv[1], int(sys.argv[2])
client = boto3.client("bedrock-runtime", region_name="eu-central-1", endpoint_url=url,
                      aws_access_key_id="%s", aws_secret_access_key="%s")
start = time.process_time()
for _ in range(calls):
    response = client.converse_stream(modelId="%s", messages=[{"role": "user", "content": [{"text": "x"}]}],
                                      inferenceConfig={"maxTokens": 200})
    for _ in response["stream"]:
        pass
print(time.process_time() - start)
""" % (ACCESS, SECRET, MODEL)


def client_cost(args, work, env):
    """Figure 5: client CPU per 1,000 calls against the fake with no delay. boto3's figure is its loop
    alone (no interpreter start, no client creation), so advisor's is taken the same way: the CPU of a
    run of N calls minus that of a run of N/5 calls, into a store created beforehand, per call. The
    whole process (start-up, opening the store, signing, parsing, storing every call) is shown too."""
    scenario = os.path.join(work, "scenario-fast.json")
    with open(scenario, "w") as out:
        json.dump({"access_key": ACCESS, "secret_key": SECRET, "region": "eu-central-1",
                   "profiles": {MODEL: {"ttfb_ms": 0, "gap_ms": 0, "deltas": 1}}}, out)
    port_file = os.path.join(work, "port-fast")
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "Tests/Oracles/fake_bedrock.py"), scenario, port_file,
                               os.path.join(work, "log-fast")])
    try:
        for _ in range(200):
            if os.path.exists(port_file):
                break
            time.sleep(0.05)
        url = f"http://127.0.0.1:{int(open(port_file).read())}"
        calls = args.cost_calls
        few = max(10, calls // 5)
        subprocess.run([args.binary, "datasets"], env=env, stdout=subprocess.DEVNULL, check=True)

        def probe_cpu(count, dataset):
            process = subprocess.Popen([args.binary, "probe", "--source", "eu-central-1", "--model", "anthropic.claude-sonnet-4-6",
                                        "--profiles", "eu", "--runs", str(count), "--warmup", "0", "--interval-ms", "0",
                                        "--endpoint-url", url, "--format", "json", "--dataset", dataset],
                                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"advisor probe of {count} calls failed")
            return usage.ru_utime + usage.ru_stime

        def curl_cpu(count):
            # The floor: libcurl's own command line making the same request on one kept connection,
            # unsigned, its answer neither parsed nor stored (the fake logs the bad signature and answers).
            command = ["curl"]
            for index in range(count):
                command += (["--next"] if index else []) + ["-s", "-o", "/dev/null", "-X", "POST", "-H", "Content-Type: application/json",
                                                             "--data", BODY, url + PATH]
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"curl of {count} calls failed")
            return usage.ru_utime + usage.ru_stime

        small_cpu = probe_cpu(few, "cost-few")
        advisor_cpu = probe_cpu(calls, "cost")
        per_call = (advisor_cpu - small_cpu) / (calls - few)
        curl_per_call = (curl_cpu(calls) - curl_cpu(few)) / (calls - few)
        boto = subprocess.run([sys.executable, "-c", BOTO_LOOP, url, str(calls)], capture_output=True, text=True, check=True)
        boto_cpu = float(boto.stdout.strip())
        print()
        print(f"client CPU per 1,000 calls, no server delay: advisor probe {per_call * 1000:.2f} s "
              f"(runs of {calls} and {few} calls, subtracted; the whole {calls}-call process {advisor_cpu / calls * 1000:.2f} s); "
              f"boto3 converse_stream loop (one client, loop only) {boto_cpu / calls * 1000:.2f} s; "
              f"ratio {per_call * calls / boto_cpu:.2f}")
        print(f"floor: curl --next, same request on one connection, nothing signed, parsed or stored "
              f"{curl_per_call * 1000:.2f} s per 1,000 calls (runs of {calls} and {few}, subtracted); curl / boto3 "
              f"{curl_per_call * calls / boto_cpu:.2f}")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
