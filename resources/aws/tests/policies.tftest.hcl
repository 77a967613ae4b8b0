# `terraform test` (Terraform >= 1.11 for override_during): plans with made-up credentials and
# checks the trust and permission policies; the documents are computed locally, nothing
# reaches AWS.

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

override_data {
  target          = data.aws_caller_identity.current
  override_during = plan
  values          = { account_id = "123456789012" }
}

override_data {
  target          = data.aws_partition.current
  override_during = plan
  values          = { partition = "aws" }
}

override_resource {
  target          = aws_iam_openid_connect_provider.sign_in
  override_during = plan
  values          = { arn = "arn:aws:iam::123456789012:oidc-provider/example.us.auth0.com/" }
}

variables {
  issuer_url       = "https://example.us.auth0.com/"
  client_id        = "AbC123native"
  allowed_subjects = ["auth0|*"]
}

run "trust_names_the_app_and_its_users" {
  command = plan

  assert {
    condition = jsondecode(data.aws_iam_policy_document.trust.json).Statement[0].Condition == {
      StringEquals = { "example.us.auth0.com/:aud" = "AbC123native" }
      StringLike   = { "example.us.auth0.com/:sub" = "auth0|*" }
    }
    error_message = "The trust policy must check the ID token's aud and sub, keyed by the issuer without https://."
  }

  assert {
    condition     = jsondecode(data.aws_iam_policy_document.trust.json).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    error_message = "The role is for web identities only."
  }
}

run "invoke_only_the_chosen_models" {
  command = plan

  variables {
    foundation_model_ids = ["amazon.nova-pro-v1:0"]
  }

  assert {
    condition = toset(flatten([for s in jsondecode(data.aws_iam_policy_document.invoke.json).Statement : s.Resource])) == toset([
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-6",
      "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
    ])
    error_message = "The role may invoke the profile, its models through it, and the direct models only."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(data.aws_iam_policy_document.invoke.json).Statement :
      toset(s.Action) == toset(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"])
    ])
    error_message = "Only InvokeModel and InvokeModelWithResponseStream (Converse and ConverseStream)."
  }

  assert {
    condition = jsondecode(data.aws_iam_policy_document.invoke.json).Statement[1].Condition == {
      ArnLike = {
        "bedrock:InferenceProfileArn" = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-6"
      }
    }
    error_message = "The models behind a profile are reachable only through it."
  }
}

run "an_issuer_must_be_https" {
  command = plan

  variables {
    issuer_url = "http://example.us.auth0.com/"
  }

  expect_failures = [var.issuer_url]
}
