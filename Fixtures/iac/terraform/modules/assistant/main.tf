terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

# advisor:waive latency.stale-data reason="re-measured monthly by the platform team" expires=2099-12-31
resource "aws_bedrockagent_prompt" "summary" {
  name            = "summary"
  default_variant = "nova"
  variant {
    name          = "nova"
    model_id      = "eu.amazon.nova-2-lite-v1:0"
    template_type = "TEXT"
    inference_configuration {
      text {
        max_tokens  = 512
        temperature = 0.2
      }
    }
    template_configuration {
      text {
        text = "Summarise {{document}} in three sentences."
        input_variable {
          name = "document"
        }
      }
    }
  }
}
