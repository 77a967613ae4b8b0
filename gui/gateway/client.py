"""The AgentCore Gateway as the app sees it: one MCP session, reused, always authorised.

::

    GatewayClient ──► _Connection: a task that holds streamable_http_client + ClientSession
         │              (entered and left in that one task, as anyio requires)
         ├──► httpx2.AsyncClient(auth=BearerAuth(tokens))   one client for every session
         └──► callers: list_tools() / call_tool() from any task on the same loop

- ``BearerAuth`` puts the current access token on every request (refreshed when
  less than ``refresh_margin`` seconds remain), refreshes once on a 401 and
  retries, and records what the gateway said on a final 401 or 403. mcp turns
  both into a bare ``MCPError(-32603)``; the record lets the call site raise
  ``NotAuthorised`` or ``Forbidden`` instead.
- When the gateway has forgotten the session (404 "Session not found", e.g.
  after a restart) or the connection broke, a new session is opened and the
  request retried once.
- A tool that needs the person's consent (AgentCore Identity 3LO) answers JSON-RPC
  -32042 with a URL elicitation: it leaves as :class:`~gui.errors.ConsentRequired`
  (message and link); ``notifications/elicitation/complete`` resolves the matching
  waiter in ``consents``. A form the server asks for mid-call (``elicitation/create``)
  goes to ``form_handler``; both modes are declared in ``initialize``.
- Every failure leaves this module as a :class:`~gui.errors.AppError` with a
  message for people; no token and no raw library text reaches a message or a log.
  A certificate that fails verification is a :class:`~gui.errors.CertificateError`.
- Trust (OS store + ``ca_file``) and the proxy come from :mod:`gui.net`, exactly as
  for sign-in; httpx2's own environment lookup (``trust_env``) is off.

mcp is imported inside functions: it costs ~0.6 s and the window shows first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit

import httpx2

from gui import net
from gui.aio import run_blocking
from gui.errors import (
    AppError,
    ChatError,
    ConsentRequired,
    Forbidden,
    GatewayUnreachable,
    NotAuthorised,
    ProtocolError,
    ToolFailed,
    ToolTimeout,
)
from gui.gateway.consent import SERVER, ConsentWaits
from gui.gateway.forms import CANCEL, FormHandler, form_request
from gui.gateway.tools import ToolInfo, ToolResult, readable_tool_name, tool_infos
from gui.untrusted import one_line

if TYPE_CHECKING:
    from mcp.client.session import ClientSession

__all__ = [
    "BearerAuth",
    "GatewayClient",
    "TokenSource",
    "ToolInfo",
    "ToolResult",
    "readable_tool_name",
]

log = logging.getLogger(__name__)

T = TypeVar("T")

REFRESH_MARGIN = 120.0  # seconds of validity below which a token is renewed before use
CONNECT_TIMEOUT = 15.0
DEFAULT_CALL_TIMEOUT = 60.0
CLOSE_TIMEOUT = 1.0
MAX_TOOL_PAGES = 100  # a gateway that pages forever must not hang the app
_MAX_DETAIL = 200
# mcp's JSON-RPC codes (mcp_types.jsonrpc), repeated here to keep mcp out of module import.
_CONNECTION_CLOSED = -32000
_REQUEST_TIMEOUT = -32001
_INVALID_REQUEST = -32600
_METHOD_NOT_FOUND = -32601
_INTERNAL_ERROR = -32603
_URL_ELICITATION_REQUIRED = -32042
_MCP_SESSION_ID = "mcp-session-id"  # Streamable HTTP's session header (and its version's)
_MCP_PROTOCOL_VERSION = "mcp-protocol-version"
_CHALLENGE_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_TOOL_ERROR_PREFIX = re.compile(r"^Error executing tool [^:]*:\s*")


class TokenSource(Protocol):
    """Where access tokens come from (``AuthSession`` is one)."""

    async def access_token(self, min_ttl: float | None = None) -> str:
        """A token valid for at least ``min_ttl`` more seconds."""
        ...

    async def refresh_now(self) -> str:
        """A freshly issued token (the gateway rejected the current one)."""
        ...


# --- authorisation ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    """What the gateway said when it turned a request away (401 or 403)."""

    status: int
    error: str | None = None
    description: str | None = None
    scope: str | None = None


def parse_challenge(header: str) -> dict[str, str]:
    """The parameters of a ``WWW-Authenticate: Bearer k="v", ...`` challenge."""
    _, _, params = header.strip().partition(" ")
    return {key.lower(): quoted or bare for key, quoted, bare in _CHALLENGE_PARAM.findall(params)}


def _clean(text: str | None) -> str | None:
    """Server-given text made safe to show: one line, printable, bounded."""
    if not text:
        return None
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return (line[:_MAX_DETAIL] + "…") if len(line) > _MAX_DETAIL else line or None


def rejection_error(rejection: Rejection) -> ChatError:
    """The typed error for a final 401 / 403."""
    detail = rejection.description
    if rejection.status == 403:
        if rejection.scope:
            return Forbidden(
                f"The gateway refused access: your sign-in lacks the '{rejection.scope}' "
                "permission. Ask your administrator for access, then sign in again."
            )
        reason = f" ({detail})" if detail else ""
        return Forbidden(
            f"The gateway refused access{reason}. Ask your administrator for access to its tools."
        )
    reason = f" ({detail})" if detail else ""
    return NotAuthorised(
        f"The gateway did not accept your sign-in, even after renewing it{reason}. "
        "Sign out and sign in again."
    )


class BearerAuth(httpx2.Auth):
    """Bearer token on every request; one refresh and retry on a 401; problems recorded.

    Nothing raises out of the flow: an exception here would tear down the whole MCP
    transport. A token-source failure or a final 401/403 is recorded instead, the
    request goes out (or its 401 comes back) and mcp reports a generic error, which
    the call site maps with :meth:`problem_since`.
    """

    def __init__(self, tokens: TokenSource, *, min_ttl: float = REFRESH_MARGIN) -> None:
        self._tokens = tokens
        self._min_ttl = min_ttl
        self._serial = 0
        self._problem: AppError | None = None
        self._failed = 0
        self._last_status: int | None = None

    def mark(self) -> tuple[int, int]:
        """A snapshot to take before a request, for :meth:`problem_since` / :meth:`status_since`."""
        return (self._serial, self._failed)

    def problem_since(self, mark: tuple[int, int]) -> AppError | None:
        """The latest auth problem, if one was recorded after ``mark`` was taken."""
        return self._problem if self._serial > mark[0] else None

    def status_since(self, mark: tuple[int, int]) -> int | None:
        """The latest HTTP error status (>= 400), if one came after ``mark`` was taken."""
        return self._last_status if self._failed > mark[1] else None

    def sync_auth_flow(self, request: httpx2.Request) -> Iterator[httpx2.Request]:
        """Not supported: the token source is asynchronous."""
        raise RuntimeError("BearerAuth works only with httpx2.AsyncClient")

    async def async_auth_flow(self, request: httpx2.Request):  # type: ignore[override]
        """Authorise ``request``; on a 401 renew the token once and send it again."""
        token = await self._token()
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if token is None:  # the token source failed (recorded): that is the news
            self._count_failure(response)
            return
        if response.status_code == 401:
            renewed = await self._renewed(token)
            if renewed is None:
                # The sign-in itself failed (recorded): that, not the 401, is the news.
                self._count_failure(response)
                return
            request.headers["Authorization"] = f"Bearer {renewed}"
            response = yield request
        self._count_failure(response)
        if response.status_code in (401, 403):
            self._record(rejection_error(_rejection_of(response)))

    def _count_failure(self, response: httpx2.Response) -> None:
        if response.status_code >= 400:
            self._last_status = response.status_code
            self._failed += 1

    async def _token(self) -> str | None:
        try:
            return await self._tokens.access_token(self._min_ttl)
        except AppError as exc:
            self._record(exc)
            return None

    async def _renewed(self, used: str) -> str | None:
        # A concurrent request may have renewed it already: use that, do not refresh twice.
        current = await self._token()
        if current is None or current != used:
            return current
        try:
            return await self._tokens.refresh_now()
        except AppError as exc:
            self._record(exc)
            return None

    def _record(self, problem: AppError) -> None:
        self._problem = problem
        self._serial += 1


def _rejection_of(response: httpx2.Response) -> Rejection:
    params = parse_challenge(response.headers.get("www-authenticate", ""))
    return Rejection(
        status=response.status_code,
        error=_clean(params.get("error")),
        description=_clean(params.get("error_description")),
        scope=_clean(params.get("scope")) if response.status_code == 403 else None,
    )


# --- exceptions at the boundary --------------------------------------------------------------


def leaf_exceptions(exc: BaseException) -> Iterator[BaseException]:
    """The exceptions inside (nested) exception groups, or ``exc`` itself."""
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            yield from leaf_exceptions(inner)
    else:
        yield exc


def _transport_failure(exc: BaseException | None) -> httpx2.TransportError | None:
    """The httpx2 transport error that ended a connection, if that is what ended it."""
    if exc is None:
        return None
    for leaf in leaf_exceptions(exc):
        if isinstance(leaf, httpx2.TransportError):
            return leaf
        if isinstance(leaf.__cause__, httpx2.TransportError):
            return leaf.__cause__
    return None


def _mcp_error(exc: BaseException) -> Any | None:
    from mcp.shared.exceptions import MCPError

    for leaf in leaf_exceptions(exc):
        if isinstance(leaf, MCPError):
            return leaf
    return None


# --- one MCP session held by one task ---------------------------------------------------------


class _Connection:
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


# --- the client -------------------------------------------------------------------------------


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
        self._http: httpx2.AsyncClient | None = None
        self._proxy: str | None = None
        self._conn: _Connection | None = None
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
                f"The gateway has no tool named '{_clean(name_or_alias)}'. "
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
        return _tool_result(info, raw)

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
            mark = self._auth.mark()
            try:
                return await request(conn.session)
            except Exception as exc:
                problem = self._auth.problem_since(mark)
                if problem is not None:
                    raise problem from None
                error = _mcp_error(exc)
                if (
                    attempt == 1
                    and _session_lost(error, conn)
                    and (replayable or await _never_ran(error, conn))
                ):
                    log.info("The gateway lost the MCP session; opening a new one")
                    self._discard(conn)
                    continue
                raise self._mapped(exc, error, conn, status=self._auth.status_since(mark)) from None
        raise AssertionError("unreachable")

    async def _connection(self) -> _Connection:
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

    async def _open(self) -> _Connection:
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
            )
        conn = _Connection(
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
            raise self._mapped(exc, _mcp_error(exc), conn, status=status, connecting=True) from None
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

    def _discard(self, conn: _Connection) -> None:
        if self._conn is conn:
            self._conn = None
        self._close_later(conn)

    def _close_later(self, conn: _Connection) -> None:
        # In the background: a caller that gave up must not wait for the goodbye.
        task = asyncio.ensure_future(conn.close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _mapped(
        self,
        exc: BaseException,
        error: Any | None,
        conn: _Connection,
        *,
        status: int | None = None,
        connecting: bool = False,
    ) -> AppError:
        """One typed error for whatever came out of mcp / httpx2."""
        if isinstance(exc, AppError):
            return exc
        broken = _transport_failure(exc) or _transport_failure(conn.failure)
        if broken is not None:
            tls = net.tls_error(broken, self._hostname)
            if tls is not None:
                return tls
            if isinstance(broken, httpx2.ProxyError | httpx2.ConnectError) and self._proxy:
                return GatewayUnreachable(
                    f"Cannot reach the gateway at {self.host} through the proxy "
                    f"{net.proxy_label(self._proxy)}. Check HTTPS_PROXY and NO_PROXY."
                )
        if broken is not None or (error is not None and error.code == _CONNECTION_CLOSED):
            if isinstance(broken, httpx2.ConnectError | httpx2.ConnectTimeout) or connecting:
                return GatewayUnreachable(
                    f"Cannot reach the gateway at {self.host}. "
                    "Check the gateway URL and your network connection."
                )
            return GatewayUnreachable(f"The connection to the gateway at {self.host} was lost.")
        if error is None:
            log.warning("Unexpected answer from the gateway: %s", type(exc).__name__)
            return ProtocolError(f"The gateway at {self.host} sent an answer the app cannot read.")
        if error.code == _URL_ELICITATION_REQUIRED:
            return _consent_error(error, self.host)
        if error.code == _REQUEST_TIMEOUT:
            return ToolTimeout(f"The gateway at {self.host} did not answer in time.")
        if error.code == _INTERNAL_ERROR and status is not None:
            hint = " Check the gateway URL." if status == 404 else ""
            return ChatError(f"The gateway at {self.host} answered with HTTP {status}.{hint}")
        if error.code == _METHOD_NOT_FOUND and connecting:
            return ChatError(f"No MCP endpoint at {self.url}. Check the gateway URL.")
        return ChatError(f"The gateway reported an error: {_clean(error.message) or error.code}")


def _consent_error(error: Any, host: str) -> AppError:
    """-32042: the first URL elicitation of the error, as ConsentRequired."""
    from mcp.shared.exceptions import UrlElicitationRequiredError
    from pydantic import ValidationError

    try:
        elicitations = UrlElicitationRequiredError.from_error(error.error).elicitations
    except (ValidationError, ValueError, TypeError, AttributeError):
        elicitations = []
    if not elicitations:
        return ProtocolError(f"The gateway at {host} asked for a consent but sent no link.")
    first = elicitations[0]
    prompt = one_line(first.message) or "This tool needs you to connect an account first."
    return ConsentRequired(prompt, one_line(first.url, 2000), first.elicitation_id)


def _session_lost(error: Any | None, conn: _Connection) -> bool:
    """True when a new session may succeed where this one failed."""
    if not conn.alive:
        return True
    if error is None:
        return False
    if error.code == _CONNECTION_CLOSED:
        return True
    return error.code == _INVALID_REQUEST and "session" in (error.message or "").lower()


async def _never_ran(error: Any | None, conn: _Connection) -> bool:
    """True when a failed request cannot have reached a tool, so sending it again is safe."""
    if error is None:
        return False
    if error.code == _INVALID_REQUEST and "session" in (error.message or "").lower():
        return True  # the gateway refused the unknown session before running anything
    if error.code == _CONNECTION_CLOSED:
        # The transport's own error says whether the request left: a refused
        # connection (gateway restarting) cannot have run the tool; a dropped one may.
        await conn.ended(within=0.5)
        return isinstance(_transport_failure(conn.failure), httpx2.ConnectError)
    return False


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


def _block_text(block: Any) -> str:
    kind = getattr(block, "type", "")
    if kind == "text":
        return str(block.text)
    if kind == "resource":
        resource = block.resource
        text = getattr(resource, "text", None)
        return str(text) if text is not None else f"[resource: {resource.uri}]"
    if kind == "resource_link":
        return f"[link: {block.uri}]"
    if kind in ("image", "audio"):
        return f"[{kind}: {getattr(block, 'mime_type', '')}]"
    return f"[{kind or 'content'}]"


def _tool_result(info: ToolInfo, raw: Any) -> ToolResult:
    text = "\n".join(_block_text(block) for block in (raw.content or []))
    return ToolResult(
        tool=info.name,
        title=info.title,
        text=text,
        structured=raw.structured_content,
        is_error=bool(raw.is_error),
    )


def tool_error_detail(result: ToolResult) -> str:
    """A failed tool's own message, without mcp's "Error executing tool X:" prefix."""
    detail = _TOOL_ERROR_PREFIX.sub("", result.text.strip())
    return _clean(detail) or "the tool reported an error without a message"
