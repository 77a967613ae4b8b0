"""A raw mcp client on a gateway: the SDK's own ClientSession with a bearer token, nothing of ours.

For the gateway's own tests and for benchmarks that compare GatewayClient with it; and
:data:`INITIALIZE`, the handshake's first request, for tests that post JSON-RPC by hand.
May import mcp and httpx2 (only the modules that use it load them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx2
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

#: An MCP ``initialize`` request as a client posts it (JSON-RPC, by hand).
INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    },
}


@asynccontextmanager
async def mcp_client(url: str, token: str) -> AsyncIterator[ClientSession]:
    """A ClientSession over streamable HTTP carrying ``token`` as its bearer; not initialised."""
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=10) as http,
        streamable_http_client(url, http_client=http) as (read, write),
        ClientSession(read, write) as session,
    ):
        yield session


@asynccontextmanager
async def mcp_session(url: str, token: str) -> AsyncIterator[ClientSession]:
    """An initialised mcp client session carrying ``token`` as its bearer."""
    async with mcp_client(url, token) as session:
        await session.initialize()
        yield session
