"""gui/auth/loopback.py: the one-shot listener for the browser's redirect, over real sockets."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from gui.auth.loopback import LoopbackListener, Page, PortTaken


def judge(params: dict[str, str]) -> tuple[Page, str | BaseException]:
    if params.get("fail"):
        return Page(400, "No", "refused"), ValueError(params["fail"])
    return Page(200, "Yes", f"got {params.get('code')}"), params.get("code", "")


async def raw(port: int, request: bytes) -> bytes:
    """Send ``request`` as it is; the whole answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    return answer


@asynccontextmanager
async def listening() -> AsyncIterator[tuple[LoopbackListener[str], int]]:
    """A listener with ``judge`` on any free port, and the port; closed when the block ends."""
    listener: LoopbackListener[str] = LoopbackListener(judge)
    port = await listener.bind()
    try:
        yield listener, port
    finally:
        await listener.aclose()


def get(path: str, port: int, host: str | None = None) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\n\r\n".encode()


async def test_the_callback_gets_a_safe_page_and_the_outcome():
    async with listening() as (listener, port):
        answer = await raw(port, get("/callback?code=%3Cb%3E", port))
        assert await asyncio.wait_for(listener.result(), 5) == "<b>"
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK")
    assert b"Referrer-Policy: no-referrer" in head and b"Cache-Control: no-store" in head
    assert b"Content-Security-Policy: default-src 'none'" in head
    assert b"got &lt;b&gt;" in body and b"<b>" not in body  # escaped
    assert b"You can close this tab" in body


async def test_an_outcome_that_is_an_error_is_raised():
    async with listening() as (listener, port):
        answer = await raw(port, get("/callback?fail=nope", port))
        with pytest.raises(ValueError, match="nope"):
            await asyncio.wait_for(listener.result(), 5)
    assert answer.startswith(b"HTTP/1.1 400")


@pytest.mark.parametrize(
    ("request_of", "status"),
    [
        (lambda port: get("/favicon.ico", port), b"404"),
        (
            lambda port: f"POST /callback HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode(),
            b"405",
        ),
        (lambda port: get("/callback?code=x", port, host=f"evil.example:{port}"), b"400"),
        (lambda port: get("/callback?code=x", port, host="127.0.0.1:1"), b"400"),
    ],
    ids=["other path", "not GET", "rebound host name", "another port"],
)
async def test_other_requests_are_turned_away_and_it_keeps_waiting(request_of, status: bytes):
    async with listening() as (listener, port):
        answer = await raw(port, request_of(port))
        assert answer.split(b" ")[1] == status
        await raw(port, get("/callback?code=later", port))
        assert await asyncio.wait_for(listener.result(), 5) == "later"


async def test_a_repeated_parameter_is_not_taken():
    async with listening() as (listener, port):
        await raw(port, get("/callback?code=a&code=b", port))
        assert await asyncio.wait_for(listener.result(), 5) == ""  # the judge saw no code


async def test_a_silent_connection_does_not_block_the_callback():
    listener: LoopbackListener[str] = LoopbackListener(judge)
    port = await listener.bind()
    _, idle = await asyncio.open_connection("127.0.0.1", port)  # a browser's preconnect
    try:
        await raw(port, get("/callback?code=ok", port))
        assert await asyncio.wait_for(listener.result(), 5) == "ok"
    finally:
        idle.close()
        await listener.aclose()


async def test_only_the_first_callback_counts_and_then_it_stops_listening():
    async with listening() as (listener, port):
        await raw(port, get("/callback?code=first", port))
        assert await asyncio.wait_for(listener.result(), 5) == "first"
        with pytest.raises(OSError):
            await raw(port, get("/callback?code=second", port))


async def test_a_taken_port_is_replaced_by_another(taken_port: int):
    listener: LoopbackListener[str] = LoopbackListener(judge)
    try:
        port = await listener.bind(taken_port)
        assert port != taken_port and port > 0
        assert listener.redirect_uri == f"http://127.0.0.1:{port}/callback"
    finally:
        await listener.aclose()


async def test_a_taken_fixed_port_is_a_clear_error(taken_port: int):
    listener: LoopbackListener[str] = LoopbackListener(judge)
    with pytest.raises(PortTaken, match=f"Port {taken_port} .* in use by another program"):
        await listener.bind(taken_port, fixed=True)
    await listener.aclose()


async def test_a_free_fixed_port_is_used():
    listener: LoopbackListener[str] = LoopbackListener(judge)
    with socket.socket() as probe:  # a port free a moment ago
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    try:
        assert await listener.bind(free, fixed=True) == free
    finally:
        await listener.aclose()
