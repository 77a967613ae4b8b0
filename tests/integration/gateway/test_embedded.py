"""GatewayClient against the embedded demo gateway (mcp 2.1.1 behind a JWT authorizer) in
the protocol versions it speaks: 2026-07-28 stateless requests, and the legacy handshake."""

from __future__ import annotations

import asyncio

import pytest

from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from gui.errors import NotAuthorised, ToolTimeout
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO, LEGACY, MODERN
from tests.support.chat import StaticTokens


@pytest.mark.parametrize(("protocol", "version"), [(AUTO, "2026-07-28"), (LEGACY, "2025-11-25")])
async def test_tools_and_calls_in_each_protocol(
    stack: DemoStack, session: AuthSession, protocol: str, version: str
):
    client = GatewayClient(stack.profile.gateway_url, session, protocol=protocol)
    try:
        result = await client.call_tool("people___getProfile", {"name": "neruneruo"})
        assert result.structured["age"] == 30 and result.structured_problem == ""  # type: ignore[index]
        assert client.protocol_version == version
        assert stack.gateway is not None
        # One session: an initialize, or (2026-07-28, stateless) one server/discover.
        assert stack.gateway.session_count() == 1
    finally:
        await client.aclose()


@pytest.mark.parametrize("protocol", [AUTO, MODERN])
async def test_a_refused_sign_in_refreshes_once_in_2026_too(stack: DemoStack, protocol: str):
    tokens = StaticTokens(stack.idp.mint_access_token(ttl=-60))
    client = GatewayClient(stack.profile.gateway_url, tokens, protocol=protocol)
    try:
        with pytest.raises(NotAuthorised, match="The access token has expired"):
            await client.list_tools()
    finally:
        await client.aclose()
    assert tokens.refreshes == 1  # the probe's answer is final: no fall-back handshake


async def test_a_slow_tool_times_out_in_2026_and_the_next_call_works(
    stack: DemoStack, session: AuthSession
):
    client = GatewayClient(stack.profile.gateway_url, session, protocol=MODERN)
    try:
        with pytest.raises(ToolTimeout):
            await client.call_tool("diagnostics___sleep", {"seconds": 60}, timeout=0.3)
        assert not (await client.call_tool("people___listDepartments")).is_error
        stopped = asyncio.ensure_future(client.call_tool("diagnostics___sleep", {"seconds": 60}))
        await asyncio.sleep(0.2)
        stopped.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stopped
    finally:
        await client.aclose()
