"""The AgentCore Gateway's tools for one signed-in person: one MCP session, reused, authorised.

::

    GatewayClient ──► Connection (gui.gateway.connection): a task that holds
         │              streamable_http_client + ClientSession (entered and left in that
         │              one task, as anyio requires); a new one when the gateway forgot it
         ├──► httpx2.AsyncClient(auth=BearerAuth(tokens))   one client for every session
         │              (gui.gateway.auth: bearer token, 401 → refresh once → retry)
         └──► callers: list_tools() / call_tool() from any task on the same loop

- Every request first checks the token in the caller's task (so SessionExpired and
  friends surface there); a failure is mapped by :mod:`gui.gateway.errors`, after
  asking ``BearerAuth`` whether an auth problem lies behind mcp's generic error.
- When the gateway has forgotten the session (HTTP 404 to its id, or an error saying the
  session is unknown: a restart, AgentCore's absolute session timeout) or the
  connection broke, a new session is opened and the request sent once more, silently
  (counted in ``sessions_renewed`` and the debug log); a tool call only when it cannot
  have run (:func:`~gui.gateway.errors.never_ran`).
- The protocol (``protocol``, see :mod:`gui.gateway.connection`): 2026-07-28 offered
  first with ``AUTO``, the ``initialize`` handshake otherwise; ``protocol_version``
  names the one agreed. This class defaults to the handshake (``LEGACY``); the
  composition root passes ``AUTO`` (:func:`gui.services.gateway_protocol`, which
  ``AGENTCORE_MCP_PROTOCOL`` pins).
- Every ``tools/call`` carries a ``progressToken``; what happens during a call reaches
  the caller's ``on_event`` (:mod:`gui.gateway.calls`): progress, a task's status, a
  link the server asks the person to open. Cancelling the awaiting task cancels the
  request at the gateway (``notifications/cancelled``; on 2026-07-28 the request's
  stream is closed) and a task with ``tasks/cancel`` (:mod:`gui.gateway.tasks`).
- A tool with ``taskSupport: "required"`` is called as a task (2025-11-25); on
  2026-07-28 the gateway may answer any call with a task (the tasks extension is
  declared); input asked between rounds (``input_required``) is answered and sent back.
- Consent (AgentCore Identity 3LO): JSON-RPC -32042 leaves as
  :class:`~gui.errors.ConsentRequired` (message and link); a URL-mode
  ``elicitation/create`` becomes a :class:`~gui.gateway.calls.ConsentAsked` event on
  the call; both wait in ``consents`` (:mod:`gui.gateway.consent`), which
  ``notifications/elicitation/complete`` also resolves. A form (``elicitation/create``,
  form mode) goes to ``form_handler`` (:mod:`gui.gateway.elicit`); the calls' deadlines
  pause while the person answers.
- ``notifications/tools/list_changed``: the tools are listed again and every
  :meth:`GatewayClient.watch_tools` callback hears the new list.
- Results are read by :func:`~gui.gateway.tools.tool_result` (what the person sees, what
  the model reads), structured content checked against the tool's output schema
  (:mod:`gui.gateway.validation`); a policy denial is a result, not an error.
- Every failure leaves as a :class:`~gui.errors.AppError` with a message for people; no
  token and no raw library text reaches a message or a log.
- Trust (OS store + ``ca_file``) and the proxy come from :mod:`gui.net`, exactly as
  for sign-in; httpx2's own environment lookup (``trust_env``) is off.

Imports httpx2, the rest of :mod:`gui.gateway`, :mod:`gui.net`, :mod:`gui.aio`,
:mod:`gui.errors` and :mod:`gui.untrusted`; mcp only inside functions (it costs ~0.6 s
and the window shows first). Never Qt, strands or the agent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx2

from gui import net
from gui.aio import run_blocking
from gui.errors import AppError, ChatError, GatewayUnreachable, ToolFailed, ToolTimeout
from gui.gateway.auth import REFRESH_MARGIN, BearerAuth, TokenSource
from gui.gateway.calls import CallScope, EventSink, Progress, current_call
from gui.gateway.connection import CLOSE_TIMEOUT, LEGACY, MODERN, Connection
from gui.gateway.consent import SERVER, ConsentWaits
from gui.gateway.elicit import Elicitor
from gui.gateway.errors import (
    LargeAnswers,
    PolicyDenied,
    gateway_error,
    mcp_error,
    never_ran,
    session_lost,
)
from gui.gateway.forms import FormHandler
from gui.gateway.tasks import TaskEnded, follow_modern_task, resolve_input_rounds, run_legacy_task
from gui.gateway.tools import (
    ToolInfo,
    ToolResult,
    denied_result,
    tool_error_detail,
    tool_infos,
    tool_result,
)
from gui.gateway.validation import structured_problem
from gui.untrusted import MAX_DETAIL, one_line

if TYPE_CHECKING:
    from gui.gateway.wire import GatewaySession

ToolsWatcher = Callable[[list[ToolInfo]], None]

__all__ = ["GatewayClient"]

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT = 15.0
LISTEN_WAIT = 2.0  # seconds a new session's first request waits for the listen's ack
DEFAULT_CALL_TIMEOUT = 60.0
MAX_TOOL_PAGES = 100  # a gateway that pages forever must not hang the app


class GatewayClient:
    """The gateway's tools for one signed-in person, over one reused MCP session."""

    def __init__(
        self,
        url: str,
        tokens: TokenSource,
        *,
        refresh_margin: float = REFRESH_MARGIN,
        connect_timeout: float = CONNECT_TIMEOUT,
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
        ca_file: str = "",
        protocol: str = LEGACY,
        issuer: str = "",
    ) -> None:
        """``issuer``: the profile's sign-in server, to name a gateway that trusts another."""
        parts = urlsplit(url)
        self.url = url
        #: Host (and port) named in messages, e.g. ``gw.example.com``.
        self.host = parts.netloc.rpartition("@")[2] or url
        self._hostname = parts.hostname or self.host
        self._ca_file = ca_file
        self.call_timeout = call_timeout
        self._tokens = tokens
        self._refresh_margin = refresh_margin
        self._connect_timeout = connect_timeout
        self._auth = BearerAuth(
            tokens, min_ttl=refresh_margin, issuer=issuer, resource=url, ca_file=ca_file
        )
        self._large = LargeAnswers()  # sees what mcp reports as a lost stream (errors.py)
        self._http: httpx2.AsyncClient | None = None
        self._proxy: str | None = None
        self._conn: Connection | None = None
        self._connect_lock = asyncio.Lock()
        self._closing: set[asyncio.Task[None]] = set()
        self.protocol = protocol
        self._tools: list[ToolInfo] | None = None
        self._by_key: dict[str, ToolInfo] = {}
        self._closed = False
        #: How many MCP sessions this client opened (1 while the gateway keeps it).
        self.sessions_opened = 0
        #: How many of them replaced a session the gateway had forgotten or dropped.
        self.sessions_renewed = 0
        #: Tool calls waiting for the person's consent (see gui.gateway.consent).
        self.consents = ConsentWaits()
        # The deadlines of the tool calls in flight (and their lengths): a form pauses them.
        self._deadlines: dict[asyncio.Timeout, float] = {}
        self._elicitor = Elicitor(server=self.host, consents=self.consents, pause=self._paused)
        self._watchers: list[ToolsWatcher] = []
        self._relisting: asyncio.Task[None] | None = None
        self._list_again = False

    # -- public API ----------------------------------------------------------------------

    @property
    def form_handler(self) -> FormHandler | None:
        """Answers the forms a server asks for mid-call; None cancels them."""
        return self._elicitor.form_handler

    @form_handler.setter
    def form_handler(self, handler: FormHandler | None) -> None:
        self._elicitor.form_handler = handler

    @property
    def protocol_version(self) -> str:
        """The MCP protocol version agreed with the gateway ("" before the first request)."""
        conn = self._conn
        return conn.protocol_version if conn is not None else ""

    def watch_tools(self, callback: ToolsWatcher) -> Callable[[], None]:
        """Hear the new tool list whenever the gateway says it changed; returns an unsubscribe."""
        self._watchers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._watchers.remove(callback)

        return unsubscribe

    async def connect(self) -> None:
        """Open the MCP session now rather than on the first request."""
        await self._check_token()
        await self._connection()

    async def list_tools(self, refresh: bool = False) -> list[ToolInfo]:
        """The gateway's tools (every page), cached until ``refresh``."""
        if self._tools is None or refresh:
            listed = await self._run(_list_all_tools)
            tools = tool_infos(listed)
            self._tools = tools
            self._by_key = {t.name: t for t in tools} | {t.alias: t for t in tools}
        return list(self._tools)

    async def resolve(self, name_or_alias: str) -> ToolInfo:
        """The tool with this name or alias; ChatError when the gateway has none."""
        await self.list_tools()
        info = self._by_key.get(name_or_alias)
        if info is None:
            raise ChatError(
                f"The gateway has no tool named '{one_line(name_or_alias, MAX_DETAIL)}'. "
                "List them with: agentcore-chat tools"
            )
        return info

    async def call_tool(
        self,
        name_or_alias: str,
        arguments: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - a per-call deadline is the API
        on_event: EventSink | None = None,
    ) -> ToolResult:
        """Call a tool; an error the tool reports comes back as ``is_error=True``.

        ``on_event`` hears what happens meanwhile (:mod:`gui.gateway.calls`). Raises
        ToolTimeout after ``timeout`` seconds (default ``call_timeout``; a task is bounded
        by its own ``ttl`` instead), GatewayUnreachable, NotAuthorised, Forbidden,
        ConsentRequired, the token source's errors, or ChatError. Cancelling the awaiting
        task cancels the call at the gateway.
        """
        info = await self.resolve(name_or_alias)
        limit = self.call_timeout if timeout is None else timeout
        scope = CallScope(info.name, info.title, self.host, on_event)
        token = current_call.set(scope)
        try:
            async with asyncio.timeout(limit) as deadline:
                self._deadlines[deadline] = limit

                def untimed() -> None:  # a task runs as long as it needs (its ttl bounds it)
                    self._deadlines.pop(deadline, None)
                    deadline.reschedule(None)

                try:
                    raw = await self._run(
                        lambda session: self._call(session, info, arguments or {}, scope, untimed),
                        replayable=False,
                    )
                finally:
                    self._deadlines.pop(deadline, None)
        except TimeoutError:
            raise ToolTimeout(f"{info.title} did not answer within {limit:g} s.") from None
        except PolicyDenied as denied:
            return denied_result(info, denied.server_message)
        except TaskEnded as ended:
            return ToolResult(
                info.name, info.title, f"{info.title}: {ended.message}", is_error=True
            )
        finally:
            current_call.reset(token)
            scope.close()
        problem = ""
        if not raw.is_error:
            problem = await structured_problem(info.output_schema, raw.structured_content)
        return tool_result(info, raw, structured_problem=problem)

    async def _call(
        self,
        session: GatewaySession,
        info: ToolInfo,
        arguments: dict[str, Any],
        scope: CallScope,
        untimed: Callable[[], None],
    ) -> Any:
        """One ``tools/call`` to its final ``CallToolResult``: rounds of input, tasks, progress."""
        from mcp.client.session import ClientRequestContext

        from gui.gateway.wire import ModernTask

        async def progress(done: float, total: float | None, message: str | None) -> None:
            scope.emit(Progress(done, total, one_line(message or "", MAX_DETAIL)))

        async def dispatch(key: str, request: Any) -> Any:
            meta = request.params.meta if request.params is not None else None
            context = ClientRequestContext(session=session, request_id=key, meta=meta)
            return await session.dispatch_input_request(context, request)

        async def send(answers: dict[str, Any] | None = None, state: str | None = None) -> Any:
            return await session.call_tool(
                info.name,
                arguments,
                progress_callback=progress,  # every call carries a progressToken
                input_responses=answers,
                request_state=state,
                allow_input_required=True,
                allow_claimed=True,
            )

        modern = session.protocol_version == MODERN
        if info.needs_task and not modern:
            untimed()
            return await run_legacy_task(session, info.name, arguments, scope, self._spawn)
        result = await resolve_input_rounds(await send(), send, dispatch)
        if isinstance(result, ModernTask):
            untimed()
            return await follow_modern_task(session, result, scope, dispatch, self._spawn)
        return result

    async def call_tool_or_raise(
        self,
        name_or_alias: str,
        arguments: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,  # noqa: ASYNC109 - as call_tool
    ) -> ToolResult:
        """Like :meth:`call_tool`, but a tool-reported error raises ToolFailed."""
        result = await self.call_tool(name_or_alias, arguments, timeout=timeout)
        if result.is_error:
            raise ToolFailed(f"{result.title} failed: {tool_error_detail(result)}")
        return result

    async def aclose(self) -> None:
        """Close the session and the HTTP client; returns within about a second."""
        self._closed = True
        if self._relisting is not None:
            self._relisting.cancel()
        conn, self._conn = self._conn, None
        if conn is not None:
            self._close_later(conn)
        if self._closing:
            await asyncio.wait(set(self._closing), timeout=CLOSE_TIMEOUT)
        http, self._http = self._http, None
        if http is not None:
            with contextlib.suppress(Exception, TimeoutError):
                await asyncio.wait_for(http.aclose(), 0.2)

    # -- internals -----------------------------------------------------------------------

    async def _check_token(self) -> None:
        # Raises SessionExpired / AccessRevoked / NetworkError in the caller's own task.
        await self._tokens.access_token(self._refresh_margin)

    async def _run(
        self, request: Callable[[GatewaySession], Awaitable[T]], *, replayable: bool = True
    ) -> T:
        """Make one request; reconnect and retry once when the session or connection was lost.

        A request that is not ``replayable`` (a tool call: it may change data) is sent
        again only when it cannot have run: the gateway did not know the session, or
        the connection was refused. A connection lost mid-call is reported instead.
        """
        if self._closed:
            raise ChatError("The connection to the gateway was closed.")
        await self._check_token()
        for attempt in (1, 2):
            conn = await self._connection()
            assert conn.session is not None
            mark, big = self._auth.mark(), self._large.mark()
            try:
                return await request(conn.session)
            except Exception as exc:
                problem = self._auth.problem_since(mark)
                if problem is not None:
                    raise problem from None
                error = mcp_error(exc)
                if (
                    attempt == 1
                    and session_lost(error, conn)
                    and (replayable or await never_ran(error, conn))
                ):
                    self.sessions_renewed += 1
                    log.debug(
                        "The gateway lost the MCP session; opening a new one (%d renewed)",
                        self.sessions_renewed,
                    )
                    self._discard(conn)
                    continue
                raise self._mapped(
                    exc,
                    error,
                    conn,
                    status=self._auth.status_since(mark),
                    too_large=self._large.too_large_since(big),
                ) from None
        raise AssertionError("unreachable")

    async def _connection(self) -> Connection:
        conn = self._conn
        if conn is not None and conn.alive:
            return conn
        async with self._connect_lock:
            if self._closed:
                raise ChatError("The connection to the gateway was closed.")
            if self._conn is not None and self._conn.alive:
                return self._conn
            if self._conn is not None:
                self._discard(self._conn)
            conn = await self._open()
            if self._closed:  # aclose() ran while we were connecting
                self._close_later(conn)
                raise ChatError("The connection to the gateway was closed.")
            self._conn = conn
            return conn

    async def _open(self) -> Connection:
        if self._http is None:
            # Loading the CA store takes ~40 ms: in a thread, not on the GUI loop.
            tls = await run_blocking(
                lambda: net.ssl_context(self._ca_file), within=self._connect_timeout
            )
            self._proxy = net.proxy_for(self.url)
            self._http = httpx2.AsyncClient(
                auth=self._auth,
                verify=tls,
                proxy=self._proxy,
                trust_env=False,  # the proxy is gui.net's decision, as for sign-in
                timeout=httpx2.Timeout(30.0, connect=10.0, read=300.0),
                follow_redirects=False,  # a redirect would carry the bearer token elsewhere
                event_hooks={"response": [self._large.watch]},
            )
        conn = Connection(
            self.url,
            self._http,
            protocol=self.protocol,
            on_elicit=self._elicitor,
            on_notification=self._notified,
            on_listening=self._listening,
        )
        mark = self._auth.mark()
        try:
            async with asyncio.timeout(self._connect_timeout):
                await conn.open()
        except TimeoutError:
            self._close_later(conn)
            raise GatewayUnreachable(
                f"The gateway at {self.host} did not answer within {self._connect_timeout:g} s."
            ) from None
        except asyncio.CancelledError:
            self._close_later(conn)
            raise
        except Exception as exc:
            self._close_later(conn)
            problem = self._auth.problem_since(mark)
            if problem is not None:
                raise problem from None
            status = self._auth.status_since(mark)
            raise self._mapped(exc, mcp_error(exc), conn, status=status, connecting=True) from None
        self.sessions_opened += 1
        log.debug("MCP session %d opened", self.sessions_opened)
        # 2026-07-28: the first request waits until the gateway acknowledged our listen for
        # tool-list changes, so a change right after it is heard (bounded: it may never).
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(LISTEN_WAIT):
                await conn.listen_settled.wait()
        return conn

    @contextlib.asynccontextmanager
    async def _paused(self) -> AsyncIterator[None]:
        """The calls' clocks stop while a person answers, and start afresh after."""
        paused = dict(self._deadlines)
        for deadline in paused:
            deadline.reschedule(None)
        try:
            yield
        finally:
            now = asyncio.get_running_loop().time()
            for deadline, limit in paused.items():
                if deadline in self._deadlines:  # still in flight
                    deadline.reschedule(now + limit)

    async def _notified(self, message: Any) -> None:
        """mcp's message handler: consent completions, tool-list changes."""
        from mcp_types import ElicitCompleteNotification, ToolListChangedNotification

        if isinstance(message, ElicitCompleteNotification):
            self.consents.complete(message.params.elicitation_id, SERVER)
        elif isinstance(message, ToolListChangedNotification):
            self._relist()

    def _listening(self) -> None:
        """2026-07-28: a listen for changes was acknowledged (a new session, or again after
        the stream dropped); a list read before it may have changed unheard."""
        if self._tools is not None:
            self._relist()

    def _relist(self) -> None:
        """List the tools again (once at a time; again after, if asked meanwhile)."""
        if self._closed:
            return
        if self._relisting is not None and not self._relisting.done():
            self._list_again = True
            return
        self._relisting = asyncio.ensure_future(self._refresh_tools())

    async def _refresh_tools(self) -> None:
        current_call.set(None)  # not part of whichever call's stream carried the news
        while True:
            self._list_again = False
            try:
                tools = await self.list_tools(refresh=True)
            except AppError as exc:
                log.info("The changed tool list could not be read: %s", exc.message)
                return
            for watcher in list(self._watchers):
                try:
                    watcher(list(tools))
                except Exception:
                    log.warning("A tool-list watcher failed", exc_info=True)
            if not self._list_again:
                return

    def _spawn(self, request: Coroutine[Any, Any, Any]) -> None:
        """Send ``request`` in the background (a task's cancel): nobody waits for its answer."""
        task: asyncio.Task[Any] = asyncio.ensure_future(_within(request, CLOSE_TIMEOUT * 5))
        self._closing.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._closing.discard)  # type: ignore[arg-type]

    def _discard(self, conn: Connection) -> None:
        if self._conn is conn:
            self._conn = None
        self._close_later(conn)

    def _close_later(self, conn: Connection) -> None:
        # In the background: a caller that gave up must not wait for the goodbye.
        task = asyncio.ensure_future(conn.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _mapped(
        self,
        exc: BaseException,
        error: Any | None,
        conn: Connection,
        *,
        status: int | None = None,
        connecting: bool = False,
        too_large: int | None = None,
    ) -> AppError:
        """One typed error for whatever came out of mcp / httpx2 (see gui.gateway.errors)."""
        return gateway_error(
            exc,
            error,
            url=self.url,
            host=self.host,
            hostname=self._hostname,
            proxy=self._proxy,
            ended_by=conn.failure,
            status=status,
            connecting=connecting,
            too_large=too_large,
        )


async def _within(request: Coroutine[Any, Any, Any], seconds: float) -> None:
    with contextlib.suppress(Exception):
        async with asyncio.timeout(seconds):
            await request


async def _list_all_tools(session: GatewaySession) -> list[Any]:
    from mcp.types import PaginatedRequestParams

    tools: list[Any] = []
    cursor: str | None = None
    for _ in range(MAX_TOOL_PAGES):
        params = PaginatedRequestParams(cursor=cursor) if cursor else None
        page = await session.list_tools(params=params)
        tools.extend(page.tools)
        cursor = page.next_cursor
        if not cursor:
            break
    else:
        log.warning("The gateway kept paging its tool list; stopped after %d pages", MAX_TOOL_PAGES)
    return tools
