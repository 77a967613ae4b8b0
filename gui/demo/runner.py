"""Running a demo server: an ASGI app under uvicorn in a daemon thread, and ``with server:``.

Both embedded servers (``gui.demo.idp`` and ``gui.demo.gateway``) run through
:class:`ServerThread`, so a synchronous test, a terminal command or the Qt app can start
and stop them without an event loop of their own::

    start(app, host, port) ─► socket bound and listening here (a busy port fails at once,
                              early connections wait in the backlog)
                          ─► thread "demo-…": asyncio.run(uvicorn serve) on that socket
                          ◄─ returns the port once uvicorn accepts connections
    stop()                ─► on_stopping() on the server's loop (the app ends long waits
                              and open streams), then uvicorn shuts down; thread joined

Invariants: a server only ever answers on the socket it was given; stop() is safe twice or
before start(); access logs stay off (paths may carry user codes).

:func:`hang_up` closes the connection a request came on without any answer (the fault the
tests call a dropped connection); ASGI has no message for that, so the HTTP protocol is
uvicorn's h11 one, remembering each open transport by its addresses.

:func:`read_body` and :func:`replay` let a layer read a request's body (bounded) before
the app behind it does (the IdP's fault door, the gateway's per-tool scope check).

:class:`StartStop` is the one owner of the ``with x:`` protocol for the demo servers and
the stacks built from them (``gui.demo.stack``, ``tests/support/remote_stack.py``).

May import: asyncio, socket, threading, uvicorn, starlette's ASGI types, ``gui.demo.tls``.
No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Self

import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope
from uvicorn.protocols.http.h11_impl import H11Protocol

from gui.demo.tls import ServerCert

_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0

# (server address, client address) -> the transport, for every open connection of every
# ServerThread in this process. The pair names one TCP connection, so servers never clash.
_Address = tuple[str, int] | None
_transports: dict[tuple[_Address, _Address], asyncio.Transport] = {}


class StartStop(ABC):
    """``with x:`` starts ``x`` unless it is running already, and stops it at the end."""

    @property
    @abstractmethod
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""

    @abstractmethod
    def start(self) -> Self:
        """Start serving; returns ``self``."""

    @abstractmethod
    def stop(self) -> None:
        """Stop serving; safe to call twice."""

    def __enter__(self) -> Self:
        if not self.running:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class _TrackedH11(H11Protocol):
    """uvicorn's h11 protocol, registering its transport so that :func:`hang_up` finds it."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # asyncio sets TCP_NODELAY only on sockets made with proto IPPROTO_TCP, and ours
        # (bound by _bind) has proto 0: without it, Nagle holds the body of a response sent
        # in two writes until the client's delayed ACK, ~40 ms a request.
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        _transports[(self.server, self.client)] = transport

    def connection_lost(self, exc: Exception | None) -> None:
        _transports.pop((self.server, self.client), None)
        super().connection_lost(exc)


async def hang_up(scope: Scope, receive: Receive) -> None:
    """Close the connection ``scope`` came on without answering, and wait until it is gone.

    Call it after reading the request body: unread data would turn the close into a reset.
    """
    transport = _transports.get((_address(scope.get("server")), _address(scope.get("client"))))
    if transport is None:
        return
    transport.abort()
    # uvicorn notices on its next loop turn; returning earlier would make it answer 500.
    while (await receive())["type"] != "http.disconnect":
        pass


async def read_body(scope: Scope, receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when it is larger than ``limit`` bytes."""
    for name, value in scope.get("headers", []):
        if name == b"content-length" and (not value.isdigit() or int(value) > limit):
            return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away; the answer goes nowhere
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands out the already-read body once, then the real messages."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replayed


async def stopped_within(stopping: asyncio.Event, seconds: float) -> bool:
    """Wait ``seconds``, or less: True as soon as ``stopping`` is set (the server stops).

    A request that waits on purpose (an injected delay) uses it with an event its app sets
    from ``on_stopping``, so that it never holds up ``stop()``.
    """
    if stopping.is_set():
        return True
    try:
        async with asyncio.timeout(seconds):
            await stopping.wait()
    except TimeoutError:
        return False
    return True


def _address(value: Any) -> _Address:
    return (str(value[0]), int(value[1])) if value else None


class ServerThread:
    """uvicorn serving one app at a time on a loopback socket, in a daemon thread."""

    def __init__(self, name: str, *, tls: ServerCert | None = None) -> None:
        """``name`` prefixes the thread's name; ``tls`` makes it serve https."""
        self._name = name
        self._tls = tls
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._on_stopping: Callable[[], None] | None = None

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._thread is not None

    def start(
        self,
        app: ASGIApp,
        host: str,
        port: int,
        *,
        on_stopping: Callable[[], None] | None = None,
    ) -> int:
        """Serve ``app`` on ``host:port`` (0: any free port); returns the bound port.

        ``on_stopping`` runs on the server's loop when ``stop()`` begins, before uvicorn
        waits for connections to drain. Raises ``OSError`` when the port cannot be bound
        and ``RuntimeError`` when uvicorn does not come up.
        """
        if self._thread is not None:
            raise RuntimeError(f"{self._name} is already running")
        sock = _bind(host, port)
        bound = int(sock.getsockname()[1])
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,  # keeps paths out of the log; headers are never logged anyway
            lifespan="on",
            ws="none",
            loop="asyncio",
            http=_TrackedH11,
            # Backstop only: on_stopping ends long requests first, so connections drain at once.
            timeout_graceful_shutdown=2,
            ssl_certfile=self._tls.certfile if self._tls else None,
            ssl_keyfile=self._tls.keyfile if self._tls else None,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=self._run, args=(server, sock), name=f"{self._name}-{bound}", daemon=True
        )
        self._server, self._thread, self._socket = server, thread, sock
        self._on_stopping = on_stopping
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self._name} did not start")
            time.sleep(0.01)  # a thread handoff, not a test wait: uvicorn has no started event
        return bound

    def stop(self) -> None:
        """Stop serving and free the port. Safe to call twice or before ``start()``."""
        server, thread, sock, loop = self._server, self._thread, self._socket, self._loop
        on_stopping = self._on_stopping
        self._server = self._thread = self._socket = self._loop = self._on_stopping = None
        if server is None or thread is None:
            return
        if loop is not None and on_stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already ended
                loop.call_soon_threadsafe(on_stopping)
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(_STOP_TIMEOUT)
        if sock is not None:
            sock.close()  # uvicorn closes it too; closing twice is harmless

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        asyncio.run(self._serve(server, sock))

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        self._loop = asyncio.get_running_loop()
        await server.serve(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # SO_REUSEADDR: a restart on the same port must not trip over TIME_WAIT connections.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock
