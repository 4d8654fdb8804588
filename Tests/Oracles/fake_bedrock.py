#!/usr/bin/env python3
"""A loopback stand-in for Bedrock Runtime's ConverseStream, for advisor's probe tests.

    fake_bedrock.py SCENARIO_JSON PORT_FILE LOG_FILE [CERT KEY]

Listens on 127.0.0.1 (a free port, written to PORT_FILE) with HTTP/1.1 keep-alive, and stops by
itself after 120 seconds or 2,000 requests. Over TLS with "http2": true in the scenario, it offers
h2 by ALPN (as Bedrock's endpoints do) and answers a client that takes it with HTTP/2 frames
(python's h2 library), one request at a time per connection. Every request's SigV4 signature is recomputed with
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


class Bedrock:
    """ConverseStream's answers, written through five primitives each protocol provides:
    start(status, headers), send(data) (one event-stream frame, flushed), end(), drop() (a reset
    mid-stream), and headers / command / path / pending of the request being answered."""

    http_version = "1.1"

    def plain(self, status, code, message):
        self.record()
        body = json.dumps({"message": message}).encode()
        self.start(status, [("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon.bedrock/"),
                            ("x-amzn-RequestId", "fake-request-%d" % CALLS[0]),
                            ("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        self.send(body)
        self.end()

    def receive(self, body):
        with LOCK:
            CALLS[0] += 1
            call = CALLS[0]
        script = SCENARIO.get("script", [])
        action = script[call - 1] if call <= len(script) else "ok"
        parts = self.path.split("/")
        model = urllib.parse.unquote(parts[2]) if len(parts) > 3 else ""
        self.pending = {"call": call, "path": self.path, "model": model, "action": action, "body": body,
                        "http_version": self.http_version}
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
        if action == "echo":
            # A misbehaving gateway: the request's headers come back in the error and the request id.
            self.record()
            echoed = "; ".join("%s: %s" % (k, v) for k, v in self.headers.items())
            body = json.dumps({"message": "bad request, you sent " + echoed}).encode()
            token = self.headers.get("X-Amz-Security-Token") or self.headers.get("Authorization", "")
            self.start(400, [("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
                             ("x-amzn-RequestId", "echo-" + token),
                             ("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            self.send(body)
            return self.end()
        if action == "throttle":
            return self.plain(429, "ThrottlingException", "Too many requests, please wait before trying again.")
        if action == "unavailable":
            return self.plain(503, "ServiceUnavailableException", "Service temporarily unavailable, please try again.")
        profile = SCENARIO.get("profiles", {}).get(model, {})
        time.sleep(profile.get("ttfb_ms", 50) / 1000)
        self.start(200, [("Content-Type", "application/vnd.amazon.eventstream"),
                         ("x-amzn-RequestId", "fake-request-%d" % call)])
        self.send(event("messageStart", {"role": "assistant"}))
        if action == "stream-throttle":
            self.send(exception("throttlingException", "Too many tokens, please wait before trying again."))
            self.record()
            return self.end()
        if action == "reset":
            self.record()
            return self.drop()
        if action == "corrupt":
            bad = bytearray(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "x"}}))
            bad[-1] ^= 0xFF
            self.send(bytes(bad))
            self.record()
            return self.end()
        gap = profile.get("gap_ms", 5) / 1000
        for index in range(profile.get("deltas", 3)):
            time.sleep(gap)
            self.send(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "word%d " % index}}))
        self.send(event("contentBlockStop", {"contentBlockIndex": 0}))
        self.send(event("messageStop", {"stopReason": "end_turn"}))
        self.send(event("metadata", {"usage": {"inputTokens": 21, "outputTokens": profile.get("deltas", 3) * 2, "totalTokens": 21 + profile.get("deltas", 3) * 2},
                                     "metrics": {"latencyMs": int(profile.get("ttfb_ms", 50) + gap * 1000 * profile.get("deltas", 3))}}))
        self.record()
        self.end()


class Handler(Bedrock, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Without it the first frame, a small write after the headers, waits for the client's
        # delayed ACK (Nagle), and 40 ms of that would count as the endpoint's latency.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self):
        selected = getattr(self.connection, "selected_alpn_protocol", lambda: None)()
        if selected == "h2":
            return H2Connection(self.connection).serve()
        super().handle()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.receive(self.rfile.read(length))

    def start(self, status, headers):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if not any(name == "Content-Length" for name, _ in headers):
            self.send_header("Transfer-Encoding", "chunked")
            self.chunked = True
        else:
            self.chunked = False
        self.end_headers()

    def send(self, data):
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n" if self.chunked else data)
        self.wfile.flush()

    def end(self):
        if self.chunked:
            self.wfile.write(b"0\r\n\r\n")

    def drop(self):
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


class H2Headers:
    """A request's HTTP/2 headers read like http.server's: case-insensitive, with Host from :authority."""

    def __init__(self, pairs):
        self.pairs = [(k, v) for k, v in pairs if not k.startswith(":")]
        self.pseudo = {k: v for k, v in pairs if k.startswith(":")}
        if not any(k == "host" for k, _ in self.pairs):
            self.pairs.append(("host", self.pseudo.get(":authority", "")))

    def get(self, name, default=None):
        return next((v for k, v in self.pairs if k.lower() == name.lower()), default)

    def items(self):
        return list(self.pairs)


class H2Exchange(Bedrock):
    http_version = "2"

    def __init__(self, connection, stream_id, pairs):
        self.connection, self.stream_id = connection, stream_id
        self.headers = H2Headers(pairs)
        self.command, self.path = self.headers.pseudo.get(":method"), self.headers.pseudo.get(":path")
        self.pending = None

    def start(self, status, headers):
        self.connection.h2.send_headers(self.stream_id, [(":status", str(status))] + [(k.lower(), v) for k, v in headers])
        self.connection.flush()

    def send(self, data):
        self.connection.h2.send_data(self.stream_id, data)
        self.connection.flush()

    def end(self):
        self.connection.h2.end_stream(self.stream_id)
        self.connection.flush()

    def drop(self):
        self.connection.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.socket.close()
        raise ConnectionResetError


class H2Connection:
    def __init__(self, sock):
        import h2.config
        import h2.connection
        self.socket = sock
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))

    def flush(self):
        self.socket.sendall(self.h2.data_to_send())

    def serve(self):
        import h2.events
        self.h2.initiate_connection()
        self.flush()
        requests = {}
        try:
            while True:
                data = self.socket.recv(65536)
                if not data:
                    return
                for received in self.h2.receive_data(data):
                    if isinstance(received, h2.events.RequestReceived):
                        requests[received.stream_id] = (received.headers, bytearray())
                    elif isinstance(received, h2.events.DataReceived):
                        requests[received.stream_id][1].extend(received.data)
                        self.h2.acknowledge_received_data(received.flow_controlled_length, received.stream_id)
                    elif isinstance(received, h2.events.StreamEnded):
                        pairs, body = requests.pop(received.stream_id)
                        H2Exchange(self, received.stream_id, pairs).receive(bytes(body))
                    elif isinstance(received, h2.events.ConnectionTerminated):
                        return
                self.flush()
        except (ConnectionResetError, BrokenPipeError, OSError):
            return


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if TLS:
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(TLS[0], TLS[1])
        if SCENARIO.get("http2"):
            context.set_alpn_protocols(["h2", "http/1.1"])
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
