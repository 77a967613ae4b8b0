variable "auth0_domain" {
  description = "The Auth0 tenant's domain, without https://, e.g. example.us.auth0.com."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$", var.auth0_domain))
    error_message = "Give a host name such as example.us.auth0.com: no scheme, path or trailing slash."
  }
}

variable "user_email" {
  description = "Email of an existing user to give the invoke:mcp role; empty assigns it to nobody."
  type        = string
  default     = ""
}

variable "api_name" {
  description = "Display name of the API (resource server) that stands for the gateway."
  type        = string
  default     = "AgentCore Gateway (AgentCore Chat)"
}

variable "api_identifier" {
  description = "The API identifier: the audience of the access tokens (the app's AUTH0_AUDIENCE)."
  type        = string
  default     = "urn:agentcore-chat:gateway"
}

variable "client_name" {
  description = "Display name of the native application the desktop app signs in as."
  type        = string
  default     = "AgentCore Chat"
}

variable "role_name" {
  description = "Name of the role that carries the invoke:mcp permission."
  type        = string
  default     = "agentcore-chat-invoke-mcp"
}

variable "action_name" {
  description = "Name of the post-login Action that enforces the role."
  type        = string
  default     = "AgentCore Chat - require role"
}

variable "connection_name" {
  description = "Connection to enable the application on (its users can sign in); empty skips this."
  type        = string
  default     = "Username-Password-Authentication"
}

variable "refresh_token_lifetime" {
  description = "Absolute lifetime of a refresh token, in seconds (default 30 days)."
  type        = number
  default     = 2592000
}

variable "refresh_token_idle_lifetime" {
  description = "A refresh token unused this long expires, in seconds (default 7 days)."
  type        = number
  default     = 604800
}

variable "redirect_port" {
  description = "Fixed loopback port registered for the browser sign-in (the app's AGENTCORE_REDIRECT_PORT), for tenants that match callbacks exactly."
  type        = number
  default     = 8252

  validation {
    condition     = var.redirect_port >= 1024 && var.redirect_port <= 65535 && floor(var.redirect_port) == var.redirect_port
    error_message = "Give a whole port number from 1024 to 65535 (the app refuses privileged ports)."
  }
}
