"""One MCP session over streamable HTTP, held by the one task that opened it.

::

    caller (any task on the loop)          holding task "agentcore-chat-mcp-session"
    ─────────────────────────────          ──────────────────────────────────────────
    await conn.open() ───────────────────► async with streamable_http_client(...),
         ◄── session (initialised) ─────────           ClientSession(...) as session:
    conn.session.call_tool(...)                    initialize; then wait for close()
    await conn.close() ──── stop ────────►     leave both contexts (same task: anyio)
                                               then DELETE the session id (the goodbye)

Invariants: the contexts are entered and left in the holding task (anyio cancel scopes
must be); requests go out from the callers' own tasks through ``session``; the goodbye
is our own DELETE, sent after the contexts end; ``close()`` returns within its limit,
cancelling the holder when the goodbye takes too long; why the session ended on its
own is kept in ``failure`` for the caller to map (:mod:`gui.gateway.errors`).

Imports httpx2 and :mod:`gui.errors`; mcp only inside :meth:`Connection._hold` (it
costs ~0.6 s and the window shows first). Knows nothing of tokens, tools or retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx2

from gui.errors import ChatError

if TYPE_CHECKING:
    from mcp.client.session import ClientSession

__all__ = ["CLOSE_TIMEOUT", "Connection"]

log = logging.getLogger(__name__)

CLOSE_TIMEOUT = 1.0
_MCP_SESSION_ID = "mcp-session-id"  # Streamable HTTP's session header (and its version's)
_MCP_PROTOCOL_VERSION = "mcp-protocol-version"


class Connection:
    """An initialised MCP session whose context managers live in their own task.

    anyio cancel scopes must be left in the task that entered them, so the task
    that opens ``streamable_http_client`` and ``ClientSession`` also closes them;
    requests are made from the callers' tasks through the session object.
    """

    def __init__(
        self,
        url: str,
        http: httpx2.AsyncClient,
        *,
        on_elicit: Callable[[Any, Any], Awaitable[Any]] | None = None,
        on_notification: Callable[[Any], Awaitable[None]] | None = None,
    ) -> None:
        self._url = url
        self._endpoint = httpx2.URL(url)  # compared with each response's request
        self._http = http
        self._on_elicit = on_elicit
        self._on_notification = on_notification
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.session: ClientSession | None = None
        #: The gateway's id for this session (from its answer to initialize).
        self.session_id: str | None = None
        self._protocol_version = ""
        #: Why the session ended, when it ended on its own (e.g. ConnectError).
        self.failure: BaseException | None = None

    @property
    def alive(self) -> bool:
        """True while the session can take requests."""
        return self._task is not None and not self._task.done() and not self._stop.is_set()

    async def open(self) -> ClientSession:
        """Start the holding task; return once the session is initialised (or raise why not)."""
        ready: asyncio.Future[ClientSession] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._hold(ready), name="agentcore-chat-mcp-session")
        self.session = await asyncio.shield(ready)
        return self.session

    async def _hold(self, ready: asyncio.Future[ClientSession]) -> None:
        from mcp.client.session import ClientSession
        from mcp.client.streamable_http import streamable_http_client
        from mcp.types import Implementation

        info = Implementation(name="agentcore-chat", version="0.1.0")
        hooks = self._http.event_hooks["response"]
        hooks.append(self._note_session_id)
        try:
            async with (
                # The goodbye (DELETE) is ours, sent after these contexts end (see _goodbye).
                streamable_http_client(
                    self._url, http_client=self._http, terminate_on_close=False
                ) as (read, write),
                ClientSession(
                    read,
                    write,
                    client_info=info,
                    # Given a callback, mcp declares elicitation (form and url) in initialize.
                    elicitation_callback=self._on_elicit,
                    message_handler=self._on_notification,
                ) as session,
            ):
                initialized = await session.initialize()
                self._protocol_version = str(initialized.protocol_version)
                ready.set_result(session)
                await self._stop.wait()
        except asyncio.CancelledError:
            if not ready.done():  # closed while opening: the opener was not cancelled itself
                ready.set_exception(ChatError("The connection to the gateway was closed."))
            raise
        except BaseException as exc:  # kept for the callers; the task itself ends quietly
            self.failure = exc
            if not ready.done():
                ready.set_exception(exc)
            log.debug("MCP session ended: %s", type(exc).__name__)
        finally:
            with contextlib.suppress(ValueError):
                hooks.remove(self._note_session_id)
        if self._stop.is_set():
            await self._goodbye()

    async def _note_session_id(self, response: httpx2.Response) -> None:
        """httpx's response hook: the id the gateway gave this connection's initialize."""
        request = response.request
        if (
            self.session_id is None
            and _MCP_SESSION_ID not in request.headers
            and request.url == self._endpoint
        ):
            self.session_id = response.headers.get(_MCP_SESSION_ID)

    async def _goodbye(self) -> None:
        """End the session at the gateway (an HTTP DELETE with its id), as the spec asks.

        Not mcp's own ``terminate_on_close``: that DELETE runs inside its transport's
        task group, and a reply arriving while the session closes (say, to a tools/list
        whose caller was cancelled) fails a reader there, which cancels the DELETE.
        """
        if self.session_id is None:
            return
        headers = {_MCP_SESSION_ID: self.session_id}
        if self._protocol_version:
            headers[_MCP_PROTOCOL_VERSION] = self._protocol_version
        try:
            response = await self._http.delete(self._url, headers=headers)
        except Exception as exc:  # the gateway will expire the session on its own
            log.debug("Ending the MCP session failed: %s", type(exc).__name__)
            return
        if response.status_code not in (200, 202, 204, 404, 405):
            log.debug("Ending the MCP session: HTTP %d", response.status_code)

    async def ended(self, within: float) -> None:
        """Wait (up to ``within`` s) for the session's task to end and record why."""
        if self._task is not None and not self._task.done():
            await asyncio.wait({self._task}, timeout=within)

    async def close(self, within: float = CLOSE_TIMEOUT) -> None:
        """End the session (DELETE to the gateway), cancelling it if that takes too long."""
        self._stop.set()
        task = self._task
        if task is None or task.done():
            return
        _, pending = await asyncio.wait({task}, timeout=within * 0.7)
        if pending:
            task.cancel()
            await asyncio.wait({task}, timeout=within * 0.3)
