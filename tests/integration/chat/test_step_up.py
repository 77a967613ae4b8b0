"""The MCP authorization rules against the embedded gateway: step-up on 403
insufficient_scope (the person signs in again asking for the scope, and the call goes
through), and a 401 from a gateway that trusts another sign-in server."""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore, MemoryStore
from gui.demo.gateway import DemoGateway
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp
from gui.demo.stack import DemoStack
from gui.errors import ScopeRequired, WrongAuthorizationServer
from gui.gateway.client import GatewayClient
from tests.support import browser
from tests.support.auth import remember_sign_in, sign_in_as
from tests.support.browser import browser_script
from tests.support.cli import cli_command

AUDIT = "tickets___auditLog"


async def test_signing_in_again_with_the_scope_lets_the_call_through(
    stack: DemoStack, session: AuthSession
):
    client = GatewayClient(stack.profile.gateway_url, session, issuer=stack.profile.issuer)
    try:
        assert not (await client.call_tool("tickets___listTickets")).is_error
        with pytest.raises(ScopeRequired) as caught:
            await client.call_tool(AUDIT)
        assert caught.value.scope == "tickets:admin"
        assert "lacks the 'tickets:admin' permission" in caught.value.message
        assert stack.gateway is not None and stack.gateway.call_count(AUDIT) == 0

        # The window's Sign in again: the extra scope added, the browser sign-in run again.
        assert session.ask_for_scopes(caught.value.scope)
        pending = await session.start_browser_sign_in()
        waiting = asyncio.ensure_future(session.wait_for_browser(pending))
        await asyncio.to_thread(browser.play, pending.url, "alice")
        await asyncio.wait_for(waiting, 10)

        result = await client.call_tool(AUDIT)  # the same client: the conversation goes on
    finally:
        await client.aclose()
    assert not result.is_error and result.structured is not None
    assert result.structured["count"] >= 4
    assert stack.gateway.call_count(AUDIT) == 1
    assert "invoke:mcp" in session.scopes.split()  # kept: scopes accumulate


async def test_the_device_flow_asks_for_the_extra_scope_too(stack: DemoStack, session: AuthSession):
    client = GatewayClient(stack.profile.gateway_url, session)
    try:
        with pytest.raises(ScopeRequired) as caught:
            await client.call_tool(AUDIT)
        session.ask_for_scopes(caught.value.scope)
        await sign_in_as(session, stack.idp, "alice")
        assert not (await client.call_tool(AUDIT)).is_error
    finally:
        await client.aclose()


async def test_a_gateway_that_trusts_another_server_says_so(demo_stack_factory):
    """The profile signs in at one provider; the gateway trusts only another one."""
    with DemoIdp(interval=0) as ours:
        stack: DemoStack = demo_stack_factory()  # its gateway trusts stack.idp, not `ours`
        assert stack.gateway is not None
        profile = stack.profile.__class__(**{**stack.profile.__dict__, "issuer": ours.issuer})
        session = AuthSession(profile, store=MemoryStore(), http=HttpClient(timeout=5))
        client = GatewayClient(profile.gateway_url, session, issuer=profile.issuer)
        try:
            await sign_in_as(session, ours, "alice")
            with pytest.raises(WrongAuthorizationServer) as caught:
                await client.list_tools()
        finally:
            await client.aclose()
            await session.aclose()
    error = caught.value
    gateway_host = stack.idp.issuer.split("/")[2]
    ours_host = ours.issuer.split("/")[2]
    assert error.gateway_hosts == (gateway_host,) and error.profile_host == ours_host
    assert gateway_host in error.message and ours_host in error.message


async def test_a_401_from_a_gateway_that_trusts_our_server_is_not_blamed_on_it(
    stack: DemoStack,
):
    from gui.errors import NotAuthorised

    session = AuthSession(stack.profile, store=MemoryStore(), http=HttpClient(timeout=5))
    await sign_in_as(session, stack.idp, "alice")
    # A gateway with another audience: our tokens are refused, but its server is ours.
    other = DemoGateway(issuer=stack.idp.issuer, audience="urn:another-api").start()
    client = GatewayClient(other.url, session, issuer=stack.profile.issuer)
    try:
        with pytest.raises(NotAuthorised) as caught:
            await client.list_tools()
    finally:
        await client.aclose()
        await session.aclose()
        other.stop()
    assert not isinstance(caught.value, WrongAuthorizationServer)


def run(command: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.mark.keyring
async def test_the_terminal_prints_the_exact_command_and_it_works(stack: DemoStack, tmp_path: Path):
    store = KeyringStore()
    await remember_sign_in(stack.idp, store)
    try:
        refused = await asyncio.to_thread(run, cli_command(stack, "call", AUDIT))
        assert refused.returncode == 1
        assert "lacks the 'tickets:admin' permission" in refused.stderr
        hint = refused.stderr.splitlines()
        command = hint[hint.index("To sign in again asking for it, run:") + 1].strip()
        words = shlex.split(command)
        assert words[0] == "agentcore-chat" and words[-1] == "login"
        scopes = words[words.index("--scopes") + 1].split()
        assert scopes[-1] == "tickets:admin" and "invoke:mcp" in scopes

        # Run exactly that (as `python -m gui`), signing in with the browser this time.
        login = [*cli_command(stack)[:3], *words[1:], "--browser"]
        script = browser_script(tmp_path, "alice")
        signed = await asyncio.to_thread(run, login, {"BROWSER": str(script)})
        assert signed.returncode == 0, signed.stderr

        allowed = await asyncio.to_thread(run, cli_command(stack, "call", AUDIT))
        assert allowed.returncode == 0, allowed.stderr
        assert '"count"' in allowed.stdout
    finally:
        await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)


@pytest.mark.keyring
async def test_ask_prints_the_command_too(stack: DemoStack):
    store = KeyringStore()
    await remember_sign_in(stack.idp, store)
    try:
        done = await asyncio.to_thread(run, cli_command(stack, "ask", "show the ticket audit log"))
    finally:
        await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)
    assert done.returncode == 1
    assert "tickets:admin" in done.stderr and "To sign in again asking for it" in done.stderr
    assert DEMO_AUDIENCE in done.stderr  # the command keeps the flags this one was given
