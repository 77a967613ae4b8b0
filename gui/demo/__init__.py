"""The embedded demo servers: a local sign-in provider and a local MCP gateway, on loopback.

Used by ``agentcore-chat --demo`` and by the tests; plain asyncio and threads, never Qt::

    idp/      DemoIdp: OAuth 2.0 / OIDC with the device grant, the way Auth0 answers
    gateway/  DemoGateway: an AgentCore-style MCP gateway behind a JWT authorizer
    runner    uvicorn in a daemon thread for both, and the ``with server:`` protocol
    stack     both started together and described as a Profile
    serve     the stack as its own process (``python -m gui.demo.serve``)
    tls       a server certificate for https tests

May import: ``gui.config``, ``gui.untrusted``, ``gui.auth.tokens`` (the algorithm list),
starlette, uvicorn, mcp's server, jwt. Nothing outside ``gui.demo`` imports its internals.
"""
