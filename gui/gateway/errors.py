"""What mcp and httpx2 raise, mapped to our typed errors where it leaves the gateway client.

::

    mcp / httpx2 exception (often inside exception groups, or the reason a session ended)
         │  gui.errors.causes(): the one walk over groups, __cause__, __context__
         ├──► transport_failure()   the httpx2.TransportError underneath, if any
         ├──► mcp_error()           the MCPError underneath (its JSON-RPC code), if any
         └──► gateway_error()  ───► GatewayUnreachable | CertificateError (gui.net)
                                    | ConsentRequired (-32042) | PolicyDenied | ToolTimeout
                                    | ProtocolError | ChatError

One failure mcp hides: an answer on an SSE stream with an event over httpx2's size limit
(1 MiB) makes httpx2 raise ``SSEError``, which mcp swallows and reports as "SSE stream
ended without a response", as for a lost connection, though the tool ran.
:class:`LargeAnswers` (an httpx2 response hook on the gateway's client) measures the
events as they stream in, so the mapping can say :class:`AnswerTooLarge` instead.

Also the retry decision for a request that failed: :func:`session_lost` (a new session
may succeed: the connection ended, the gateway answered 404 to the session's id, or its
error says the session is unknown) and :func:`never_ran` (sending it again cannot run a
tool twice).

Invariants: a message names the gateway's host and says what to do; no raw library
text reaches it, and a server's own words only through :func:`gui.untrusted.one_line`.

Imports httpx2, :mod:`gui.errors`, :mod:`gui.net`, :mod:`gui.gateway.tools` and
:mod:`gui.untrusted`; mcp and
pydantic only inside functions (mcp costs ~0.6 s and the window shows first).
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import httpx2

from gui import net
from gui.errors import (
    AppError,
    ChatError,
    ConsentRequired,
    GatewayUnreachable,
    ProtocolError,
    ToolFailed,
    ToolTimeout,
    causes,
)
from gui.gateway.tools import POLICY_DENIED, is_policy_denial
from gui.untrusted import MAX_DETAIL, one_line

if TYPE_CHECKING:
    from gui.gateway.connection import Connection

__all__ = [
    "AnswerTooLarge",
    "LargeAnswers",
    "PolicyDenied",
    "gateway_error",
    "mcp_error",
    "never_ran",
    "session_lost",
    "transport_failure",
]

log = logging.getLogger(__name__)

# mcp's JSON-RPC codes (mcp_types.jsonrpc), repeated here to keep mcp out of module import.
CONNECTION_CLOSED = -32000
REQUEST_TIMEOUT = -32001
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INTERNAL_ERROR = -32603
URL_ELICITATION_REQUIRED = -32042
# The limit mcp reads SSE events with: httpx2.EventSource's default (1 MiB in httpx2 2.16).
SSE_EVENT_LIMIT: int = inspect.signature(httpx2.EventSource).parameters["max_event_size"].default
_EVENT_END = re.compile(rb"\r\n\r\n|\n\n|\r\r")


class AnswerTooLarge(ToolFailed):
    """The tool ran, but its answer was over the size mcp reads from an SSE stream."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The tool's answer was too large to receive (over {limit / 1_048_576:g} MB)."
        )
        self.limit = limit


class LargeAnswers:
    """Notices SSE events over :data:`SSE_EVENT_LIMIT` on one httpx2 client's responses.

    ``watch`` is the client's ``response`` event hook; ``mark()`` before a request and
    ``too_large_since(mark)`` after its failure say whether an event over the limit
    arrived meanwhile. It counts the raw bytes of each event (line ends included), never
    fewer than httpx2 does, so whatever httpx2 refused is seen here too.
    """

    def __init__(self, limit: int = SSE_EVENT_LIMIT) -> None:
        self.limit = limit
        self._seen = 0

    def mark(self) -> int:
        """A point to ask :meth:`too_large_since` about."""
        return self._seen

    def too_large_since(self, mark: int) -> int | None:
        """The limit, when an event over it arrived since ``mark``; else None."""
        return self.limit if self._seen > mark else None

    async def watch(self, response: httpx2.Response) -> None:
        """httpx2 response hook: measure an SSE response's events as they stream in."""
        content_type = response.headers.get("content-type", "").lower()
        if content_type.startswith("text/event-stream"):
            response.stream = _MeasuredEvents(response.stream, self)

    def _over(self) -> None:
        self._seen += 1


class _MeasuredEvents(httpx2.AsyncByteStream):
    """An SSE byte stream passed through unchanged, each event's size measured on the way."""

    def __init__(self, inner: Any, owner: LargeAnswers) -> None:
        self._inner = inner
        self._owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        size, tail, over = 0, b"", False
        async for chunk in self._inner:
            data = tail + chunk
            ends = list(_EVENT_END.finditer(data))
            size = len(data) - ends[-1].end() if ends else size + len(chunk)
            if ends:
                over = False
            tail = data[-3:]
            if size > self._owner.limit and not over:
                over = True
                self._owner._over()
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class PolicyDenied(ToolFailed):
    """AgentCore Policy refused the call; ``server_message`` is the gateway's whole answer."""

    def __init__(self, server_message: str) -> None:
        super().__init__(f"{POLICY_DENIED}.")
        self.server_message = server_message


