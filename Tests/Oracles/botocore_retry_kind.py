#!/usr/bin/env python3
"""botocore's standard retry mode as an oracle: for each `STATUS CODE` line on stdin, prints
`throttling`, `transient` or `final` as its checkers classify the error for bedrock-runtime.

A 429 counts as throttling here as in botocore's legacy mode (any 429) and in the adaptive
limiter; the standard checker itself only looks at the code.
"""
import sys

from botocore.awsrequest import AWSResponse
from botocore.retries import standard

throttled = standard.ThrottledRetryableChecker()
transient = standard.TransientRetryableChecker()
modeled = standard.ModeledRetryableChecker()

for line in sys.stdin:
    status, code = line.split()
    context = standard.RetryContext(
        attempt_number=1,
        parsed_response={"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": int(status)}},
        http_response=AWSResponse("https://bedrock-runtime.us-east-1.amazonaws.com", int(status), {}, None))
    if throttled.is_retryable(context) or status == "429" and code != "ModelNotReadyException":
        print("throttling")
    elif transient.is_retryable(context) or code == "ModelNotReadyException":
        # ModelNotReadyException is `retryable` in the bedrock-runtime service model, which
        # ModeledRetryableChecker reads; this script has no operation model to hand it.
        print("transient")
    else:
        print("final")
