#!/usr/bin/env python3
"""An engine that is not advisor, running advisor's Athena query over CloudTrail records.

Usage: athena_oracle.py OUT_DIR QUERY_FILE [SEED]

Generates a seeded set of CloudTrail records (several accounts, Regions and days, both Bedrock
endpoints, errors, records without additionalEventData, Local Zones, application and
inference-profile ARNs, the user agents of boto3, the JavaScript v3 and Java v2 SDKs and others,
records outside the window and of other event sources) and writes:

  OUT_DIR/trail/*.json[.gz]   the window's records as CloudTrail delivers them to S3, for
                              `advisor ingest --format cloudtrail`
  OUT_DIR/result-quoted.csv   the query's result, every field quoted (as Athena writes it)
  OUT_DIR/result-plain.csv    the same, quoted only where needed
  OUT_DIR/result-quoted.csv.gz
  OUT_DIR/census.json         the retry-mode census as the generator labelled it, per
                              (source, profile, caller, sdk, mode): calls and throttled calls

The query is parsed as Trino SQL by sqlglot (a parse error fails the script), transpiled to DuckDB's
dialect, and run by DuckDB over a table with the columns and partitions of the table advisor prints.
The one translation DuckDB needs beyond sqlglot's is here, not in the shipped SQL: Trino's
regexp_extract returns NULL when nothing matches, DuckDB's returns ''.
"""
import gzip
import json
import os
import random
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import duckdb
import sqlglot
from sqlglot import exp

ACCOUNTS = ["111122223333", "444455556666"]
# source Region -> [(model id as the caller names it, profile id, Regions that may serve it)]
ROUTES = {
    "eu-central-1": [
        ("eu.anthropic.claude-sonnet-4-6", "eu.anthropic.claude-sonnet-4-6", ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1"]),
        ("arn:aws:bedrock:eu-central-1:{account}:inference-profile/global.anthropic.claude-sonnet-4-6",
         "global.anthropic.claude-sonnet-4-6", ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]),
        ("global.anthropic.claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6", ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]),
    ],
    "us-east-1": [
        ("us.anthropic.claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6", ["us-east-1", "us-east-2", "us-west-2", "us-east-1-bos-1"]),
        ("us.amazon.nova-2-lite-v1:0", "us.amazon.nova-2-lite-v1:0", ["us-east-1", "us-east-2", "us-west-2"]),
    ],
    "ap-northeast-1": [
        ("jp.anthropic.claude-sonnet-4-6", "jp.anthropic.claude-sonnet-4-6", ["ap-northeast-1", "ap-northeast-3"]),
    ],
}
# A Local Zone in awsRegion folds into its parent, as a served Region does.
SOURCE_SPELLING = {"us-east-1": ["us-east-1", "us-east-1", "us-east-1", "us-east-1-bos-1"]}
MANTLE_MODEL = "anthropic.claude-opus-4-7"

