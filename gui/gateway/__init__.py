"""The MCP client for an AgentCore Gateway: chat core, no Qt, plain asyncio.

One job per module; arrows are imports (none goes back up)::

    client.py       GatewayClient: list / call tools, events, consent, forms; reconnects
      ├─► connection.py   one MCP session held by one task; protocol version; the DELETE
      │     └─► wire.py       (lazily) mcp's ClientSession + task requests it leaves to us
      ├─► auth.py         BearerAuth (httpx2.Auth): bearer token, 401 → refresh → retry
      │     └─► resource_metadata.py   RFC 9728: which sign-in servers the gateway trusts
      ├─► errors.py       mcp / httpx2 exceptions → gui.errors, at the boundary
      ├─► tasks.py        tasks (2025-11-25, the 2026-07-28 extension), input rounds
      ├─► elicit.py       elicitation/create: forms to the front end, links to the person
      │     ├─► forms.py      a server's form as plain data; parse, check, validate
      │     └─► consent.py    waiting for a person to connect an account
      ├─► calls.py        what happens during a call: progress, task status, links
      ├─► validation.py   structuredContent against the tool's outputSchema
      └─► tools.py        ToolInfo / ToolResult, readable names, provider-safe aliases
            ├─► content.py    a result's parts: text, images, audio, links, resources
            └─► icons.py      a tool's icons: accepted sources, a capped loader

``client.py``, ``connection.py``, ``errors.py``, ``tasks.py`` and ``elicit.py`` touch
mcp only inside functions, ``wire.py`` at its top (so it is imported only from inside
functions); ``tools``, ``content``, ``forms``, ``consent`` and ``calls`` import no
library at all, so the window and the agent use them cheaply. Outside the package, the
modules may import :mod:`gui.errors`, :mod:`gui.untrusted`, :mod:`gui.net` and
:mod:`gui.aio`; never :mod:`gui.agent`, :mod:`gui.ui` or Qt.

This file imports nothing: importing ``gui.gateway.tools`` must not load the client.
"""
