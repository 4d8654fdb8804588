# advisor's own Terraform fixture: Bedrock resources in the root module and in a child module,
# behind a provider alias in another Region, with an unknown-until-apply model id.
# The plan beside it (plan.json) is `terraform show -json` of this configuration
# (scripts/dev/terraform-fixture.sh makes it again).

resource "aws_bedrockagent_agent" "support" {
  agent_name              = "support"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/bedrock-agent"
  # An EU profile called from us-east-1: Bedrock refuses it.
  foundation_model = "eu.anthropic.claude-sonnet-4-6"
  instruction      = "Answer support questions about the product, politely and briefly."
}

# An application profile that copies from a global profile, used by a service that must stay in the EU.
resource "aws_bedrock_inference_profile" "chat" {
  provider = aws.frankfurt
  name     = "eu-chat"
  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:111122223333:inference-profile/global.anthropic.claude-sonnet-4-6"
  }
  tags = {
    "advisor:service" = "eu-chat"
  }
}

resource "aws_bedrockagent_agent" "chat" {
  provider                = aws.frankfurt
  agent_name              = "chat"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/bedrock-agent"
  foundation_model        = aws_bedrock_inference_profile.chat.arn
  instruction             = "Chat with customers in the EU about their orders and deliveries."
}

resource "aws_bedrockagent_agent" "legacy" {
  provider                = aws.frankfurt
  agent_name              = "legacy"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/bedrock-agent"
  foundation_model        = "eu.anthropic.claude-sonnet-4-20250514-v1:0"
  instruction             = "The old assistant, kept until its users have moved to the new one."
}

# The model id is only known at apply (it comes from another resource's computed attribute).
resource "aws_bedrockagent_agent" "experiment" {
  agent_name              = "experiment"
  agent_resource_role_arn = "arn:aws:iam::111122223333:role/bedrock-agent"
  foundation_model        = "us.anthropic.claude-${aws_bedrockagent_agent.support.agent_version}"
  instruction             = "An experiment whose model is chosen when it is applied."
}

module "assistant" {
  source = "./modules/assistant"
  providers = {
    aws = aws.frankfurt
  }
}
