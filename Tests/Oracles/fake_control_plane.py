#!/usr/bin/env python3
"""A loopback stand-in for Bedrock's control plane and Service Quotas, for `catalogue refresh` tests.

    fake_control_plane.py SCENARIO_JSON PORT_FILE LOG_FILE

Listens on 127.0.0.1 (a free port, written to PORT_FILE) and stops by itself after 120 seconds or
1,000 requests. Every Region is served at the one address: the Region and service are read from
the request's SigV4 credential scope, and the signature is recomputed with botocore's SigV4Auth for
that service and Region from the request's own X-Amz-Date; a request whose signature does not match
is refused (403 InvalidSignatureException) and logged, so a signing bug fails the test.

Operations, as the service models define them:
  GET  /inference-profiles?maxResults&nextToken&type    (bedrock, rest-json) ListInferenceProfiles
  GET  /foundation-models                               (bedrock, rest-json) ListFoundationModels
  POST / X-Amz-Target: ServiceQuotasV20190624.ListServiceQuotas  (servicequotas, JSON 1.1)

The scenario (JSON):
  {"access_key": "...", "secret_key": "...",
   "regions": {"eu-west-1": {"system": [summary, ...], "application": [summary, ...],
                             "page_size": 1,          # profiles per page (else maxResults)
                             "models": [modelSummary, ...], "quotas": [quota, ...], "quota_page_size": 2,
                             "deny": true,            # every call: AccessDeniedException
                             "throttle": 2}}}         # the Region's first N calls: ThrottlingException

The log has one JSON line a request: region, service, operation, signature_ok, status.
"""
import datetime
import json
import re
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SCENARIO_FILE, PORT_FILE, LOG_FILE = sys.argv[1], sys.argv[2], sys.argv[3]
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
SCENARIO = json.load(open(SCENARIO_FILE))
LOCK = threading.Lock()
CALLS = {"total": 0}
STARTED = time.monotonic()
SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")


def signature_ok(handler, body, service, region):
    try:
        when = datetime.datetime.strptime(handler.headers.get("X-Amz-Date", ""), "%Y%m%dT%H%M%SZ")
        host = handler.headers.get("Host", "")
        request = AWSRequest(method=handler.command, url=f"http://{host}{handler.path}", data=body,
                             headers={k: v for k, v in handler.headers.items()
                                      if k.lower() not in ("authorization", "x-amz-date", "x-amz-security-token",
                                                           "content-length", "user-agent", "accept-encoding", "accept")})
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
            SigV4Auth(Credentials(SCENARIO["access_key"], SCENARIO["secret_key"], handler.headers.get("X-Amz-Security-Token")),
                      service, region).add_auth(request)
        return request.headers["Authorization"] == handler.headers.get("Authorization")
    except Exception:  # noqa: BLE001 - any failure is a failed check, logged
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, payload, error=None, json11=False):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1" if json11 else "application/json")
        self.send_header("x-amzn-RequestId", "fake-%d" % CALLS["total"])
        if error and not json11:
            self.send_header("x-amzn-ErrorType", error + ":http://internal.amazon.com/coral/com.amazon.bedrock/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message, json11):
        payload = {"__type": code, "message": message} if json11 else {"message": message}
        self.answer(status, payload, error=code, json11=json11)

    def handle_any(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0") or "0"))
        with LOCK:
            CALLS["total"] += 1
            if CALLS["total"] > 1000 or time.monotonic() - STARTED > 120:
                self.close_connection = True
                return
        match = SCOPE.search(self.headers.get("Authorization", ""))
        region, service = (match.group(1), match.group(2)) if match else ("", "")
        target = self.headers.get("X-Amz-Target", "")
        url = urlsplit(self.path)
        operation = target.split(".")[-1] if target else url.path
        ok = signature_ok(self, body, service, region) if match else False
        config = SCENARIO["regions"].get(region, {})
        json11 = service == "servicequotas"
        status = 200
        with LOCK:
            config.setdefault("_calls", 0)
            config["_calls"] += 1
            call_number = config["_calls"]
        if not ok:
            status = 403
            self.error(403, "InvalidSignatureException", "The request signature we calculated does not match", json11)
        elif config.get("deny"):
            status = 400 if json11 else 403
            # A server that echoes the caller's secret: advisor must never print it.
            self.error(status, "AccessDeniedException",
                       f"User is not authorized to perform {operation} (key {SCENARIO['secret_key']})", json11)
        elif call_number <= config.get("throttle", 0):
            status = 400 if json11 else 429
            self.error(status, "TooManyRequestsException" if json11 else "ThrottlingException", "Rate exceeded", json11)
        elif service == "bedrock" and self.command == "GET" and url.path == "/inference-profiles":
            query = parse_qs(url.query)
            kind = query.get("type", ["SYSTEM_DEFINED"])[0]
            entries = config.get("system" if kind == "SYSTEM_DEFINED" else "application", [])
            size = config.get("page_size") or int(query.get("maxResults", ["1000"])[0])
            start = int(query.get("nextToken", ["0"])[0])
            page = {"inferenceProfileSummaries": entries[start:start + size]}
            if start + size < len(entries):
                page["nextToken"] = str(start + size)
            self.answer(200, page)
        elif service == "bedrock" and self.command == "GET" and url.path == "/foundation-models":
            self.answer(200, {"modelSummaries": config.get("models", [])})
        elif json11 and self.command == "POST" and target == "ServiceQuotasV20190624.ListServiceQuotas":
            request = json.loads(body or b"{}")
            if request.get("ServiceCode") != "bedrock":
                status = 400
                self.error(400, "ValidationException", "ServiceCode must be bedrock", True)
            else:
                quotas = config.get("quotas", [])
                size = config.get("quota_page_size", 100)
                start = int(request.get("NextToken", "0"))
                page = {"Quotas": quotas[start:start + size]}
                if start + size < len(quotas):
                    page["NextToken"] = str(start + size)
                self.answer(200, page, json11=True)
        else:
            status = 404
            self.error(404, "UnknownOperationException", f"{self.command} {url.path} {target}", json11)
        with LOCK, open(LOG_FILE, "a") as log:
            log.write(json.dumps({"region": region, "service": service, "operation": operation,
                                  "query": url.query, "signature_ok": ok, "status": status}) + "\n")

    do_GET = handle_any
    do_POST = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(PORT_FILE + ".tmp", "w") as handle:
    handle.write(str(server.server_address[1]))
import os  # noqa: E402
os.replace(PORT_FILE + ".tmp", PORT_FILE)
threading.Timer(120, server.shutdown).start()
server.serve_forever()
