"""The one way tests wait: on a condition, with a deadline, never on time alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any


async def wait_until(
    predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition"
) -> None:
    """Let the loop run until ``predicate()`` is true; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.02)  # yields to the loop; the deadline bounds the wait


def signal_future(signal: Any) -> asyncio.Future[tuple[Any, ...]]:
    """A future resolved with the arguments of a Qt signal's next emission.

    Inside an ``async def`` test on the qasync loop, ``qtbot.waitSignal`` would
    re-enter the loop ("Cannot enter into task"); await this instead.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def on_emit(*args: Any) -> None:
        if not future.done():
            future.set_result(args)
        signal.disconnect(on_emit)

    signal.connect(on_emit)
    return future


async def until_listening(client: Any, timeout: float = 10.0) -> None:
    """On 2026-07-28, wait until ``client`` (a GatewayClient) holds its ``subscriptions/listen``.

    A tool-list change published before the gateway acknowledged the listen is not sent
    again, so a test that changes the list waits for this first. On 2025-11-25 changes
    come on the session itself: nothing to wait for.
    """
    if client.protocol_version != "2026-07-28":
        return
    await wait_until(
        lambda: client._conn is not None and client._conn.listening.is_set(),
        timeout,
        "the tool-change listen to be acknowledged",
    )
