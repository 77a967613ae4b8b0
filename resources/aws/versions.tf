terraform {
  required_version = ">= 1.3.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.x: aws_iam_openid_connect_provider takes an empty thumbprint_list (IAM no longer
      # needs thumbprints for providers whose certificate chains to a trusted CA).
      version = ">= 5.0, < 7.0"
    }
  }
}

# Credentials come from the environment or an AWS profile of someone allowed to manage IAM
# (see README.md). The region is where the app calls Bedrock from (its AWS_REGION).
provider "aws" {
  region = var.region
}