# (user agent, SDK token, retry mode) as the SDKs write them; the mode is the generator's label.
AGENTS = [
    ("Boto3/1.28.62 md/Botocore#1.31.62 ua/2.0 os/linux#5.10.0 md/arch#x86_64 lang/python#3.11.6 md/pyimpl#CPython "
     "cfg/retry-mode#legacy Botocore/1.31.62", "Boto3/1", "legacy"),
    ("Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.1 md/pyimpl#CPython "
     "cfg/retry-mode#standard Botocore/1.35.0", "Boto3/1", "standard"),
    ("Boto3/1.40.1 md/Botocore#1.40.1 ua/2.1 os/linux#6.1.0 md/arch#arm64 lang/python#3.12.1 md/pyimpl#CPython "
     "m/F,b,Z cfg/retry-mode#adaptive Botocore/1.40.1", "Boto3/1", "adaptive"),
    ("aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.18.0 api/bedrock-runtime#3.700.0 m/E,N",
     "aws-sdk-js/3", "standard"),
    ("aws-sdk-js/3.700.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#20.18.0 api/bedrock-runtime#3.700.0 m/N,F",
     "aws-sdk-js/3", "adaptive"),
    ("aws-sdk-java/2.29.0 ua/2.1 os/Linux#6.1 lang/java#21.0.4 md/OpenJDK_64-Bit_Server_VM#21.0.4 md/vendor#Amazon.com_Inc. "
     "md/en_US m/D,N", "aws-sdk-java/2", "legacy"),
    ("aws-sdk-java/2.29.0 ua/2.1 os/Linux#6.1 lang/java#21.0.4 md/OpenJDK_64-Bit_Server_VM#21.0.4 m/AD,E",
     "aws-sdk-java/2", "standard"),
    ("aws-cli/2.17.0 md/awscrt#0.20.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython "
     "exec-env/CloudShell cfg/retry-mode#standard md/command#bedrock-runtime.converse", "aws-cli/2", "standard"),
    ("python-requests/2.31.0", "python-requests/2", ""),
    ("[my-gateway] custom client", "", ""),
]
CALLERS = [
    ({"type": "AssumedRole", "arn": "arn:aws:sts::{account}:assumed-role/checkout-service/i-0abc123", "accountId": "{account}"},
     "arn:aws:sts::{account}:assumed-role/checkout-service"),
    ({"type": "AssumedRole", "arn": "arn:aws:sts::{account}:assumed-role/checkout-service/alice@example.com", "accountId": "{account}"},
     "arn:aws:sts::{account}:assumed-role/checkout-service"),
    ({"type": "IAMUser", "arn": "arn:aws:iam::{account}:user/batch-job", "accountId": "{account}"}, "arn:aws:iam::{account}:user/batch-job"),
    ({"type": "AWSService", "invokedBy": "bedrock.amazonaws.com"}, "bedrock.amazonaws.com"),
    (None, ""),
]
OPERATIONS = ["InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream"]
WINDOW = (datetime(2026, 11, 1, tzinfo=timezone.utc), datetime(2026, 11, 4, tzinfo=timezone.utc))


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def fill(value, account):
    if isinstance(value, dict):
        return {k: fill(v, account) for k, v in value.items()}
    return value.replace("{account}", account) if isinstance(value, str) else value


def generate(seed):
    """Records, each with its partition (account, region, delivery day) and, for the window's
    Bedrock inference calls, the census label."""
    rng = random.Random(seed)
    records = []
    for index in range(900):
        account = rng.choice(ACCOUNTS)
        source = rng.choice(sorted(ROUTES))
        spelled = rng.choice(SOURCE_SPELLING.get(source, [source]))
        moment = WINDOW[0] + timedelta(seconds=rng.randrange(0, 3 * 86_400))
        if index < 6:  # at the edges: just outside the window, and just inside it
            moment = [WINDOW[0] - timedelta(seconds=1), WINDOW[1], WINDOW[1] - timedelta(seconds=1),
                      WINDOW[0], WINDOW[1] + timedelta(hours=3), WINDOW[0] - timedelta(hours=2)][index]
        agent, sdk, mode = rng.choice(AGENTS)
        identity, caller = rng.choice(CALLERS)
        record = {
            "eventVersion": "1.09",
            "eventTime": stamp(moment),
            "awsRegion": spelled,
            "recipientAccountId": account,
            "eventID": f"{seed:04d}-{index:06d}-0000-0000-000000000000",
            "requestID": f"req-{index}",
            "userAgent": agent,
            "sourceIPAddress": "198.51.100.7",
            "eventType": "AwsApiCall",
        }
        if identity is not None:
            record["userIdentity"] = fill(identity, account)
        kind = rng.random()
        label = None
        if kind < 0.04:
            record.update(eventSource="bedrock.amazonaws.com", eventName="ListFoundationModels", requestParameters=None)
        elif kind < 0.07:
            record.update(eventSource="s3.amazonaws.com", eventName="GetObject", requestParameters={"bucketName": "b"})
        elif kind < 0.17:
            served = rng.choice(["us-east-1", "us-west-2", "us-east-2"]) if source == "us-east-1" else source
            record.update(eventSource="bedrock-mantle.amazonaws.com", eventName="CreateInference",
                          requestParameters={"model": MANTLE_MODEL, "service_tier": "default"},
                          additionalEventData={"inferenceRegion": served})
            label = (source, MANTLE_MODEL)
        else:
            model, profile, served_in = rng.choice(ROUTES[source])
            record.update(eventSource="bedrock.amazonaws.com", eventName=rng.choice(OPERATIONS),
                          requestParameters={"modelId": model.replace("{account}", account)})
            if rng.random() < 0.7:
                record["additionalEventData"] = {"inferenceRegion": rng.choice(served_in)}
            label = (source, profile)
        roll = rng.random()
        if label and roll < 0.12:
            record["errorCode"] = "ThrottlingException"
        elif label and roll < 0.15:
            record["errorCode"] = "ValidationException"
        delivered = moment + timedelta(minutes=rng.randrange(1, 15))
        in_window = WINDOW[0] <= moment < WINDOW[1]
        records.append({
            "record": record, "account": account, "region": spelled, "day": delivered.strftime("%Y/%m/%d"),
            "in_window": in_window,
            "label": (label + (caller.replace("{account}", account), sdk, mode)) if label and in_window else None,
            "throttled": record.get("errorCode") == "ThrottlingException",
        })
    return records


