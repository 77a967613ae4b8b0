terraform {
  required_version = ">= 1.3.0"

  required_providers {
    auth0 = {
      source = "auth0/auth0"
      # 1.28 added client grants for user flows (subject_type); node22 Actions need a 1.x too.
      version = "~> 1.28"
    }
  }
}

# Credentials come from the environment: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET of a
# Machine-to-Machine application authorised for the Management API (see README.md).
provider "auth0" {
  domain = var.auth0_domain
}
