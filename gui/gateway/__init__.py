"""The MCP client for an AgentCore Gateway: chat core, no Qt, plain asyncio.

One job per module; arrows are imports (none goes back up)::

    client.py       GatewayClient: list / call tools, consent waits, forms; reconnects
      ├─► connection.py   one MCP session held by one task; the session's DELETE
      ├─► auth.py         BearerAuth (httpx2.Auth): bearer token, 401 → refresh → retry
      │     └─► resource_metadata.py   RFC 9728: which sign-in servers the gateway trusts
      ├─► errors.py       mcp / httpx2 exceptions → gui.errors, at the boundary
      ├─► consent.py      waiting for a person to connect an account (-32042)
      ├─► forms.py        a server's form (elicitation/create) as plain data
      └─► tools.py        ToolInfo / ToolResult, readable names, provider-safe aliases

``client.py``, ``connection.py`` and ``errors.py`` touch mcp, and only inside
functions; ``tools``, ``forms`` and ``consent`` import no library at all, so the window
and the agent use them cheaply. Outside
the package, the modules may import :mod:`gui.errors`, :mod:`gui.untrusted`,
:mod:`gui.net` and :mod:`gui.aio`; never :mod:`gui.agent`, :mod:`gui.ui` or Qt.

This file imports nothing: importing ``gui.gateway.tools`` must not load the client.
"""
