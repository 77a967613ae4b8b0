"""A loopback HTTP server answering from a table, for tests of our HTTP client.

Each path maps to (status, headers, body); every request is recorded. Real sockets,
real ``requests`` on the other side: only the server's answers are canned. It runs on
the demo servers' runner (``gui.demo.runner``): Starlette under uvicorn in a thread.

Also the small pieces the other loopback doubles share: for those built on ``http.server``,
:class:`QuietHandler` (logs nothing), :func:`serving` (runs one in a thread) and
:func:`send_json`; an https file server with its own CA (:func:`https_server`); and a port
nothing listens on (:func:`refused_port`).
"""

from __future__ import annotations

import asyncio
import http.server
import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gui.demo.runner import ServerThread, stopped_within
from tests.support.tls import LocalCA


@dataclass
class Canned:
    """What the server answers for one path."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0  # seconds before answering: a server that is slow to answer


@dataclass
class CannedServer:
    """The running server: its base URL, its table and what it was asked."""

    url: str
    answers: dict[str, Canned]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path with query)


@contextmanager
def canned_server(answers: dict[str, Canned]) -> Iterator[CannedServer]:
    """Serve ``answers`` on 127.0.0.1 (unknown paths: 404) until the block ends."""
    state = CannedServer(url="", answers=answers)
    stopping = asyncio.Event()  # set on the server's loop when the block ends

    async def answer(request: Request) -> Response:
        target = request.scope["raw_path"].decode("latin-1")
        if request.url.query:
            target += f"?{request.url.query}"
        state.requests.append((request.method, target))
        await request.body()
        canned = state.answers.get(request.url.path, Canned(404, b"{}"))
        if canned.delay:
            await stopped_within(stopping, canned.delay)  # the server's own slowness
        return Response(canned.body, canned.status, headers=canned.headers)

    app = Starlette(routes=[Route("/{path:path}", answer, methods=["GET", "POST"])])
    runner = ServerThread("canned-server")
    port = runner.start(app, "127.0.0.1", 0, on_stopping=stopping.set)
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state
    finally:
        runner.stop()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    """A request handler that writes no access log to stderr."""

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(
    handler: type[http.server.BaseHTTPRequestHandler],
    *,
    name: str | None = None,
    tls: ssl.SSLContext | None = None,
) -> Iterator[int]:
    """Serve ``handler`` on 127.0.0.1 in a daemon thread (over ``tls`` when given); its port."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def send_json(
    handler: http.server.BaseHTTPRequestHandler,
    status: int,
    payload: Any,
    headers: dict[str, str] | None = None,
) -> None:
    """Answer ``handler``'s request with ``payload`` as JSON, and ``headers`` besides."""
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def refused_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def https_server(folder: Path, answers: dict[str, tuple[int, str, bytes]]) -> Iterator[str]:
    """An https server on 127.0.0.1 answering ``path -> (status, content type, body)``."""
    ca = LocalCA(folder)

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            status, kind, body = answers.get(self.path, (404, "text/plain", b""))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if status in (301, 302):
                self.send_header("Location", body.decode())
                body = b""
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(Handler, tls=ca.issue().server_context()) as port:
        yield f"https://127.0.0.1:{port}|{ca.ca_file}"
