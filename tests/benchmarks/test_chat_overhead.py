"""Chat figures (printed, not asserted), offline model on loopback:

- per question: one reused ChatSession vs the naive way (a new MCP session, tool
  listing and agent for every question, as the article's ``main.py`` does);
- per tool call: GatewayClient (auth flow, reconnect logic, result mapping) vs a
  raw mcp ClientSession call with a fixed bearer header on an open session.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable

import httpx2
import pytest
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

from gui.auth.store import MemoryStore
from gui.chat.agent import ChatSession
from gui.chat.gateway import GatewayClient
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support.auth import make_session, sign_in_as
from tests.support.chat import collect, kinds

pytestmark = pytest.mark.benchmark

QUESTIONS = 30
CALLS = 60
QUESTION = "How old is neruneruo and which department?"


def report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    median = statistics.median(samples)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    print(
        f"\n{name}: median {median:.1f} ms, p90 {p90:.1f} ms, "
        f"min {ordered[0]:.1f}, max {ordered[-1]:.1f} (n={len(samples)})"
    )
    return median


async def timed(runs: int, once: Callable[[], Awaitable[object]]) -> list[float]:
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        await once()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


async def test_chat_overhead():
    with DemoStack(idp=DemoIdp(interval=0), test_tools=True) as stack:
        auth = make_session(stack.idp, MemoryStore())
        await sign_in_as(auth, stack.idp)

        async def answered(chat: ChatSession) -> None:
            events = await collect(chat.ask(QUESTION))
            assert "Failed" not in kinds(events) and "30" in events[-1].text

        chat = ChatSession(stack.profile, auth)
        await answered(chat)  # warm-up: imports, first session
        reused = await timed(QUESTIONS, lambda: answered(chat))
        await chat.aclose()

        async def naive_question() -> None:
            fresh = ChatSession(stack.profile, auth)
            try:
                await answered(fresh)
            finally:
                await fresh.aclose()

        sessions_before = stack.gateway.session_count()
        naive = await timed(QUESTIONS, naive_question)
        assert stack.gateway.session_count() - sessions_before == QUESTIONS

        print(f"\n--- per question, offline model, loopback ({QUESTIONS} questions) ---")
        reused_ms = report("reused session (ChatSession.ask)", reused)
        naive_ms = report("naive: new MCP session + tools/list + agent per question", naive)
        print(f"naive / reused: {naive_ms / reused_ms:.1f}x")

        # Per tool call: our client vs a raw mcp session.
        gateway = GatewayClient(stack.profile.gateway_url, auth)
        await gateway.call_tool("people___getProfile", {"name": "neruneruo"})
        ours = await timed(
            CALLS, lambda: gateway.call_tool("people___getProfile", {"name": "neruneruo"})
        )
        await gateway.aclose()

        headers = {"Authorization": f"Bearer {await auth.access_token()}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=10) as http,
            streamable_http_client(stack.profile.gateway_url, http_client=http) as (read, write),
            ClientSession(read, write) as raw,
        ):
            await raw.initialize()
            await raw.list_tools()
            await raw.call_tool("people___getProfile", {"name": "neruneruo"})
            direct = await timed(
                CALLS, lambda: raw.call_tool("people___getProfile", {"name": "neruneruo"})
            )

        print(f"\n--- per tool call ({CALLS} calls of people___getProfile) ---")
        raw_ms = report("raw mcp ClientSession.call_tool", direct)
        ours_ms = report("GatewayClient.call_tool", ours)
        print(f"added by GatewayClient: {ours_ms - raw_ms:+.2f} ms per call")
        print(f"agent + router + events around one call: {reused_ms - ours_ms:+.1f} ms")
        await auth.aclose()
