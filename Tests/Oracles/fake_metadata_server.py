#!/usr/bin/env python3
"""A loopback stand-in for the EC2 instance metadata service (IMDSv2) and the ECS/EKS container
credentials endpoint, for advisor's credentials tests.

    fake_metadata_server.py PORT_FILE LOG_FILE EXPIRES_IN_SECONDS

Listens on 127.0.0.1 (a free port, written to PORT_FILE), logs each request to LOG_FILE, and stops
by itself after 60 seconds or 100 requests. Each credentials answer carries a new AccessKeyId
(…0001, …0002) so tests can see a refresh.
"""
import datetime
import json
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT_FILE, LOG_FILE, EXPIRES_IN = sys.argv[1], sys.argv[2], int(sys.argv[3])
# The test runner's threads may block SIGTERM, and a child inherits the mask: unblock it so the
# test can stop this server.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
TOKEN = "imds-session-token-0123456789"
CONTAINER_AUTH = "container-authorization-token-abc"
SECRET = "fakeSecretKeyDoNotPrintMe/0123456789abcdefXYZ"
SESSION = "fakeSessionTokenDoNotPrintMe+abcdefghijklmnopqrstuvwxyz=="
issued = 0


def credentials():
    global issued
    issued += 1
    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=EXPIRES_IN)
    return json.dumps({"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": f"ASIAFAKE{issued:012d}",
                       "SecretAccessKey": SECRET, "Token": SESSION,
                       "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ"),
                       "LastUpdated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}).encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b""):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self):
        with open(LOG_FILE, "a") as log:
            log.write(f"{self.command} {self.path}\n")

    def do_PUT(self):
        self.record()
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            self.answer(200, TOKEN.encode())
        else:
            self.answer(400)

    def do_GET(self):
        self.record()
        if self.path.startswith("/latest/"):
            if self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
                self.answer(401)
            elif self.path == "/latest/meta-data/iam/security-credentials/":
                self.answer(200, b"advisor-probe-role")
            elif self.path == "/latest/meta-data/iam/security-credentials/advisor-probe-role":
                self.answer(200, credentials())
            else:
                self.answer(404)
        elif self.path == "/ecs/credentials":
            self.answer(200, credentials()) if self.headers.get("Authorization") == CONTAINER_AUTH else self.answer(403)
        else:
            self.answer(404)


server = HTTPServer(("127.0.0.1", 0), Handler)
server.timeout = 0.5  # handle_request returns after this when no request comes
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_address[1]))
deadline = time.monotonic() + 60
handled = 0
while time.monotonic() < deadline and handled < 100:
    server.handle_request()
    handled += 1
server.server_close()
