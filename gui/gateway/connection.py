"""One MCP session over streamable HTTP, held by the one task that opened it.

::

    caller (any task on the loop)          holding task "agentcore-chat-mcp-session"
    ─────────────────────────────          ──────────────────────────────────────────
    await conn.open() ───────────────────► async with streamable_http_client(...),
         ◄── session (negotiated) ──────────           GatewaySession(...) as session:
    conn.session.call_tool(...)                    negotiate the protocol; on 2026-07-28
                                                   listen for tool-list changes; then
                                                   wait for close()
    await conn.close() ──── stop ────────►     leave both contexts (same task: anyio)
                                               then DELETE the session id (the goodbye)

Protocol versions (``protocol``): :data:`AUTO` offers 2026-07-28 (``server/discover``)
and falls back to the ``initialize`` handshake, where 2025-11-25 is offered and the
gateway may answer an older version it speaks (2025-06-18, ...); :data:`LEGACY` goes
straight to the handshake; :data:`MODERN` speaks 2026-07-28 only. mcp stamps each
request for the version agreed (2026-07-28: no session, ``MCP-Protocol-Version``,
``Mcp-Method`` and ``Mcp-Name`` headers, capabilities in ``_meta``); the version is
kept in ``protocol_version``.

Invariants: the contexts are entered and left in the holding task (anyio cancel scopes
must be); requests go out from the callers' own tasks through ``session``; the goodbye
is our own DELETE, sent after the contexts end; ``close()`` returns within its limit,
cancelling the holder when the goodbye takes too long; why the session ended on its
own is kept in ``failure`` for the caller to map (:mod:`gui.gateway.errors`); an HTTP
404 to a request carrying this session's id marks it ``forgotten`` (the spec: start a
new session), which ends ``alive``. On 2026-07-28 a tool-list change is heard only
while a ``subscriptions/listen`` is acknowledged: ``listen_settled`` is set once the
first one is (or will not be), and ``on_listening`` is told of each acknowledgement,
so the caller can list again what may have changed while nobody listened.

Imports httpx2 and :mod:`gui.errors`; mcp (and :mod:`gui.gateway.wire`) only inside
:meth:`Connection._hold` (it costs ~0.6 s and the window shows first). Knows nothing of
tokens, tools or retries.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx2

from gui.errors import ChatError

if TYPE_CHECKING:
    from gui.gateway.wire import GatewaySession

__all__ = ["AUTO", "CLOSE_TIMEOUT", "LEGACY", "MODERN", "PROTOCOLS", "Connection"]

log = logging.getLogger(__name__)

CLOSE_TIMEOUT = 1.0
_MCP_SESSION_ID = "mcp-session-id"  # Streamable HTTP's session header (and its version's)
_MCP_PROTOCOL_VERSION = "mcp-protocol-version"
AUTO, LEGACY, MODERN = "auto", "legacy", "2026-07-28"
PROTOCOLS = (AUTO, LEGACY, MODERN)
_RELISTEN_DELAY = 5.0  # seconds before listening for changes again after the stream dropped


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
        protocol: str = LEGACY,
        on_elicit: Callable[[Any, Any], Awaitable[Any]] | None = None,
        on_notification: Callable[[Any], Awaitable[None]] | None = None,
        on_listening: Callable[[], None] | None = None,
    ) -> None:
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol must be one of {PROTOCOLS}, not {protocol!r}")
        self._protocol = protocol
        self._url = url
        self._endpoint = httpx2.URL(url)  # compared with each response's request
        self._http = http
        self._on_elicit = on_elicit
        self._on_notification = on_notification
        self._on_listening = on_listening
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.session: GatewaySession | None = None
        #: The gateway's id for this session (from its answer to initialize; None on 2026-07-28).
        self.session_id: str | None = None
        #: The protocol version agreed with the gateway ("" until open).
        self.protocol_version = ""
        #: True once the gateway answered HTTP 404 to this session's id: it forgot it.
        self.forgotten = False
        #: Why the session ended, when it ended on its own (e.g. ConnectError).
        self.failure: BaseException | None = None
        #: Set while a 2026-07-28 ``subscriptions/listen`` for tool changes is acknowledged.
        self.listening = asyncio.Event()
        #: Set once the first listen is acknowledged, refused or dropped, or none is sent.
        self.listen_settled = asyncio.Event()
        self._opening: GatewaySession | None = None  # while negotiating

    @property
    def alive(self) -> bool:
        """True while the session can take requests."""
        return (
            self._task is not None
            and not self._task.done()
            and not self._stop.is_set()
            and not self.forgotten
        )

    async def open(self) -> GatewaySession:
        """Start the holding task; return once the session is negotiated (or raise why not)."""
        ready: asyncio.Future[GatewaySession] = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._hold(ready), name="agentcore-chat-mcp-session")
        self.session = await asyncio.shield(ready)
        return self.session

    async def _hold(self, ready: asyncio.Future[GatewaySession]) -> None:
        from mcp.client.streamable_http import streamable_http_client
        from mcp_types import Implementation

        from gui.gateway.wire import GatewaySession, session_options

        info = Implementation(name="agentcore-chat", version="0.1.0")
        hooks = self._http.event_hooks["response"]
        hooks.append(self._watch)
        follower: asyncio.Task[None] | None = None
        try:
            async with (
                # The goodbye (DELETE) is ours, sent after these contexts end (see _goodbye).
                streamable_http_client(
                    self._url, http_client=self._http, terminate_on_close=False
                ) as (read, write),
                GatewaySession(
                    read,
                    write,
                    client_info=info,
                    # Given a callback, mcp declares elicitation (form and url).
                    elicitation_callback=self._on_elicit,
                    message_handler=self._on_notification,
                    **session_options(),
                ) as session,
            ):
                self._opening = session
                try:
                    await self._negotiate(session)
                finally:
                    self._opening = None
                self.protocol_version = str(session.protocol_version or "")
                log.debug("MCP protocol %s", self.protocol_version)
                ready.set_result(session)
                if self.protocol_version == MODERN and _lists_change(session):
                    follower = asyncio.create_task(self._follow_changes(session))
                else:
                    self.listen_settled.set()  # no changes to listen for
                try:
                    await self._stop.wait()
                finally:
                    if follower is not None:
                        follower.cancel()
                        await asyncio.wait({follower})
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
            self.listen_settled.set()  # nobody waits for a session that ended
            with contextlib.suppress(ValueError):
                hooks.remove(self._watch)
        if self._stop.is_set():
            await self._goodbye()

    async def _negotiate(self, session: GatewaySession) -> None:
        if self._protocol == LEGACY:
            await session.initialize()
        elif self._protocol == MODERN:
            await session.discover()
        else:
            from mcp.client._probe import negotiate_auto  # mcp's own 'auto' policy

            await negotiate_auto(session)

    async def _follow_changes(self, session: GatewaySession) -> None:
        """2026-07-28: hold a ``subscriptions/listen`` for tool-list changes (they reach
        ``on_notification`` like any notification); listen again when the stream drops."""
        from mcp.client.subscriptions import listen
        from mcp.shared.exceptions import MCPError

        while True:
            try:
                async with listen(session, tools_list_changed=True) as changes:
                    self.listening.set()
                    self.listen_settled.set()
                    if self._on_listening is not None:
                        self._on_listening()  # a change before this went unheard
                    async for _ in changes:
                        pass
            except MCPError as exc:
                log.debug("The gateway does not stream changes (%s)", exc.code)
                return
            except Exception as exc:
                log.debug("Listening for tool changes ended: %s", type(exc).__name__)
            finally:
                self.listening.clear()
                self.listen_settled.set()
            await asyncio.sleep(_RELISTEN_DELAY)

    async def _watch(self, response: httpx2.Response) -> None:
        """httpx's response hook: this session's id, and whether the gateway forgot it."""
        request = response.request
        if request.url != self._endpoint:
            return
        if (
            response.status_code in (401, 403)
            and request.headers.get("mcp-method") == "server/discover"
            and self._opening is not None
        ):
            self._opening.probe_refused = True
        sent = request.headers.get(_MCP_SESSION_ID)
        if sent is None:
            if self.session_id is None and _is_initialize(request):
                self.session_id = response.headers.get(_MCP_SESSION_ID)
        elif sent == self.session_id and not self.forgotten and await _unknown(response):
            self.forgotten = True
            log.debug("The gateway no longer knows MCP session %s…", sent[:8])

    async def _goodbye(self) -> None:
        """End the session at the gateway (an HTTP DELETE with its id), as the spec asks.

        Not mcp's own ``terminate_on_close``: that DELETE runs inside its transport's
        task group, and a reply arriving while the session closes (say, to a tools/list
        whose caller was cancelled) fails a reader there, which cancels the DELETE.
        """
        if self.session_id is None:
            return
        headers = {_MCP_SESSION_ID: self.session_id}
        if self.protocol_version:
            headers[_MCP_PROTOCOL_VERSION] = self.protocol_version
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


def _is_initialize(request: httpx2.Request) -> bool:
    """True for the POST that carries ``initialize`` (its answer names the session)."""
    if request.method != "POST":
        return False
    try:
        return json.loads(request.content).get("method") == "initialize"
    except (ValueError, AttributeError, httpx2.RequestNotRead):
        return False


async def _unknown(response: httpx2.Response) -> bool:
    """The answer to a request with our session id says the gateway does not know it.

    Any 404 (the spec: start a new session); a 400 whose JSON-RPC error speaks of the
    session (the TypeScript SDK's "No valid session ID provided", sent without an ``id``,
    which mcp cannot match to the request and so reports without its words).
    """
    if response.status_code == 404:
        return True
    if response.status_code != 400:
        return False
    if not response.headers.get("content-type", "").lower().startswith("application/json"):
        return False
    try:
        body = json.loads(await response.aread())  # read once; mcp reads the cached body
    except (ValueError, httpx2.HTTPError):
        return False
    error = body.get("error") if isinstance(body, dict) else None
    message = error.get("message") if isinstance(error, dict) else None
    return isinstance(message, str) and "session" in message.lower()


def _lists_change(session: GatewaySession) -> bool:
    capabilities = session.server_capabilities
    tools = capabilities.tools if capabilities is not None else None
    return bool(tools is not None and tools.list_changed)
