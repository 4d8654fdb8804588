#!/usr/bin/env python3
"""botocore's own retries against a fake Bedrock endpoint that enforces a quota: the run the
simulator (`QuotaSimulation`) must agree with.

    botocore_quota_run.py MODE SEED RATE QUOTA WINDOW LATENCY WINDOWS

MODE     botocore retry mode: standard or adaptive (botocore's own handlers, registered by botocore
         from Config(retries={"mode": MODE}); nothing of botocore is replaced)
SEED     seeds the arrival times (botocore's jitter uses its own random, unseeded)
RATE     requests arriving per window (Poisson), QUOTA requests admitted per window
WINDOW   the quota's window in seconds: Bedrock's is 60; the test scales it to about a second so a
         run takes seconds. Quota and arrivals are per window; botocore's backoff (rand x
         min(2^(n-1), 20) s) and its adaptive limiter run in real seconds, unchanged, and the
         simulator is run with the same window, so both see the same scaled world.
LATENCY  seconds the fake takes to answer an admitted call
WINDOWS  how many windows requests arrive for (then retries drain)

The fake is a fixed-window quota on 127.0.0.1 (windows counted from its start): an attempt over
the window's quota gets 429 ThrottlingException at once; one under it is answered after LATENCY
with a Converse response. Each attempt is recorded by botocore's own amz-sdk-invocation-id and
amz-sdk-request headers. Prints one JSON object: requests, attempts, throttled attempts, gave up.
"""
import json
import os
import random
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

MODE, SEED = sys.argv[1], int(sys.argv[2])
RATE, QUOTA, WINDOW, LATENCY, WINDOWS = (float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]),
                                         float(sys.argv[6]), int(sys.argv[7]))
LOCK = threading.Lock()
STATE = {"start": None, "window": -1, "used": 0, "attempts": 0, "throttled": 0, "invocations": set()}
ANSWER = json.dumps({"output": {"message": {"role": "assistant", "content": [{"text": "ok"}]}},
                     "stopReason": "end_turn", "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
                     "metrics": {"latencyMs": 1}}).encode()
THROTTLE = json.dumps({"message": "Too many requests, please wait before trying again."}).encode()


class Quota(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.monotonic()
        with LOCK:
            window = int((now - STATE["start"]) / WINDOW)
            if window != STATE["window"]:
                STATE["window"], STATE["used"] = window, 0
            admitted = STATE["used"] < QUOTA
            STATE["used"] += admitted
            STATE["attempts"] += 1
            STATE["throttled"] += not admitted
            STATE["invocations"].add(self.headers.get("amz-sdk-invocation-id"))
        if admitted:
            time.sleep(LATENCY)
            status, body, kind = 200, ANSWER, None
        else:
            status, body, kind = 429, THROTTLE, "ThrottlingException"
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if kind:
            self.send_header("x-amzn-ErrorType", kind)
        self.end_headers()
        self.wfile.write(body)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Quota)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    session = botocore.session.get_session()
    client = session.create_client(
        "bedrock-runtime", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{server.server_address[1]}",
        aws_access_key_id="AKIAFAKEQUOTA0000001", aws_secret_access_key="fakeSecretForTheQuotaRun/000000000000",
        config=Config(retries={"mode": MODE}, max_pool_connections=400, connect_timeout=5, read_timeout=30))
    rng = random.Random(SEED)
    arrivals, t = [], rng.expovariate(RATE / WINDOW)
    while t < WINDOW * WINDOWS:
        arrivals.append(t)
        t += rng.expovariate(RATE / WINDOW)
    outcomes = {"succeeded": 0, "gave_up": 0, "other": 0}

    def call():
        try:
            client.converse(modelId="us.anthropic.claude-sonnet-4-6", messages=[{"role": "user", "content": [{"text": "hi"}]}])
            key = "succeeded"
        except ClientError as error:
            key = "gave_up" if error.response["Error"]["Code"] == "ThrottlingException" else "other"
        with LOCK:
            outcomes[key] += 1

    with ThreadPoolExecutor(max_workers=400) as pool:
        with LOCK:
            STATE["start"] = time.monotonic()
        start = STATE["start"]
        for arrival in arrivals:
            delay = start + arrival - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(call)
    server.shutdown()
    print(json.dumps({"mode": MODE, "seed": SEED, "requests": len(arrivals), "invocations": len(STATE["invocations"]),
                      "attempts": STATE["attempts"], "throttled": STATE["throttled"], **outcomes}))


if __name__ == "__main__":
    main()
