"""An embedded OAuth 2.0 / OpenID Connect authorization server for the demo mode and the tests.

It speaks the parts of the protocols the app uses, the way Auth0 speaks them:

- OIDC discovery and a JWKS with one fresh RS256 key per instance;
- the RFC 8628 device authorization grant, including Auth0's quirks (a pending poll is
  answered with HTTP 403, a post-login Action's denial with HTTP 500);
- refresh tokens with rotation and reuse detection (reusing a rotated-out token revokes the
  whole family), and a role check on every refresh, like an Auth0 Action;
- RFC 7009 revocation and a small userinfo endpoint;
- a self-contained ``/activate`` page where a person picks a demo user and approves or
  denies the request;
- the authorization code grant with PKCE (S256 only) for the browser sign-in: an
  ``/authorize`` sign-in and consent page, loopback redirects on any port (RFC 8252),
  ``iss`` in every answer (RFC 9207), and RFC 8707 resources when told of one.

Tests can also approve or deny without HTTP, change a user's roles, mint access tokens and
inject faults (canned errors, delays, dropped connections) on any path.

It is a real HTTP server (Starlette under uvicorn, in a daemon thread) and only ever binds
to loopback. Token values, device codes and refresh tokens are never logged and never kept
in plain form: the state stores SHA-256 digests of them. Its loggers sit under
``gui.demo.idp``.

The package::

    server   DemoIdp: start/stop, the issuer URL, the test controls  (the public face)
    state    the state machine: users, tokens, refresh families, revocation
    device   the device authorization grant: device and user codes, polling
    keys     the signing key and its JWKS entry
    codes    the authorization code grant: pending /authorize requests, codes, PKCE
    app      the Starlette routes over the state
    pages    the /activate pages, from templates/*.html
    faults   injected faults, and the door every request comes through

Run it stand-alone with ``python -m gui.demo.idp [--host 127.0.0.1] [--port N]``.

This module only names the public API. May import: its own modules. No Qt.
"""

from gui.demo.idp.server import DemoIdp
from gui.demo.idp.state import (
    DEMO_AUDIENCE,
    DEMO_CLIENT_ID,
    DEMO_USERS,
    DENIAL_MESSAGE,
    REQUIRED_ROLE,
    DemoUser,
)

__all__ = [
    "DEMO_AUDIENCE",
    "DEMO_CLIENT_ID",
    "DEMO_USERS",
    "DENIAL_MESSAGE",
    "REQUIRED_ROLE",
    "DemoIdp",
    "DemoUser",
]
