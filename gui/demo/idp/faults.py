"""Faults the tests inject into the demo provider, and the door every request comes through.

``FaultBook`` holds the queued faults per path (any method, query ignored), filled from the
tests' thread by ``DemoIdp.inject_fault``. ``FaultDoor`` is the outermost ASGI layer::

    request ─► body over 64 KiB? ─► 413
            ─► body read in full (closing the socket must never meet unread data)
            ─► a fault for the path? ─► wait its delay (cut short when the server stops:
                                        the connection is dropped then)
                                    ─► drop the connection | answer the canned status
                                    | go on to the real answer
            ─► the Starlette app (``gui.demo.idp.app``)

It also logs each request at debug level, by path only (a query may carry a user code),
and closes the connection after every answer: one request per connection, as the provider
always served, so a proxy in the tests sees each request as its own connection.

May import: ``gui.demo.runner`` (hang_up, read_body, replay, stopped_within), starlette.
No Qt, and nothing of the provider's state.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from dataclasses import dataclass

from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gui.demo.runner import hang_up, read_body, replay, stopped_within

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


@dataclass
class Fault:
    """One injected misbehaviour, answering the next ``remaining`` requests to its path.

    The options are ``DemoIdp.inject_fault``'s (``remaining`` is its ``count``); they are
    checked here, and a status without a body gets a JSON ``server_error`` body.
    """

    status: int | None = None
    body: bytes | None = None
    content_type: str = "application/json"
    delay: float = 0.0
    remaining: int = 1
    close_connection: bool = False
    headers: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.remaining < 1:
            raise ValueError("count must be at least 1")
        if self.delay < 0:
            raise ValueError("delay must not be negative")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError(f"not an HTTP status: {self.status}")
        if self.status is None and self.body is not None:
            raise ValueError("a fault body needs a status")
        if self.status is not None and self.body is None:
            self.body = (
                json.dumps(
                    {
                        "error": "server_error",
                        "error_description": f"injected fault ({self.status})",
                    }
                ).encode("utf-8")
                if "json" in self.content_type
                else b""
            )


class FaultBook:
    """The queued faults per path; thread-safe (tests inject while the server answers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, list[Fault]] = {}

    def inject(self, path: str, fault: Fault) -> None:
        """Queue ``fault`` for the next requests to ``path``."""
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/', not {path!r}")
        with self._lock:
            self._faults.setdefault(path, []).append(fault)

    def clear(self) -> None:
        """Forget every fault that has not fired yet."""
        with self._lock:
            self._faults.clear()

    def pending(self, path: str) -> int:
        """How many requests to ``path`` the queued faults will still answer."""
        with self._lock:
            return sum(f.remaining for f in self._faults.get(path, []))

    def take(self, path: str) -> Fault | None:
        """The fault for this request to ``path``, if any (it counts as used)."""
        with self._lock:
            queue = self._faults.get(path)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
                if not queue:
                    del self._faults[path]
            return fault


class FaultDoor:
    """ASGI: body limit, injected faults and the request log in front of ``app``."""

    def __init__(self, app: ASGIApp, book: FaultBook) -> None:
        self._app = app
        self._book = book
        self._stopping = asyncio.Event()  # set on the server's loop, when it stops

    def stopping(self) -> None:
        """The server is stopping: cut injected delays short (runs on the server's loop)."""
        self._stopping.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path: str = scope["path"]
        status: list[int] = []

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        await self._answer(scope, receive, logged_send)
        logger.debug("%s %s -> %s", scope["method"], path, status[0] if status else "dropped")

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(scope, receive, MAX_BODY)
        if body is None:
            answer = {"error": "invalid_request", "error_description": "Request body too large."}
            await _no_store(JSONResponse(answer, 413))(scope, receive, send)
            return
        fault = self._book.take(scope["path"])
        if fault is not None:
            if fault.delay > 0 and await stopped_within(self._stopping, fault.delay):
                await hang_up(scope, receive)  # the server is stopping: don't hold it up
                return
            if fault.close_connection:
                await hang_up(scope, receive)
                return
            if fault.status is not None:
                headers = {"Content-Type": fault.content_type, **dict(fault.headers)}
                canned = Response(fault.body or b"", fault.status, headers)
                await _no_store(canned)(scope, receive, send)
                return
        await self._app(scope, replay(body, receive), send)


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
