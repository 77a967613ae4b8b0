"""GatewayClient against the real demo gateway and sign-in server on loopback."""

from __future__ import annotations

import asyncio
import logging

import pytest

from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.errors import Forbidden, GatewayUnreachable, NotAuthorised, ToolFailed, ToolTimeout
from gui.gateway.client import GatewayClient
from tests.support.auth import profile_for, sign_in_as
from tests.support.chat import StaticTokens, restart_gateway, sleep_in_flight
from tests.support.waiting import wait_until


async def test_lists_tools_with_readable_titles_and_safe_aliases(gateway: GatewayClient):
    tools = {tool.name: tool for tool in await gateway.list_tools()}
    profile = tools["people___getProfile"]
    assert profile.title == "people · getProfile"
    assert profile.alias == "people___getProfile"  # already safe: kept as it is
    assert profile.input_schema["required"] == ["name"]
    assert profile.description.startswith("Look up one employee's profile")
    assert "diagnostics___sleep" in tools


async def test_calls_reuse_one_session(gateway: GatewayClient, stack: DemoStack):
    for name in ("neruneruo", "alice", "bob"):
        result = await gateway.call_tool("people___getProfile", {"name": name})
        assert not result.is_error
    await gateway.list_tools(refresh=True)
    assert stack.gateway is not None and stack.gateway.session_count() == 1
    assert gateway.sessions_opened == 1


async def test_result_carries_text_and_structured_content(gateway: GatewayClient):
    result = await gateway.call_tool("people___getProfile", {"name": "neruneruo"})
    assert result.structured == {
        "name": "neruneruo",
        "age": 30,
        "department": "development",
        "title": "Software Engineer",
    }
    assert '"age": 30' in result.text
    assert (result.tool, result.title, result.is_error) == (
        "people___getProfile",
        "people · getProfile",
        False,
    )


async def test_a_tool_error_is_a_result_or_tool_failed(gateway: GatewayClient):
    result = await gateway.call_tool("diagnostics___fail", {"message": "boom on purpose"})
    assert result.is_error and "boom on purpose" in result.text
    with pytest.raises(ToolFailed) as caught:
        await gateway.call_tool_or_raise("diagnostics___fail", {"message": "boom on purpose"})
    assert caught.value.message == "diagnostics · fail failed: boom on purpose"


async def test_a_slow_tool_times_out_and_the_session_survives(
    gateway: GatewayClient, stack: DemoStack
):
    # How long past its timeout the call ends is measured in tests/benchmarks/test_stop_latency.py.
    with pytest.raises(ToolTimeout, match=r"diagnostics · sleep did not answer within 0\.3 s"):
        await gateway.call_tool("diagnostics___sleep", {"seconds": 60}, timeout=0.3)
    assert stack.gateway is not None and stack.gateway.call_count("diagnostics___sleep") == 1
    after = await gateway.call_tool("people___listDepartments")
    assert not after.is_error


async def test_cancelling_the_caller_abandons_the_call(gateway: GatewayClient, stack: DemoStack):
    await gateway.list_tools()
    call = await sleep_in_flight(stack, gateway)
    call.cancel()
    # The tool runs for a minute: ending well inside that means the call was abandoned, not
    # waited for (the latency itself is printed by tests/benchmarks/test_stop_latency.py).
    async with asyncio.timeout(20):
        with pytest.raises(asyncio.CancelledError):
            await call
    assert not (await gateway.call_tool("people___listDepartments")).is_error


async def test_a_one_megabyte_result_does_not_break_the_session(gateway: GatewayClient):
    big = await gateway.call_tool("diagnostics___bigResult", {"size_bytes": 1_000_000})
    assert len(big.text) == 1_000_000
    after = await gateway.call_tool("people___getProfile", {"name": "alice"})
    assert after.structured is not None and after.structured["department"] == "sales"
    assert gateway.sessions_opened == 1


async def test_401_after_a_refresh_is_not_authorised(stack: DemoStack):
    expired = stack.idp.mint_access_token(ttl=-60)
    tokens = StaticTokens(expired)
    client = GatewayClient(stack.profile.gateway_url, tokens)
    try:
        with pytest.raises(NotAuthorised) as caught:
            await client.list_tools()
    finally:
        await client.aclose()
    assert tokens.refreshes == 1  # refreshed once, then gave up
    assert "The access token has expired" in caught.value.message
    assert expired not in caught.value.message


async def test_403_names_the_missing_scope(stack: DemoStack):
    profile = profile_for(stack.idp, scopes="openid profile email offline_access")
    auth = AuthSession(profile, store=MemoryStore(), http=HttpClient(timeout=5), poll_margin=0.02)
    await sign_in_as(auth, stack.idp, "alice")
    client = GatewayClient(stack.profile.gateway_url, auth)
    try:
        with pytest.raises(Forbidden, match="lacks the 'invoke:mcp' permission"):
            await client.list_tools()
    finally:
        await client.aclose()
        await auth.aclose()


async def test_a_restarted_gateway_gets_a_new_session_transparently(
    gateway: GatewayClient, stack: DemoStack
):
    assert not (await gateway.call_tool("people___listDepartments")).is_error
    fresh = await restart_gateway(stack)
    result = await gateway.call_tool("people___getProfile", {"name": "neruneruo"})
    assert result.structured is not None and result.structured["age"] == 30
    assert fresh.session_count() == 1
    assert gateway.sessions_opened == 2


async def test_a_tool_call_cut_off_mid_call_is_not_sent_again(
    gateway: GatewayClient, stack: DemoStack
):
    """The tool may have run (and changed data): a restarted gateway must not see it twice."""
    await gateway.list_tools()
    call = asyncio.ensure_future(gateway.call_tool("diagnostics___sleep", {"seconds": 5}))
    old = stack.gateway
    assert old is not None
    await wait_until(lambda: old.call_count("diagnostics___sleep") == 1, 10, "the tool to run")
    fresh = await restart_gateway(stack)  # up again before the client can notice
    with pytest.raises(GatewayUnreachable):
        await asyncio.wait_for(call, 10)
    assert fresh.call_count("diagnostics___sleep") == 0
    # The next call is new: it goes to the restarted gateway on a new session.
    assert not (await gateway.call_tool("people___listDepartments")).is_error


async def test_a_stopped_gateway_is_unreachable_naming_its_host(
    gateway: GatewayClient, stack: DemoStack
):
    await gateway.list_tools()
    assert stack.gateway is not None
    port = stack.gateway.port
    await asyncio.to_thread(stack.gateway.stop)
    with pytest.raises(GatewayUnreachable, match=f"127.0.0.1:{port}"):
        await gateway.call_tool("people___listDepartments")


async def test_aclose_does_not_wait_for_a_call_in_flight(gateway: GatewayClient, stack: DemoStack):
    await gateway.list_tools()
    call = await sleep_in_flight(stack, gateway)
    call.cancel()
    async with asyncio.timeout(20):  # far less than the minute the tool would take
        await gateway.aclose()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_no_token_in_logs_or_messages(
    stack: DemoStack, session: AuthSession, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    token = await session.access_token()
    client = GatewayClient(stack.profile.gateway_url, session)
    await client.call_tool("people___getProfile", {"name": "neruneruo"})
    await client.aclose()
    bad = stack.idp.mint_access_token(ttl=-60)
    failing = GatewayClient(stack.profile.gateway_url, StaticTokens(bad))
    with pytest.raises(NotAuthorised) as caught:
        await failing.list_tools()
    await failing.aclose()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records  # the libraries did log at DEBUG
    for secret in (token, bad):
        assert secret not in logged
        assert secret not in caught.value.message
