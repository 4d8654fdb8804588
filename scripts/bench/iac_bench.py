#!/usr/bin/env python3
"""advisor checking a large Terraform plan against Checkov scanning the same plan file (issue 26).

    python3 scripts/bench/iac_bench.py --advisor PATH --checkov-python PYTHONPATH_DIR [--resources 5000] [--bedrock 300] [--runs 3]

Writes a plan of RESOURCES resources (BEDROCK of them Bedrock agents and application profiles, the
rest S3 buckets, IAM roles and CloudWatch log groups) in the shape `terraform show -json` gives
(Fixtures/iac/terraform/plan.json is the real thing), then times both tools as whole processes,
interleaved, and prints the medians and peak RSS as a Markdown table for BENCHMARKS.md. Checkov is
the anchor: `checkov -f plan.json --framework terraform_plan` (PyPI), run with its own Python.
Not a test: nothing here passes or fails.
"""
import argparse, json, os, subprocess, sys, tempfile, time


def resource(kind, name, values, region_provider="aws"):
    return {"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0, "values": values,
            "sensitive_values": {}}, {"address": f"{kind}.{name}", "mode": "managed", "type": kind, "name": name,
            "provider_config_key": region_provider, "expressions": {}, "schema_version": 0}


def plan(total, bedrock):
    planned, configured, changes = [], [], []
    models = ["eu.anthropic.claude-sonnet-4-6", "global.anthropic.claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6",
              "eu.amazon.nova-2-lite-v1:0", "eu.anthropic.claude-sonnet-4-20250514-v1:0"]
    for index in range(total):
        if index < bedrock:
            if index % 2 == 0:
                values = {"agent_name": f"agent-{index}", "foundation_model": models[index % len(models)],
                          "agent_resource_role_arn": "arn:aws:iam::111122223333:role/agent", "tags": None}
                entry = resource("aws_bedrockagent_agent", f"agent_{index}", values, "aws.frankfurt" if index % 4 else "aws")
            else:
                values = {"name": f"profile-{index}", "model_source": [{"copy_from":
                          "arn:aws:bedrock:eu-central-1:111122223333:inference-profile/" + models[index % 3]}], "tags": {}}
                entry = resource("aws_bedrock_inference_profile", f"profile_{index}", values, "aws.frankfurt")
        else:
            kind = ("aws_s3_bucket", "aws_iam_role", "aws_cloudwatch_log_group")[index % 3]
            values = {"aws_s3_bucket": {"bucket": f"bucket-{index}", "force_destroy": False, "tags": {"team": "data"}},
                      "aws_iam_role": {"name": f"role-{index}", "assume_role_policy": json.dumps({"Version": "2012-10-17",
                                       "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                      "Action": "sts:AssumeRole"}]}), "tags": None},
                      "aws_cloudwatch_log_group": {"name": f"/app/{index}", "retention_in_days": 30, "tags": None}}[kind]
            entry = resource(kind, f"r{index}", values)
        planned.append(entry[0])
        configured.append(entry[1])
        changes.append({"address": entry[0]["address"], "mode": "managed", "type": entry[0]["type"], "name": entry[0]["name"],
                        "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": entry[0]["values"], "after_unknown": {"arn": True, "id": True},
                                   "before_sensitive": False, "after_sensitive": {}}})
    providers = {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws",
                         "expressions": {"region": {"constant_value": "us-east-1"}}},
                 "aws.frankfurt": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "alias": "frankfurt",
                                   "expressions": {"region": {"constant_value": "eu-central-1"}}}}
    return {"format_version": "1.2", "terraform_version": "1.11.4",
            "planned_values": {"root_module": {"resources": planned}}, "resource_changes": changes,
            "configuration": {"provider_config": providers, "root_module": {"resources": configured}}}


def run(argv, env=None):
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--advisor", required=True)
    parser.add_argument("--checkov-python", required=True, help="a directory holding checkov and its dependencies (pip --target)")
    parser.add_argument("--resources", type=int, default=5000)
    parser.add_argument("--bedrock", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="advisor-iac-bench-")
    path = os.path.join(work, "plan.json")
    with open(path, "w") as handle:
        json.dump(plan(args.resources, args.bedrock), handle, indent=2)
    size = os.path.getsize(path)
    env = dict(os.environ, ADVISOR_HOME=os.path.join(work, "home"), PYTHONPATH=args.checkov_python,
               LOG_LEVEL="ERROR", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2="false", BC_SKIP_MAPPING="TRUE")
    commands = {
        "advisor check --terraform-plan": [args.advisor, "check", "--terraform-plan", path, "--as-of", "2026-12-05", "--format", "json"],
        "checkov -f --framework terraform_plan": [sys.executable, "-m", "checkov.main", "-f", path, "--framework", "terraform_plan",
                                                    "--quiet", "--compact", "--output", "json", "--skip-download"],
    }
    subprocess.run(commands["advisor check --terraform-plan"], env=env, stdout=subprocess.DEVNULL)  # seeds the store
    results = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            results[name].append(run(argv, env))
    print(f"plan: {args.resources} resources ({args.bedrock} Bedrock), {size / 1e6:.1f} MB; {args.runs} interleaved runs each\n")
    print("| command | median wall | peak RSS | exit |\n|---|---:|---:|---:|")
    for name, rows in results.items():
        walls = sorted(r[0] for r in rows)
        print(f"| `{name}` | {walls[len(walls) // 2]:.2f} s | {max(r[1] for r in rows):.0f} MiB | {rows[-1][2]} |")


if __name__ == "__main__":
    main()
