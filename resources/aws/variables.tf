variable "region" {
  description = "The region the app calls Bedrock in (its AWS_REGION), e.g. us-east-1."
  type        = string
  default     = "us-east-1"
}

variable "issuer_url" {
  description = "The sign-in provider's issuer exactly as in its tokens' iss, e.g. https://example.us.auth0.com/ (Auth0 keeps the trailing slash)."
  type        = string

  validation {
    condition     = can(regex("^https://[^?#:]+$", var.issuer_url))
    error_message = "Give the issuer URL as the tokens' iss claim: https://, no port, query or fragment."
  }
}

variable "client_id" {
  description = "The native application's client id (AUTH0_CLIENT_ID): the aud of its ID tokens."
  type        = string

  validation {
    condition     = length(var.client_id) > 0 && !can(regex("\\s", var.client_id))
    error_message = "Give the application's client id (no spaces)."
  }
}

variable "create_oidc_provider" {
  description = "Create the IAM OIDC identity provider; false when the account already has one for this issuer (give its ARN in existing_oidc_provider_arn, and add client_id to its audiences)."
  type        = bool
  default     = true
}

variable "existing_oidc_provider_arn" {
  description = "ARN of an existing IAM OIDC identity provider for issuer_url (with create_oidc_provider = false)."
  type        = string
  default     = ""
}

variable "thumbprints" {
  description = "Server certificate thumbprints of the issuer; empty lets IAM rely on trusted CAs (Auth0)."
  type        = list(string)
  default     = []
}

variable "allowed_subjects" {
  description = "Users (the ID token's sub) who may assume the role; StringLike patterns, e.g. [\"auth0|*\"] or single users."
  type        = list(string)
  default     = ["*"]

  validation {
    condition     = length(var.allowed_subjects) > 0
    error_message = "Give at least one pattern; [\"*\"] lets every user of the application in."
  }
}

variable "role_name" {
  description = "Name of the role the app assumes (its aws_role_arn)."
  type        = string
  default     = "agentcore-chat-bedrock"
}

variable "max_session_duration" {
  description = "Longest lifetime of the role's credentials, in seconds (3600 to 43200); the app renews them before they end."
  type        = number
  default     = 3600

  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "IAM allows 3600 to 43200 seconds."
  }
}

variable "inference_profile_ids" {
  description = "Cross-Region inference profiles the app may call (its model setting without bedrock:), e.g. global.anthropic.claude-sonnet-4-6."
  type        = list(string)
  default     = ["global.anthropic.claude-sonnet-4-6"]
}

variable "profile_model_ids" {
  description = "The foundation models behind those profiles; they may be invoked only through them, in whichever region the profile routes to."
  type        = list(string)
  default     = ["anthropic.claude-sonnet-4-6"]
}

variable "foundation_model_ids" {
  description = "Foundation models the app may call directly (on demand) in region, e.g. amazon.nova-pro-v1:0."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for the role and the identity provider."
  type        = map(string)
  default     = {}
}
