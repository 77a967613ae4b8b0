"""``python -m gui.demo.serve``: the demo servers in their own process, driven over stdin."""

from __future__ import annotations

import asyncio

import pytest

from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.gateway.client import GatewayClient
from tests.support.remote_stack import RemoteStack


def test_it_describes_itself_and_answers_commands() -> None:
    with RemoteStack() as stack:
        assert stack.profile.issuer.startswith("http://127.0.0.1:")
        assert stack.profile.gateway_url.endswith("/mcp")
        assert stack.profile.model == "offline"
        assert stack.session_count() == 0
        with pytest.raises(RuntimeError):
            stack.approve("NOPE-NOPE")  # an unknown code is refused, the server keeps going
        assert stack.command("nonsense")["ok"] is False
        assert stack.session_count() == 0


async def test_a_sign_in_approved_over_stdin_reaches_its_gateway() -> None:
    with RemoteStack(latency=0.02) as stack:
        auth = AuthSession(stack.profile, store=MemoryStore(), http=HttpClient(), poll_margin=0.01)
        code = await auth.start_sign_in()
        await asyncio.to_thread(stack.approve, code.user_code, "alice")
        await asyncio.wait_for(auth.wait_for_approval(code), 10)
        gateway = GatewayClient(stack.profile.gateway_url, auth)
        try:
            result = await gateway.call_tool("people___getProfile", {"name": "neruneruo"})
            assert not result.is_error and "30" in result.text
            assert stack.session_count() == 1
        finally:
            await gateway.aclose()
            await auth.aclose()
