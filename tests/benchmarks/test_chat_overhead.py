"""Chat figures (printed, not asserted), offline model, demo servers in another process.

- Per question: our reused ``ChatSession.ask`` against the article's way, which
  opens a fresh MCP session for every question (``streamable_http_client`` +
  ``ClientSession``: ``initialize``, ``tools/list``, then the call), at 0 ms and
  at 50 ms of latency added by the gateway before every request. Like for like,
  each of our questions starts a new conversation (the article's has no memory);
  one growing conversation is printed too (strands copies the history on every
  turn, so it costs more per question as it grows). Target: at 50 ms ours is
  >= 5x cheaper.
- Per tool call: ``GatewayClient`` (auth flow, reconnect logic, result mapping)
  against a raw mcp ``ClientSession.call_tool`` on an open session.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable

import pytest

from gui.agent.session import ChatSession
from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.gateway.client import GatewayClient
from gui.gateway.connection import MODERN
from tests.support.chat import collect, kinds
from tests.support.raw_mcp import mcp_session
from tests.support.remote_stack import RemoteStack

pytestmark = pytest.mark.benchmark

QUESTIONS = 20
CALLS = 40
QUESTION = "How old is neruneruo and which department?"
TOOL, ARGS = "people___getProfile", {"name": "neruneruo"}
TARGET_RATIO = 5.0


def report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    median = statistics.median(samples)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    print(
        f"{name}: median {median:.1f} ms, p90 {p90:.1f} ms, "
        f"min {ordered[0]:.1f}, max {ordered[-1]:.1f} (n={len(samples)})"
    )
    return median


async def timed(once: Callable[[], Awaitable[object]]) -> float:
    began = time.perf_counter()
    await once()
    return (time.perf_counter() - began) * 1000


async def interleaved(
    runs: int, a: Callable[[], Awaitable[object]], b: Callable[[], Awaitable[object]]
) -> tuple[list[float], list[float]]:
    """``runs`` samples of each, alternating, so a busy moment of the machine hits both."""
    first, second = [], []
    for _ in range(runs):
        first.append(await timed(a))
        second.append(await timed(b))
    return first, second


async def signed_in(stack: RemoteStack) -> AuthSession:
    auth = AuthSession(stack.profile, store=MemoryStore(), http=HttpClient(), poll_margin=0.01)
    code = await auth.start_sign_in()
    stack.approve(code.user_code)
    await auth.wait_for_approval(code)
    return auth


async def article_question(url: str, token: str) -> None:
    """The article's way: a new MCP session per question, list the tools, call one."""
    async with mcp_session(url, token) as session:
        tools = await session.list_tools()
        assert any(tool.name == TOOL for tool in tools.tools)
        result = await session.call_tool(TOOL, ARGS)
        assert not result.is_error


@pytest.mark.parametrize("latency_ms", [0, 50])
async def test_per_question_against_the_articles_way(latency_ms: int) -> None:
    with RemoteStack(latency=latency_ms / 1000) as stack:
        auth = await signed_in(stack)
        chat = ChatSession(stack.profile, auth)

        async def ours() -> None:
            chat.new_conversation()  # like the article's: no memory of earlier questions
            events = await collect(chat.ask(QUESTION))
            assert "Failed" not in kinds(events) and "30" in events[-1].text

        async def ours_growing() -> None:
            events = await collect(chat.ask(QUESTION))
            assert "Failed" not in kinds(events) and "30" in events[-1].text

        token = await auth.access_token()

        async def articles() -> None:
            await article_question(stack.profile.gateway_url, token)

        await ours()  # warm-up: imports, the one session, the tool list
        await articles()
        sessions_before = stack.session_count()
        reused, article = await interleaved(QUESTIONS, ours, articles)
        assert stack.session_count() - sessions_before == QUESTIONS  # one each, ours reused
        chat.new_conversation()
        growing = [await timed(ours_growing) for _ in range(QUESTIONS)]
        await chat.aclose()
        await auth.aclose()
    print(f"\n--- per question, gateway latency {latency_ms} ms, offline model ---")
    ours_ms = report("ours: reused ChatSession.ask, new conversation each question", reused)
    report(f"ours: reused ChatSession.ask, one conversation of {QUESTIONS} questions", growing)
    article_ms = report("article: new MCP session + initialize + tools/list + call", article)
    target = f" (target >= {TARGET_RATIO:.0f}x)" if latency_ms == 50 else ""
    print(f"article's way / ours: {article_ms / ours_ms:.1f}x{target}")


async def test_per_tool_call_against_raw_mcp(remote_stack: RemoteStack) -> None:
    auth = await signed_in(remote_stack)
    gateway = GatewayClient(remote_stack.profile.gateway_url, auth)
    await gateway.call_tool(TOOL, ARGS)
    url = remote_stack.profile.gateway_url
    async with mcp_session(url, await auth.access_token()) as raw:
        await raw.list_tools()
        await raw.call_tool(TOOL, ARGS)
        direct, ours = await interleaved(
            CALLS, lambda: raw.call_tool(TOOL, ARGS), lambda: gateway.call_tool(TOOL, ARGS)
        )
    await gateway.aclose()
    # The protocol real gateways are offered first (AUTO): stateless 2026-07-28.
    modern = GatewayClient(url, auth, protocol=MODERN)
    await modern.call_tool(TOOL, ARGS)
    stateless = [await timed(lambda: modern.call_tool(TOOL, ARGS)) for _ in range(CALLS)]
    assert modern.protocol_version == MODERN
    await modern.aclose()
    await auth.aclose()
    print(f"\n--- per tool call ({CALLS} calls of {TOOL}, no latency) ---")
    raw_ms = report("raw mcp ClientSession.call_tool", direct)
    ours_ms = report("GatewayClient.call_tool (2025-11-25 session)", ours)
    print(f"added by GatewayClient: {ours_ms - raw_ms:+.2f} ms per call")
    report("GatewayClient.call_tool (2026-07-28, stateless)", stateless)
