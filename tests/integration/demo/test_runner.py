"""The demo servers' runner: what every demo server (sign-in, gateway, doubles) inherits."""

from __future__ import annotations

import socket

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gui.demo import runner
from gui.demo.runner import ServerThread


async def _hello(_request: Request) -> JSONResponse:
    return JSONResponse({"hello": "world"})  # sent in two writes: headers, then body


def test_accepted_connections_send_without_nagle_delay() -> None:
    """TCP_NODELAY on each accepted socket: asyncio sets it only for proto IPPROTO_TCP
    sockets, and ours is bound with proto 0, so every request waited ~40 ms for the
    client's delayed ACK before its body left (what made a 2026-07-28 call cost 48 ms)."""
    server = ServerThread("test-runner")
    port = server.start(Starlette(routes=[Route("/", _hello)]), "127.0.0.1", 0)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b""
            while not answer.endswith(b'{"hello":"world"}'):
                chunk = client.recv(65536)
                assert chunk, answer
                answer += chunk
            mine = client.getsockname()
            accepted = [
                transport.get_extra_info("socket")
                for (_, peer), transport in runner._transports.items()
                if peer == mine
            ]
            assert len(accepted) == 1
            assert accepted[0].getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        server.stop()
