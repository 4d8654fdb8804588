#!/usr/bin/env python3
"""botocore as an oracle for advisor's SigV4: signs randomised ConverseStream requests.

    botocore_sigv4.py COUNT SEED        prints one JSON object per request

Each line holds the request exactly as it will be sent (method, host, wire path, headers, body
in base64), the credentials, the frozen time, and what botocore's SigV4Auth produced
(Authorization, and the signed request's headers). Model ids carry ':' (and ARNs '/'), bodies
carry non-ASCII text, half the requests have a session token.
"""
import base64
import datetime
import json
import random
import sys
import urllib.parse
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

MODELS = ["us.anthropic.claude-sonnet-4-6", "global.amazon.nova-2-lite-v1:0", "eu.amazon.nova-2-lite-v1:0",
          "anthropic.claude-haiku-4-5-20251001-v1:0", "apac.anthropic.claude-sonnet-4-20250514-v1:0",
          "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-sonnet-4-6",
          "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/k3x9q2m7ab1c"]
REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1", "ap-southeast-2", "eu-west-3"]
TEXTS = ["Explain what cloud computing is in exactly 3 sentences.", "Grüße aus Köln — ça va ?", "東京から: こんにちは",
         "emoji 🚀 and tabs\tand quotes \" '", "Ελληνικά και العربية"]


def main():
    count, seed = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for _ in range(count):
        model = rng.choice(MODELS)
        region = rng.choice(REGIONS)
        host = f"bedrock-runtime.{region}.amazonaws.com"
        path = "/model/" + urllib.parse.quote(model, safe="") + "/converse-stream"
        body = json.dumps({"messages": [{"role": "user", "content": [{"text": rng.choice(TEXTS) + " #" + str(rng.randrange(10**6))}]}],
                           "inferenceConfig": {"maxTokens": rng.choice([16, 200, 4096]), "temperature": rng.choice([0.0, 0.1, 0.7])}},
                          ensure_ascii=False).encode("utf-8")
        token = None if rng.random() < 0.5 else "IQoJb3JpZ2luX2VjE" + "".join(rng.choice("ABCDEFabcdef0123456789+/=") for _ in range(rng.randrange(40, 400)))
        secret = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(40))
        access = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=rng.randrange(0, 400 * 86400))
        request = AWSRequest(method="POST", url=f"https://{host}{path}", data=body,
                             headers={"Content-Type": "application/json", "Accept": "application/vnd.amazon.eventstream"})
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when.replace(tzinfo=None)):
            SigV4Auth(Credentials(access, secret, token), "bedrock", region).add_auth(request)
        print(json.dumps({
            "method": "POST", "host": host, "path": path, "region": region, "model": model,
            "headers": [["Host", host], ["Content-Type", "application/json"], ["Accept", "application/vnd.amazon.eventstream"]],
            "body": base64.b64encode(body).decode(), "access_key": access, "secret_key": secret, "session_token": token,
            "epoch": when.timestamp(),
            "authorization": request.headers["Authorization"], "amz_date": request.headers["X-Amz-Date"],
        }))


if __name__ == "__main__":
    main()
