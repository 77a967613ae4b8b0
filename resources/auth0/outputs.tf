# The values AgentCore Chat needs (its settings or environment), and the gateway's authorizer.

output "auth0_domain" {
  description = "AUTH0_DOMAIN for the app."
  value       = var.auth0_domain
}

output "auth0_client_id" {
  description = "AUTH0_CLIENT_ID for the app: the native application's client id."
  value       = auth0_client.app.client_id
}

output "auth0_audience" {
  description = "AUTH0_AUDIENCE for the app, and the gateway authorizer's allowedAudience."
  value       = auth0_resource_server.gateway.identifier
}

output "discovery_url" {
  description = "discoveryUrl for the AgentCore Gateway's custom JWT authorizer."
  value       = "https://${var.auth0_domain}/.well-known/openid-configuration"
}

output "gateway_authorizer_configuration" {
  description = "JSON for `aws bedrock-agentcore-control create-gateway --authorizer-configuration`."
  value = jsonencode({
    customJWTAuthorizer = {
      discoveryUrl    = "https://${var.auth0_domain}/.well-known/openid-configuration"
      allowedAudience = [auth0_resource_server.gateway.identifier]
      allowedScopes   = [local.scope]
    }
  })
}