def trino_to_duckdb(query):
    tree = sqlglot.parse_one(query, read="trino")  # raises on anything Trino would not parse
    def emulate(node):
        if isinstance(node, exp.RegexpExtract) and not getattr(node, "_wrapped", False):
            node._wrapped = True
            return exp.Nullif(this=node, expression=exp.Literal.string(""))
        return node
    return tree.transform(emulate).sql(dialect="duckdb")


def main():
    out, query_file = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 27
    records = generate(seed)
    os.makedirs(os.path.join(out, "trail"), exist_ok=True)
    by_file = defaultdict(list)
    for entry in records:
        if entry["in_window"]:
            by_file[(entry["account"], entry["region"], entry["day"])].append(entry["record"])
    for number, ((account, region, day), items) in enumerate(sorted(by_file.items())):
        name = f"{account}_CloudTrail_{region}_{day.replace('/', '')}T0000Z_{number:03d}.json"
        body = json.dumps({"Records": items}).encode()
        if number % 2:
            with gzip.open(os.path.join(out, "trail", name + ".gz"), "wb") as handle:
                handle.write(body)
        else:
            with open(os.path.join(out, "trail", name), "wb") as handle:
                handle.write(body)

    connection = duckdb.connect()
    connection.execute("""
        CREATE TABLE cloudtrail_bedrock (
            useridentity STRUCT(type VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR),
            eventtime VARCHAR, eventsource VARCHAR, eventname VARCHAR, awsregion VARCHAR, useragent VARCHAR,
            errorcode VARCHAR, requestparameters VARCHAR, additionaleventdata VARCHAR, eventid VARCHAR,
            recipientaccountid VARCHAR, account VARCHAR, region VARCHAR, "timestamp" VARCHAR)""")
    rows = []
    for entry in records:
        r = entry["record"]
        identity = r.get("userIdentity")
        rows.append((
            None if identity is None else {"type": identity.get("type"), "arn": identity.get("arn"),
                                           "accountid": identity.get("accountId"), "invokedby": identity.get("invokedBy")},
            r["eventTime"], r["eventSource"], r["eventName"], r["awsRegion"], r.get("userAgent"), r.get("errorCode"),
            None if r.get("requestParameters") is None else json.dumps(r["requestParameters"]),
            None if r.get("additionalEventData") is None else json.dumps(r["additionalEventData"]),
            r["eventID"], r["recipientAccountId"], entry["account"], entry["region"], entry["day"]))
    connection.executemany("INSERT INTO cloudtrail_bedrock VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    sql = trino_to_duckdb(open(query_file).read()).rstrip().rstrip(";")
    for name, options in [("result-quoted.csv", "HEADER, FORCE_QUOTE *"), ("result-plain.csv", "HEADER"),
                          ("result-quoted.csv.gz", "HEADER, FORCE_QUOTE *, COMPRESSION gzip")]:
        connection.execute(f"COPY ({sql}) TO '{os.path.join(out, name)}' ({options})")

    census = Counter()
    throttled = Counter()
    for entry in records:
        if entry["label"]:
            census[entry["label"]] += 1
            throttled[entry["label"]] += entry["throttled"]
    json.dump([{"source": k[0], "profile": k[1], "caller": k[2], "sdk": k[3], "retry_mode": k[4],
                "calls": census[k], "throttled": throttled[k]} for k in sorted(census)],
              open(os.path.join(out, "census.json"), "w"), indent=1)
    result_rows = connection.execute(f"SELECT count(*), sum(calls) FROM ({sql})").fetchone()
    print(json.dumps({"records": len(records), "in_window": sum(e["in_window"] for e in records),
                      "result_rows": result_rows[0], "result_calls": int(result_rows[1]),
                      "labelled_calls": sum(census.values())}))


if __name__ == "__main__":
    main()
