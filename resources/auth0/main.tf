# Auth0 side of AgentCore Chat: an API standing for the AgentCore Gateway, a native
# application that signs users in with the device flow or the browser (authorization code
# + PKCE, loopback redirect), a role that carries the invoke:mcp permission, and a
# post-login Action that refuses users without it.

locals {
  scope = "invoke:mcp"

  # The Action reads the required roles of an application from the secret
  # CLIENT_<client id with every character outside A-Z a-z 0-9 _ replaced by "_">.
  # action/post_login.js applies the same rule (secretNameFor); its tests check this line.
  action_secret_name = "CLIENT_${replace(auth0_client.app.client_id, "/[^A-Za-z0-9_]/", "_")}"
}

resource "auth0_resource_server" "gateway" {
  name        = var.api_name
  identifier  = var.api_identifier
  signing_alg = "RS256"

  # The app keeps a refresh token (offline_access) and refreshes the access token.
  allow_offline_access                            = true
  token_lifetime                                  = 3600
  skip_consent_for_verifiable_first_party_clients = true
  # RBAC: a user gets the invoke:mcp scope only through a role that grants it.
  enforce_policies = true
  token_dialect    = "access_token"

  # Only applications with a client grant (below) get tokens for this API,
  # and none through client credentials.
  subject_type_authorization {
    user {
      policy = "require_client_grant"
    }
    client {
      policy = "deny_all"
    }
  }
}

resource "auth0_resource_server_scopes" "gateway" {
  resource_server_identifier = auth0_resource_server.gateway.identifier

  scopes {
    name        = local.scope
    description = "Call the tools behind the AgentCore Gateway"
  }
}

resource "auth0_client" "app" {
  name        = var.client_name
  description = "AgentCore Chat desktop app: device-flow or browser sign-in for the AgentCore Gateway"
  app_type    = "native" # a public client: no secret (token endpoint auth method "none")

  is_first_party              = true
  oidc_conformant             = true
  custom_login_page_on        = false
  require_proof_of_possession = false

  grant_types = [
    "urn:ietf:params:oauth:grant-type:device_code",
    "authorization_code", # the browser sign-in, always with PKCE (S256): a public client
    "refresh_token",
  ]

  # The browser sign-in's loopback redirect (RFC 8252 section 7.3). The app listens on
  # 127.0.0.1 on a port the system picks; the port-less entry is the RFC's form for "any
  # port". A tenant that compares callbacks exactly gets the fixed-port entry: start the
  # app with AGENTCORE_REDIRECT_PORT set to var.redirect_port.
  callbacks = [
    "http://127.0.0.1/callback",
    "http://127.0.0.1:${var.redirect_port}/callback",
  ]

  jwt_configuration {
    alg                 = "RS256"
    lifetime_in_seconds = 3600
  }

  refresh_token {
    rotation_type   = "rotating"
    expiration_type = "expiring"
    # A refresh whose answer was lost may be retried with the old token for a minute
    # before Auth0 treats the reuse as theft and revokes the whole family.
    leeway                       = 60
    token_lifetime               = var.refresh_token_lifetime
    infinite_token_lifetime      = false
    idle_token_lifetime          = var.refresh_token_idle_lifetime
    infinite_idle_token_lifetime = false
  }
}

# Lets this application ask for user tokens for the API (user flows, not client credentials).
resource "auth0_client_grant" "app_gateway" {
  client_id    = auth0_client.app.id
  audience     = auth0_resource_server.gateway.identifier
  subject_type = "user"
  scopes       = [local.scope]

  depends_on = [auth0_resource_server_scopes.gateway]
}

data "auth0_connection" "login" {
  count = var.connection_name == "" ? 0 : 1
  name  = var.connection_name
}

resource "auth0_connection_client" "login_app" {
  count         = var.connection_name == "" ? 0 : 1
  connection_id = data.auth0_connection.login[0].id
  client_id     = auth0_client.app.id
}

resource "auth0_role" "invoke_mcp" {
  name        = var.role_name
  description = "May call the AgentCore Gateway's tools from AgentCore Chat"
}

resource "auth0_role_permission" "invoke_mcp" {
  role_id                    = auth0_role.invoke_mcp.id
  resource_server_identifier = auth0_resource_server.gateway.identifier
  permission                 = local.scope

  depends_on = [auth0_resource_server_scopes.gateway]
}

data "auth0_user" "member" {
  count = var.user_email == "" ? 0 : 1
  query = "email:\"${var.user_email}\""
}

# auth0_user_role adds this one role and leaves the user's other roles alone.
resource "auth0_user_role" "member_invoke_mcp" {
  count   = var.user_email == "" ? 0 : 1
  user_id = data.auth0_user.member[0].id
  role_id = auth0_role.invoke_mcp.id
}

resource "auth0_action" "require_role" {
  name    = var.action_name
  runtime = "node22"
  deploy  = true
  code    = file("${path.module}/action/post_login.js")

  supported_triggers {
    id      = "post-login"
    version = "v3"
  }

  # Required roles per application: a JSON array of role names; holding any one is enough.
  secrets {
    name  = local.action_secret_name
    value = jsonencode([auth0_role.invoke_mcp.name])
  }
}

# auth0_trigger_action appends this Action to the post-login flow and leaves other
# bindings in place (auth0_trigger_actions would replace them all).
resource "auth0_trigger_action" "post_login_require_role" {
  trigger   = "post-login"
  action_id = auth0_action.require_role.id
}
