"""A loopback HTTP server answering from a table, for tests of our HTTP client.

Each path maps to (status, headers, body); every request is recorded. Real sockets,
real ``requests`` on the other side: only the server's answers are canned.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


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

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            state.requests.append((self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            canned = state.answers.get(self.path.split("?", 1)[0], Canned(404, b"{}"))
            if canned.delay:
                time.sleep(canned.delay)  # the server's own slowness, in its thread
            self.send_response(canned.status)
            for name, value in canned.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(canned.body)))
            self.end_headers()
            self.wfile.write(canned.body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def refused_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
