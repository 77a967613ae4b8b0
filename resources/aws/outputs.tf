# What the app needs (its settings or environment).

output "aws_role_arn" {
  description = "aws_role_arn for the app (or AGENTCORE_AWS_ROLE_ARN, or --aws-role-arn)."
  value       = aws_iam_role.bedrock.arn
}

output "aws_region" {
  description = "AWS_REGION for the app."
  value       = var.region
}

output "models" {
  description = "Model settings the role may use (the app's model, e.g. AGENT_MODEL)."
  value = concat(
    [for id in var.inference_profile_ids : "bedrock:${id}"],
    [for id in var.foundation_model_ids : "bedrock:${id}"],
  )
}

output "oidc_provider_arn" {
  description = "The IAM OIDC identity provider the role trusts."
  value       = local.oidc_provider_arn
}
