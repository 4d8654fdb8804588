terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

# Fake credentials and no AWS calls: the plan is made offline.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIAFIXTUREFIXTURE01"
  secret_key                  = "fixture-secret-not-real"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

provider "aws" {
  alias                       = "frankfurt"
  region                      = "eu-central-1"
  access_key                  = "AKIAFIXTUREFIXTURE01"
  secret_key                  = "fixture-secret-not-real"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
