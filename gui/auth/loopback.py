"""A one-shot HTTP listener on 127.0.0.1 that receives the browser's redirect (RFC 8252 §7.3).

::

    bind(port, fixed)     127.0.0.1:port; a taken port: another ephemeral one, or (fixed)
                          a clear error; port 0 lets the system choose
    browser ─► GET /callback?...   ─► judge(query) ─► (page, outcome) ─► the page, then
                                      result() returns the outcome; the listener is done
    browser ─► anything else        ─► 404 / 405 / 400 page, and it keeps waiting

It knows nothing of OAuth: the caller's ``judge`` reads the query and says what page the
browser gets and what :meth:`LoopbackListener.result` returns. Only the first callback is
judged; a later one is told the sign-in is over. The ``Host`` header must name this very
listener (a page elsewhere cannot reach it by a rebound DNS name); a request head larger
than :data:`MAX_HEAD` or slower than :data:`READ_TIMEOUT` is dropped. Pages are plain,
script-free HTML with every value escaped, a CSP that allows nothing but inline style, and
no referrer (the address carries the code). Nothing of the query is logged.

Standard library only (asyncio streams); imports :mod:`gui.errors`. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import parse_qs, urlsplit

from gui.errors import AuthError

log = logging.getLogger(__name__)

T = TypeVar("T")

HOST = "127.0.0.1"  # RFC 8252 §8.3: the IP literal, not "localhost"
CALLBACK_PATH = "/callback"
MAX_HEAD = 16 * 1024  # bytes of request line + headers
READ_TIMEOUT = 10.0  # seconds a connection may take to send its request
PAGE_TITLE = "AgentCore Chat sign-in"
_HEADERS = (
    "Content-Type: text/html; charset=utf-8",
    "Cache-Control: no-store",
    "Pragma: no-cache",
    "Referrer-Policy: no-referrer",
    "X-Content-Type-Options: nosniff",
    "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Connection: close",
)
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;margin:4em auto;max-width:34em;padding:0 1em}"
    "h1{font-size:1.3em}@media(prefers-color-scheme:dark){body{background:#15171b;color:#e7e9ed}}"
)


@dataclass(frozen=True)
class Page:
    """What the browser is shown: a status, a heading and one paragraph (plain text)."""

    status: int
    heading: str
    message: str

    def render(self) -> bytes:
        """The whole HTTP response: status line, headers and the escaped HTML page."""
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(PAGE_TITLE)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{html.escape(self.heading)}</h1><p>{html.escape(self.message)}</p>"
            "<p>You can close this tab.</p></body></html>"
        ).encode()
        head = [f"HTTP/1.1 {self.status} {_REASONS.get(self.status, 'Error')}", *_HEADERS]
        head.append(f"Content-Length: {len(body)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


#: Reads the callback's query; returns the page and the outcome (an exception is raised
#: by :meth:`LoopbackListener.result`).
Judge = Callable[[dict[str, str]], tuple[Page, T | BaseException]]


class PortTaken(AuthError):
    """The fixed port the sign-in must listen on is used by another program."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__(
            f"Port {port} on this computer is in use by another program, and the browser "
            "sign-in is set to receive its answer on exactly that port "
            "(AGENTCORE_REDIRECT_PORT). Close the other program, or set another port."
        )


class LoopbackListener(Generic[T]):
    """Waits for one ``GET /callback`` on 127.0.0.1; see the module docstring."""

    def __init__(self, judge: Judge[T]) -> None:
        self._judge = judge
        self._server: asyncio.Server | None = None
        self._port = 0
        self._outcome: asyncio.Future[T] | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._judged = False

    @property
    def port(self) -> int:
        """The port listened on (0 before :meth:`bind`)."""
        return self._port

    @property
    def redirect_uri(self) -> str:
        """``http://127.0.0.1:PORT/callback``: where the provider sends the browser."""
        return f"http://{HOST}:{self._port}{CALLBACK_PATH}"

    async def bind(self, port: int = 0, *, fixed: bool = False) -> int:
        """Listen on ``port`` (0: any free one); returns the port.

        A taken ``port`` is replaced by one the system picks, unless ``fixed``: then
        :class:`PortTaken`. Any other failure to listen is an AuthError saying so.
        """
        self._outcome = asyncio.get_running_loop().create_future()
        try:
            self._server = await self._listen(port)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0:
                raise _cannot_listen(exc) from exc
            if fixed:
                raise PortTaken(port) from exc
            log.info("Port %d is taken; listening on another one", port)
            try:
                self._server = await self._listen(0)
            except OSError as again:
                raise _cannot_listen(again) from again
        self._port = self._server.sockets[0].getsockname()[1]
        return self._port

    async def result(self) -> T:
        """Wait for the first callback; returns (or raises) what ``judge`` made of it."""
        if self._outcome is None:
            raise RuntimeError("bind() first")
        return await asyncio.shield(self._outcome)

    async def aclose(self) -> None:
        """Stop listening and drop every open connection (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.wait(set(self._connections), timeout=1.0)
        if self._outcome is not None and not self._outcome.done():
            self._outcome.cancel()

    # -- serving -------------------------------------------------------------------------

    async def _listen(self, port: int) -> asyncio.Server:
        # No SO_REUSEADDR: a port another program listens on must stay theirs.
        return await asyncio.start_server(
            self._on_connection, HOST, port, limit=MAX_HEAD, reuse_address=False
        )

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        judged: list[T | BaseException] = []
        try:
            page = await self._answer(reader, judged)
            if page is not None:
                writer.write(page.render())
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass  # the browser went away: nothing to tell it
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            if judged:
                self._settle(judged[0])

    async def _answer(
        self, reader: asyncio.StreamReader, judged: list[T | BaseException]
    ) -> Page | None:
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                head = await reader.readuntil(b"\r\n\r\n")
        except (TimeoutError, asyncio.LimitOverrunError, asyncio.IncompleteReadError):
            return None  # a preconnect that never spoke, or a head too large: drop it
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        target = rest.rpartition(" ")[0]
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        if headers.get("host", "").lower() != f"{HOST}:{self._port}":
            return Page(400, "Wrong address", "This page is only for this computer's browser.")
        parts = urlsplit(target)
        if parts.path != CALLBACK_PATH:
            return Page(404, "Not found", "AgentCore Chat is waiting for the sign-in here.")
        if method != "GET":
            return Page(405, "Not allowed", "The sign-in answer comes as a GET request.")
        if self._judged or self._outcome is None or self._outcome.done():
            return Page(400, "Sign-in already finished", "Start a new sign-in in AgentCore Chat.")
        self._judged = True
        query = parse_qs(parts.query, keep_blank_values=True)
        # RFC 6749 §3.1: a repeated parameter makes the answer ambiguous; the judge sees
        # it as absent and refuses.
        params = {key: values[0] for key, values in query.items() if len(values) == 1}
        page, outcome = self._judge(params)
        judged.append(outcome)
        return page

    def _settle(self, outcome: T | BaseException) -> None:
        """After the judged callback's page went out (or failed to): hand on the outcome."""
        if self._server is not None:
            self._server.close()  # one answer only
        if self._outcome is None or self._outcome.done():
            return
        if isinstance(outcome, BaseException):
            self._outcome.set_exception(outcome)
        else:
            self._outcome.set_result(outcome)


def _cannot_listen(exc: OSError) -> AuthError:
    return AuthError(
        f"Cannot listen on {HOST} for the browser's answer ({exc.strerror or exc}). "
        "Try the sign-in with a code instead."
    )
