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
- When the gateway has forgotten the session (404 "Session not found", e.g. after a
  restart) or the connection broke, a new session is opened and the request retried
  once; a tool call only when it cannot have run (:func:`~gui.gateway.errors.never_ran`).
- A tool that needs the person's consent (AgentCore Identity 3LO) answers JSON-RPC
  -32042 with a URL elicitation: it leaves as :class:`~gui.errors.ConsentRequired`
  (message and link); ``notifications/elicitation/complete`` resolves the matching
  waiter in ``consents`` (:mod:`gui.gateway.consent`). A form the server asks for
  mid-call (``elicitation/create``) goes to ``form_handler`` (:mod:`gui.gateway.forms`),
  and the calls' deadlines pause while the person fills it in; both modes are declared
  in ``initialize``.
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
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import httpx2

from gui import net
from gui.aio import run_blocking
from gui.errors import AppError, ChatError, GatewayUnreachable, ToolFailed, ToolTimeout
from gui.gateway.auth import REFRESH_MARGIN, BearerAuth, TokenSource
from gui.gateway.connection import CLOSE_TIMEOUT, Connection
from gui.gateway.consent import SERVER, ConsentWaits
from gui.gateway.errors import LargeAnswers, gateway_error, mcp_error, never_ran, session_lost
from gui.gateway.forms import CANCEL, FormHandler, form_request
from gui.gateway.tools import ToolInfo, ToolResult, tool_error_detail, tool_infos, tool_result
from gui.untrusted import MAX_DETAIL, one_line

if TYPE_CHECKING:
    from mcp.client.session import ClientSession

__all__ = ["GatewayClient"]

log = logging.getLogger(__name__)

T = TypeVar("T")

CONNECT_TIMEOUT = 15.0
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
    ) -> None:
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
        self._auth = BearerAuth(tokens, min_ttl=refresh_margin)
        self._large = LargeAnswers()  # sees what mcp reports as a lost stream (errors.py)
        self._http: httpx2.AsyncClient | None = None
        self._proxy: str | None = None
        self._conn: Connection | None = None
        self._connect_lock = asyncio.Lock()
        self._closing: set[asyncio.Task[None]] = set()
        self._tools: list[ToolInfo] | None = None
        self._by_key: dict[str, ToolInfo] = {}
        self._closed = False
        #: How many MCP sessions this client opened (1 while the gateway keeps it).
        self.sessions_opened = 0
        #: Tool calls waiting for the person's consent (see gui.gateway.consent).
        self.consents = ConsentWaits()
        #: Answers the forms a server asks for mid-call; None cancels them.
        self.form_handler: FormHandler | None = None
        # The deadlines of the tool calls in flight (and their lengths): a form pauses them.
        self._deadlines: dict[asyncio.Timeout, float] = {}

    # -- public API ----------------------------------------------------------------------

    async def connect(self) -> None:
        """Open the MCP session now rather than on the first request."""
        await self._check_token()
        await self._connection()

    async def list_tools(self, refresh: bool = False) -> list[ToolInfo]:
        """The gateway's tools (every page), cached until ``refresh``."""
        if self._tools is None or refresh:
            listed = await self._run(_list_all_tools)
            tools = tool_infos(
                (t.name, t.description, t.input_schema, t.annotations) for t in listed
            )
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
    ) -> ToolResult:
        """Call a tool; an error the tool reports comes back as ``is_error=True``.

        Raises ToolTimeout after ``timeout`` seconds (default ``call_timeout``),
        GatewayUnreachable, NotAuthorised, Forbidden, the token source's errors,
        or ChatError. Cancelling the awaiting task abandons the call at once.
        """
        info = await self.resolve(name_or_alias)
        limit = self.call_timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(limit) as deadline:
                self._deadlines[deadline] = limit
                try:
                    raw = await self._run(
                        lambda session: session.call_tool(info.name, arguments or {}),
                        replayable=False,
                    )
                finally:
                    self._deadlines.pop(deadline, None)
        except TimeoutError:
            raise ToolTimeout(f"{info.title} did not answer within {limit:g} s.") from None
        return tool_result(info, raw)

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
        self, request: Callable[[ClientSession], Awaitable[T]], *, replayable: bool = True
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
                    log.info("The gateway lost the MCP session; opening a new one")
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
            self.url, self._http, on_elicit=self._elicit, on_notification=self._notified
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
        return conn

    async def _elicit(self, context: Any, params: Any) -> Any:
        """mcp's elicitation callback: a form goes to ``form_handler``; a link is refused."""
        from mcp.types import ElicitResult

        if getattr(params, "mode", "form") != "form":
            # A URL elicitation as a request (not as -32042) has no tool call to retry and
            # no card to show it in: say no rather than pretend the person saw it.
            log.info("Declined a URL elicitation request (only -32042 links are shown)")
            return ElicitResult(action="decline")
        handler = self.form_handler
        if handler is None:
            return ElicitResult(action=CANCEL)
        request = form_request(params.message, params.requested_schema)
        # A person filling in a form is not a slow tool: the calls' clocks stop meanwhile
        # and start afresh after the answer.
        paused = dict(self._deadlines)
        for deadline in paused:
            deadline.reschedule(None)
        try:
            answer = await handler(request)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning("The form could not be shown", exc_info=True)
            return ElicitResult(action=CANCEL)
        finally:
            now = asyncio.get_running_loop().time()
            for deadline, limit in paused.items():
                if deadline in self._deadlines:  # still in flight
                    deadline.reschedule(now + limit)
        content = dict(answer.content) if answer.action == "accept" else None
        return ElicitResult(action=answer.action, content=content)

    async def _notified(self, message: Any) -> None:
        """mcp's message handler: consent completions wake the tool calls waiting for them."""
        from mcp.types import ElicitCompleteNotification

        if isinstance(message, ElicitCompleteNotification):
            self.consents.complete(message.params.elicitation_id, SERVER)

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


async def _list_all_tools(session: ClientSession) -> list[Any]:
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
