"""The embedded gateway says nothing when a call is abandoned or cut short by a stop (#17, 13).

The window and ``--demo`` commands run the gateway in their own process, so its log lines
land on the person's terminal. A request the stop cuts short, or whose client or session
has gone, must end without "Exception in ASGI application" (uvicorn) or "Error handling
POST request" (mcp), with a plain answer when one can still be given. Real servers on
loopback; the request that races the stop is written by hand on a raw socket so that it
is parked inside mcp (waiting for the rest of its body) when the sessions end.
The client side of an abandoned call (Stop, Ctrl+C) is tested with the app's own client in
tests/integration/chat/test_quiet_exits.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from gui.demo.gateway import DemoGateway
from gui.demo.stack import DemoStack
from tests.support.raw_mcp import INITIALIZE, mcp_session
from tests.support.stacks import StackFactory
from tests.support.waiting import wait_until


class Records(logging.Handler):
    """Every record at WARNING or above that reaches the loggers it is put on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self) -> list[str]:
        return [f"{r.name}: {r.getMessage()}" for r in self.records]


@contextmanager
def loud_lines() -> Iterator[Records]:
    """What uvicorn and mcp would print (uvicorn's own handler stops at its "uvicorn" logger).

    Enter it after the servers start: uvicorn's logging set-up replaces its loggers' handlers.
    """
    handler = Records()
    loggers = [logging.getLogger(name) for name in ("uvicorn.error", "mcp")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def refused(host: str, port: int) -> bool:
    """True once nothing accepts connections there any more."""
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return True
    return False


async def test_a_request_cut_short_by_the_stop_is_answered_without_a_traceback(
    demo_stack_factory: StackFactory,
) -> None:
    stack: DemoStack = demo_stack_factory()
    gateway = stack.gateway
    assert gateway is not None
    with loud_lines() as loud:
        await cut_short_by_the_stop(stack, gateway)
    assert loud.lines() == []


async def cut_short_by_the_stop(stack: DemoStack, gateway: DemoGateway) -> None:
    """Park a request inside mcp, stop the gateway, then let the request go on."""
    token = stack.idp.mint_access_token()
    async with mcp_session(gateway.url, token) as session:  # the signing key is now cached
        await session.list_tools()
    body = json.dumps(INITIALIZE).encode()
    head = (
        f"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:{gateway.port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json, text/event-stream\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", gateway.port)
    writer.write(head.encode() + body[:10])  # passes the guard, then waits inside mcp
    await writer.drain()
    # The server answered a later request: the parked one has long reached mcp's body read.
    async with mcp_session(gateway.url, token) as session:
        await session.list_tools()

    stopping = threading.Thread(target=gateway.stop)
    stopping.start()
    try:
        # Not accepting any more: the sessions have ended; uvicorn waits for our connection.
        await wait_until(lambda: refused("127.0.0.1", gateway.port), 10, "the stop")
        writer.write(body[10:])
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 10)
    finally:
        writer.close()
        await asyncio.to_thread(stopping.join, 15)
    # mcp's Starlette app answered it as it could (no session manager left): a plain 500.
    assert status.startswith(b"HTTP/1.1 500"), status
