# The AWS side of "Bedrock through the app's sign-in": an IAM OIDC identity provider for the
# sign-in tenant and a role its users' ID tokens may assume (STS AssumeRoleWithWebIdentity),
# allowed nothing but invoking the chosen models and inference profiles.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  partition = data.aws_partition.current.partition
  account   = data.aws_caller_identity.current.account_id
  # IAM's condition keys name the provider by its URL without the scheme, trailing slash
  # included: https://example.us.auth0.com/ -> "example.us.auth0.com/:aud".
  provider_key      = trimprefix(var.issuer_url, "https://")
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.sign_in[0].arn : var.existing_oidc_provider_arn

  profile_arns = [
    for id in var.inference_profile_ids :
    "arn:${local.partition}:bedrock:${var.region}:${local.account}:inference-profile/${id}"
  ]
  # A cross-Region profile routes to the model in other regions; a global one also names it
  # without a region.
  profile_model_arns = flatten([
    for id in var.profile_model_ids : [
      "arn:${local.partition}:bedrock:*::foundation-model/${id}",
      "arn:${local.partition}:bedrock:::foundation-model/${id}",
    ]
  ])
  direct_model_arns = [
    for id in var.foundation_model_ids :
    "arn:${local.partition}:bedrock:${var.region}::foundation-model/${id}"
  ]
  # Converse and ConverseStream are authorised as InvokeModel and InvokeModelWithResponseStream.
  invoke_actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]
}

resource "aws_iam_openid_connect_provider" "sign_in" {
  count = var.create_oidc_provider ? 1 : 0

  url             = var.issuer_url
  client_id_list  = [var.client_id]
  thumbprint_list = var.thumbprints
  tags            = var.tags

  lifecycle {
    precondition {
      condition     = var.existing_oidc_provider_arn == ""
      error_message = "existing_oidc_provider_arn is set: also set create_oidc_provider = false."
    }
  }
}

data "aws_iam_policy_document" "trust" {
  statement {
    sid     = "UsersOfTheAppSignedIn"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    # Only ID tokens issued to this application...
    condition {
      test     = "StringEquals"
      variable = "${local.provider_key}:aud"
      values   = [var.client_id]
    }

    # ...for the users allowed.
    condition {
      test     = "StringLike"
      variable = "${local.provider_key}:sub"
      values   = var.allowed_subjects
    }
  }
}

resource "aws_iam_role" "bedrock" {
  name                 = var.role_name
  description          = "AgentCore Chat: Amazon Bedrock for people signed in at ${var.issuer_url}"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  max_session_duration = var.max_session_duration
  tags                 = var.tags

  lifecycle {
    precondition {
      condition     = var.create_oidc_provider || var.existing_oidc_provider_arn != ""
      error_message = "With create_oidc_provider = false, give existing_oidc_provider_arn."
    }
  }
}

data "aws_iam_policy_document" "invoke" {
  dynamic "statement" {
    for_each = length(local.profile_arns) > 0 ? [1] : []
    content {
      sid       = "InvokeThroughInferenceProfiles"
      effect    = "Allow"
      actions   = local.invoke_actions
      resources = local.profile_arns
    }
  }

  dynamic "statement" {
    for_each = length(local.profile_arns) > 0 && length(local.profile_model_arns) > 0 ? [1] : []
    content {
      sid       = "TheModelsBehindThoseProfilesOnlyThroughThem"
      effect    = "Allow"
      actions   = local.invoke_actions
      resources = local.profile_model_arns

      condition {
        test     = "ArnLike"
        variable = "bedrock:InferenceProfileArn"
        values   = local.profile_arns
      }
    }
  }

  dynamic "statement" {
    for_each = length(local.direct_model_arns) > 0 ? [1] : []
    content {
      sid       = "InvokeFoundationModelsDirectly"
      effect    = "Allow"
      actions   = local.invoke_actions
      resources = local.direct_model_arns
    }
  }
}

resource "aws_iam_role_policy" "invoke" {
  name   = "invoke-chosen-bedrock-models"
  role   = aws_iam_role.bedrock.id
  policy = data.aws_iam_policy_document.invoke.json

  lifecycle {
    precondition {
      condition     = length(var.inference_profile_ids) + length(var.foundation_model_ids) > 0
      error_message = "Name at least one inference profile or foundation model the app may call."
    }
  }
}
