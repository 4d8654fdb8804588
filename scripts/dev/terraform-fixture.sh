#!/usr/bin/env bash
# Makes Fixtures/iac/terraform/plan.json again: `terraform show -json` of the fixture's plan, made
# offline (fake credentials, no AWS calls) with the AWS provider from a local filesystem mirror
# (TF_PLUGIN_DIR, default /opt/tf-plugins). Needs terraform; the tests only read the result.
set -euo pipefail
cd "$(dirname "$0")/../../Fixtures/iac/terraform"
work=$(mktemp -d)
trap 'rm -rf "$work" .terraform .terraform.lock.hcl' EXIT
cat > "$work/cli.tfrc" <<RC
provider_installation {
  filesystem_mirror { path = "${TF_PLUGIN_DIR:-/opt/tf-plugins}" }
}
RC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
terraform init -input=false -no-color > /dev/null
terraform plan -input=false -no-color -refresh=false -out="$work/plan.bin" > /dev/null
terraform show -json "$work/plan.bin" | python3 -m json.tool --indent 2 > plan.json
echo "terraform-fixture.sh: wrote Fixtures/iac/terraform/plan.json ($(terraform version | head -1))"