def transport_failure(exc: BaseException | None) -> httpx2.TransportError | None:
    """The httpx2 transport error that ended a connection, if that is what ended it."""
    if exc is None:
        return None
    return next((e for e in causes(exc) if isinstance(e, httpx2.TransportError)), None)


def mcp_error(exc: BaseException) -> Any | None:
    """The ``mcp.shared.exceptions.MCPError`` inside ``exc``, if there is one."""
    from mcp.shared.exceptions import MCPError

    return next((e for e in causes(exc) if isinstance(e, MCPError)), None)


def gateway_error(
    exc: BaseException,
    error: Any | None,
    *,
    url: str,
    host: str,
    hostname: str,
    proxy: str | None = None,
    ended_by: BaseException | None = None,
    status: int | None = None,
    connecting: bool = False,
    too_large: int | None = None,
) -> AppError:
    """One typed error for whatever came out of mcp / httpx2.

    ``error`` is :func:`mcp_error` of ``exc``; ``ended_by`` why the session ended on its
    own (``Connection.failure``); ``status`` the last HTTP error status the request met;
    ``host`` (with port) names the gateway in messages, ``hostname`` its certificate;
    ``too_large`` the limit an SSE event of the answer went over (:class:`LargeAnswers`).
    """
    if isinstance(exc, AppError):
        return exc
    if too_large is not None and error is not None and error.code == CONNECTION_CLOSED:
        return AnswerTooLarge(too_large)  # mcp's "SSE stream ended without a response"
    broken = transport_failure(exc) or transport_failure(ended_by)
    if broken is not None:
        tls = net.tls_error(broken, hostname)
        if tls is not None:
            return tls
        if isinstance(broken, httpx2.ProxyError | httpx2.ConnectError) and proxy:
            return GatewayUnreachable(
                f"Cannot reach the gateway at {host} through the proxy "
                f"{net.proxy_label(proxy)}. Check HTTPS_PROXY and NO_PROXY."
            )
    if broken is not None or (error is not None and error.code == CONNECTION_CLOSED):
        if isinstance(broken, httpx2.ConnectError | httpx2.ConnectTimeout) or connecting:
            return GatewayUnreachable(
                f"Cannot reach the gateway at {host}. "
                "Check the gateway URL and your network connection."
            )
        return GatewayUnreachable(f"The connection to the gateway at {host} was lost.")
    if error is None:
        log.warning("Unexpected answer from the gateway: %s", type(exc).__name__)
        return ProtocolError(f"The gateway at {host} sent an answer the app cannot read.")
    if error.code == URL_ELICITATION_REQUIRED:
        return consent_error(error, host)
    if is_policy_denial(error.message):
        return PolicyDenied(str(error.message))
    if _unknown_session(error):
        return GatewayUnreachable(f"The gateway at {host} ended the session; try again.")
    if error.code == REQUEST_TIMEOUT:
        return ToolTimeout(f"The gateway at {host} did not answer in time.")
    if error.code == INTERNAL_ERROR and status is not None:
        hint = " Check the gateway URL." if status == 404 else ""
        return ChatError(f"The gateway at {host} answered with HTTP {status}.{hint}")
    if error.code == METHOD_NOT_FOUND and connecting:
        return ChatError(f"No MCP endpoint at {url}. Check the gateway URL.")
    detail = one_line(error.message, MAX_DETAIL) or error.code
    return ChatError(f"The gateway reported an error: {detail}")


def consent_error(error: Any, host: str) -> AppError:
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


def _unknown_session(error: Any | None) -> bool:
    """The gateway's JSON-RPC error says it does not know the session (it ran nothing).

    Wordings differ: mcp's "Session not found" (-32600), the TypeScript SDK's "Session not
    found" (-32001, with HTTP 404) and "Bad Request: No valid session ID provided"
    (-32000, with HTTP 400); mcp's own stand-in for a bare 404 is "Session terminated".
    """
    if error is None or error.code not in (INVALID_REQUEST, CONNECTION_CLOSED, REQUEST_TIMEOUT):
        return False
    return "session" in (error.message or "").lower()


def session_lost(error: Any | None, conn: Connection) -> bool:
    """True when a new session may succeed where this one failed."""
    if not conn.alive:  # ended, or forgotten (HTTP 404 to its id)
        return True
    if error is None:
        return False
    if _unknown_session(error):
        return True
    return error.code == CONNECTION_CLOSED


async def never_ran(error: Any | None, conn: Connection) -> bool:
    """True when a failed request cannot have reached a tool, so sending it again is safe."""
    if getattr(conn, "forgotten", False) or _unknown_session(error):
        return True  # the gateway refused the unknown session before running anything
    if error is None:
        return False
    if error.code == CONNECTION_CLOSED:
        # The transport's own error says whether the request left: a refused
        # connection (gateway restarting) cannot have run the tool; a dropped one may.
        await conn.ended(within=0.5)
        return isinstance(transport_failure(conn.failure), httpx2.ConnectError)
    return False
