"""How quickly things stop (printed, not asserted): the figures the tests used to assert.

The tests check that stopping does not wait for the work (a deadline far below the
tool's length); how long it does take is a number to watch, measured here against
the real demo servers on loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

import pytest

from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from gui.gateway.client import GatewayClient
from tests.support.auth import CountingHttp, make_session
from tests.support.chat import sleep_in_flight
from tests.support.figures import report_worst
from tests.support.waiting import wait_until

pytestmark = pytest.mark.benchmark

ROUNDS = 5


async def timed(stop: Callable[[], Awaitable[object]]) -> float:
    """Milliseconds ``stop()`` takes."""
    began = time.perf_counter()
    await stop()
    return (time.perf_counter() - began) * 1000


async def test_gateway_cancel_aclose_and_timeout(stack: DemoStack, session: AuthSession) -> None:
    cancel, close, overshoot = [], [], []
    for _ in range(ROUNDS):
        client = GatewayClient(stack.profile.gateway_url, session)
        await client.list_tools()
        call = await sleep_in_flight(stack, client)

        async def cancelled(call: asyncio.Future[object] = call) -> None:
            call.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await call

        cancel.append(await timed(cancelled))
        call = await sleep_in_flight(stack, client)
        call.cancel()
        close.append(await timed(client.aclose))
        with contextlib.suppress(asyncio.CancelledError):
            await call
        client = GatewayClient(stack.profile.gateway_url, session)
        await client.list_tools()
        began = time.perf_counter()
        with contextlib.suppress(Exception):
            await client.call_tool("diagnostics___sleep", {"seconds": 60}, timeout=0.3)
        overshoot.append((time.perf_counter() - began) * 1000 - 300)
        await client.aclose()
    report_worst("gateway call cancelled mid-tool, until the caller is free", cancel)
    report_worst("GatewayClient.aclose with a call in flight", close)
    report_worst("tool timeout of 300 ms: time past the timeout", overshoot)


async def test_chat_stop_during_a_slow_tool(stack: DemoStack, session: AuthSession) -> None:
    chat = ChatSession(stack.profile, session)
    samples = []
    try:
        await chat.start()
        for _ in range(ROUNDS):
            assert stack.gateway is not None
            before = stack.gateway.call_count("diagnostics___sleep")

            async def consume() -> None:
                async for _event in chat.ask("sleep 60 seconds"):
                    pass

            consumer = asyncio.ensure_future(consume())
            await wait_until(
                lambda before=before: stack.gateway.call_count("diagnostics___sleep") > before, 10
            )

            async def stopped(consumer: asyncio.Future[None] = consumer) -> None:
                chat.stop()
                await consumer

            samples.append(await timed(stopped))
    finally:
        await chat.aclose()
    report_worst("ChatSession.stop during a slow tool, until the answer ends", samples)


async def test_sign_in_cancel_and_close() -> None:
    cancel, close = [], []
    with DemoIdp(interval=0) as idp:
        for _ in range(ROUNDS):
            http = CountingHttp()
            session = make_session(idp, MemoryStore(), http=http)
            code = await session.start_sign_in()
            waiting = asyncio.ensure_future(session.wait_for_approval(code))
            await wait_until(lambda http=http: http.token_posts >= 2, 10)

            async def cancelled(waiting: asyncio.Future[object] = waiting) -> None:
                waiting.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await waiting

            cancel.append(await timed(cancelled))
            session = make_session(idp, MemoryStore(), http=http)
            code = await session.start_sign_in()
            waiting = asyncio.ensure_future(session.wait_for_approval(code))
            await wait_until(lambda http=http: http.token_posts >= 4, 10)
            waiting.cancel()
            close.append(await timed(session.aclose))
            with contextlib.suppress(asyncio.CancelledError):
                await waiting
    report_worst("sign-in polling cancelled, until the task has ended", cancel)
    report_worst("AuthSession.aclose after cancelling a poll", close)
