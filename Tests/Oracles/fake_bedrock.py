#!/usr/bin/env python3
"""A loopback stand-in for Bedrock Runtime's ConverseStream, for advisor's probe tests.

    fake_bedrock.py SCENARIO_JSON PORT_FILE LOG_FILE [CERT KEY]

Listens on 127.0.0.1 (a free port, written to PORT_FILE) with HTTP/1.1 keep-alive, and stops by
itself after 120 seconds or 2,000 requests. Every request's SigV4 signature is recomputed with
botocore's SigV4Auth from the scenario's credentials and the request's own X-Amz-Date; the log
(one JSON line a request) says whether it matched, so a signing bug fails a test.

The scenario (JSON):
  {"access_key": "...", "secret_key": "...", "region": "eu-central-1",
   "profiles": {"eu.m": {"ttfb_ms": 300, "gap_ms": 5, "deltas": 3}, ...},   # per model id
   "refuse": ["jp.m"],                     # ValidationException, as Bedrock does
   "script": ["throttle", "ok", ...]}      # per call in order, then "ok": throttle (HTTP 429),
                                           # unavailable (503), stream-throttle (exception frame),
                                           # reset (connection dropped mid-stream), corrupt (bad CRC)
"""
import binascii
import datetime
import json
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SCENARIO_FILE, PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
# Optional: CERT KEY, to answer over TLS with that certificate (tests of verification and CA bundles).
TLS = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else None
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
SCENARIO = json.load(open(SCENARIO_FILE))
LOCK = threading.Lock()
CALLS = [0]
STARTED = time.monotonic()


def header(name, value):
    encoded = value.encode()
    return bytes([len(name)]) + name.encode() + b"\x07" + struct.pack(">H", len(encoded)) + encoded


def frame(headers, payload):
    """An AWS event-stream message: prelude, prelude CRC, headers, payload, message CRC."""
    head = b"".join(header(k, v) for k, v in headers)
    total = 12 + len(head) + len(payload) + 4
    prelude = struct.pack(">II", total, len(head))
    prelude += struct.pack(">I", binascii.crc32(prelude))
    body = prelude + head + payload
    return body + struct.pack(">I", binascii.crc32(body))


def event(kind, payload):
    return frame([(":message-type", "event"), (":event-type", kind), (":content-type", "application/json")],
                 json.dumps(payload).encode())


def exception(kind, message):
    return frame([(":message-type", "exception"), (":exception-type", kind), (":content-type", "application/json")],
                 json.dumps({"message": message}).encode())


def signature_ok(handler, body):
    """Recompute the Authorization header the way botocore signs, from the request as received."""
    try:
        amz_date = handler.headers.get("X-Amz-Date", "")
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
        host = handler.headers.get("Host", "")
        request = AWSRequest(method=handler.command, url=f"http://{host}{handler.path}", data=body,
                             headers={k: v for k, v in handler.headers.items()
                                      if k.lower() not in ("authorization", "x-amz-date", "x-amz-security-token",
                                                           "content-length", "user-agent", "accept-encoding")})
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            SigV4Auth(Credentials(SCENARIO["access_key"], SCENARIO["secret_key"], handler.headers.get("X-Amz-Security-Token")),
                      "bedrock", SCENARIO.get("region", "us-east-1")).add_auth(request)
        return request.headers["Authorization"] == handler.headers.get("Authorization")
    except Exception as error:  # noqa: BLE001 - any failure is a failed check, logged
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Without it the first frame, a small write after the headers, waits for the client's
        # delayed ACK (Nagle), and 40 ms of that would count as the endpoint's latency.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def plain(self, status, code, message):
        self.record()
        body = json.dumps({"message": message}).encode()
        self.send_response(status)
        self.send_header("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        self.send_header("x-amzn-RequestId", "fake-request-%d" % CALLS[0])
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        with LOCK:
            CALLS[0] += 1
            call = CALLS[0]
        script = SCENARIO.get("script", [])
        action = script[call - 1] if call <= len(script) else "ok"
        parts = self.path.split("/")
        model = urllib.parse.unquote(parts[2]) if len(parts) > 3 else ""
        self.pending = {"call": call, "path": self.path, "model": model, "action": action, "body": body}
        self.answer(model, action, call)

    def record(self):
        """Logs the request with its signature check: after the first frame (so the check's time is no
        part of a TTFB) and before the answer ends (so a client that has its whole answer finds it logged)."""
        entry = self.pending
        if entry is None:
            return
        self.pending = None
        body = entry.pop("body")
        entry["signature_ok"] = signature_ok(self, body)
        entry["bearer"] = self.headers.get("Authorization", "").startswith("Bearer ")
        with open(LOG_FILE, "a") as log:
            log.write(json.dumps(entry) + "\n")

    def answer(self, model, action, call):
        if not self.path.endswith("/converse-stream"):
            return self.plain(404, "UnknownOperationException", "not found")
        if model in SCENARIO.get("refuse", []):
            return self.plain(400, "ValidationException", "The provided model identifier is invalid.")
        if action == "throttle":
            return self.plain(429, "ThrottlingException", "Too many requests, please wait before trying again.")
        if action == "unavailable":
            return self.plain(503, "ServiceUnavailableException", "Service temporarily unavailable, please try again.")
        profile = SCENARIO.get("profiles", {}).get(model, {})
        time.sleep(profile.get("ttfb_ms", 50) / 1000)
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        self.send_header("x-amzn-RequestId", "fake-request-%d" % call)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def chunk(data):
            self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")
            self.wfile.flush()

        chunk(event("messageStart", {"role": "assistant"}))
        if action == "stream-throttle":
            chunk(exception("throttlingException", "Too many tokens, please wait before trying again."))
            self.record()
            self.wfile.write(b"0\r\n\r\n")
            return
        if action == "reset":
            self.record()
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if action == "corrupt":
            bad = bytearray(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "x"}}))
            bad[-1] ^= 0xFF
            chunk(bytes(bad))
            self.record()
            self.wfile.write(b"0\r\n\r\n")
            return
        gap = profile.get("gap_ms", 5) / 1000
        for index in range(profile.get("deltas", 3)):
            time.sleep(gap)
            chunk(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "word%d " % index}}))
        chunk(event("contentBlockStop", {"contentBlockIndex": 0}))
        chunk(event("messageStop", {"stopReason": "end_turn"}))
        chunk(event("metadata", {"usage": {"inputTokens": 21, "outputTokens": profile.get("deltas", 3) * 2, "totalTokens": 21 + profile.get("deltas", 3) * 2},
                                 "metrics": {"latencyMs": int(profile.get("ttfb_ms", 50) + gap * 1000 * profile.get("deltas", 3))}}))
        self.record()
        self.wfile.write(b"0\r\n\r\n")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if TLS:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(TLS[0], TLS[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)

    def stop_later():
        while time.monotonic() - STARTED < 120 and CALLS[0] < 2000:
            time.sleep(0.2)
        server.shutdown()

    threading.Thread(target=stop_later, daemon=True).start()
    with open(PORT_FILE + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    import os
    os.rename(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
