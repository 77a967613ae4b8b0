"""An embedded stand-in for an Amazon Bedrock AgentCore Gateway, for ``--demo`` and the tests.

A real MCP server (mcp 2.x ``MCPServer``, streamable HTTP) on a loopback port, guarded
the way AgentCore's custom JWT inbound authorizer guards a gateway: every request to
``/mcp`` needs ``Authorization: Bearer <jwt>``, signed by a key from the issuer's JWKS
(found through OIDC discovery), with the right ``iss``, an allowed ``aud``, an ``exp``
not too close, and the required scope. Its tools use AgentCore's ``<target>___<tool>``
names and answer from fictional data.

The package::

    server      DemoGateway: start/stop, the URL, the counters   (the public face)
    app         the ASGI app: metadata, the guard, the MCP session manager's lifespan
    quiet       abandoned calls and calls cut short by a stop end without tracebacks
    authorizer  the JWT check (JwtVerifier) and the authenticated user
    tools       the people directory and diagnostics targets, and the list of all tools
    tickets     the tickets target (list, delete) and its book
    forms       tickets___createTicket: a form elicitation
    catalogue   a big gateway: hundreds of generated read-only tools, AgentCore's search
    consent     calendar___listEvents: a URL elicitation and its consent page

Stand-alone: ``python -m gui.demo.gateway --issuer URL --audience AUD [--port N]``.

This module only names the public API. May import: its own modules. No Qt.
"""

from gui.demo.gateway.server import DemoGateway

__all__ = ["DemoGateway"]
