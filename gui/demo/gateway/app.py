"""The demo gateway's ASGI app: the authorizer and RFC 9728 metadata in front of the MCP app.

::

    /.well-known/oauth-protected-resource[/mcp]  ─► the resource metadata (no token needed)
    /mcp                                          ─► JwtVerifier ─► the MCP app, with
                                                      scope["user"] set for session binding
                                                      (a tools/call of a tool that needs an
                                                      extra scope the token lacks: 403
                                                      insufficient_scope naming it)
    /consent/<id>                                 ─► the consent page (a browser, no token)
    anything else                                 ─► the MCP app's router (404)

Sessions (the ``initialize`` era) are counted when the answer names one, and a 2026-07-28
client's ``server/discover`` counts as a session opened. A session past ``session_ttl``
seconds (from its ``initialize``: AgentCore's timeout is absolute) is answered HTTP 404
with a JSON-RPC "Session not found", which tells a client to start a new one.

The lifespan is handled here rather than by the MCP Starlette app, so that ``stopping()``
(run by ``gui.demo.runner.ServerThread`` when the gateway stops) can end every MCP session,
closing their open SSE streams, before uvicorn waits for connections to drain; otherwise
a connected client would hold the shutdown. The session manager's ``run()`` is entered
and left in one task, as anyio's cancel scopes require. A request its client abandoned,
or that the stop cut short, ends quietly (``gui.demo.gateway.quiet``).

May import: mcp's session manager type, starlette, ``gui.demo.gateway.authorizer``,
``gui.demo.gateway.consent`` (its path), ``gui.demo.gateway.quiet``, ``gui.demo.runner``
(body helpers). No Qt.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from typing import Any

from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.authentication import AuthCredentials
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gui.demo.gateway.authorizer import (
    JwtVerifier,
    Rejected,
    authenticated_user,
    bearer_token,
    request_header,
    scopes,
)
from gui.demo.gateway.consent import CONSENT_PATH
from gui.demo.gateway.quiet import install_log_filter, quietly
from gui.demo.runner import read_body, replay

MCP_PATH = "/mcp"
METADATA_PATH = "/.well-known/oauth-protected-resource"
# RFC 9728 §3.1 also places the metadata at the well-known path + the resource's path.
_METADATA_PATHS = frozenset({METADATA_PATH, METADATA_PATH + MCP_PATH})
_SESSION_HEADER = b"mcp-session-id"
MAX_BODY = 4 * 1024 * 1024  # bytes of a request the scope check reads first
_METHOD_HEADER = b"mcp-method"
_ENDED = float("-inf")  # the birth time of a session expire_sessions() ended
_SESSION_GONE = {
    "jsonrpc": "2.0",
    "id": None,
    "error": {"code": -32600, "message": "Session not found"},
}


class GatewayApp:
    """ASGI wrapper: serves the RFC 9728 metadata, guards ``/mcp``, runs the session manager."""

    def __init__(
        self,
        *,
        mcp_app: ASGIApp,
        session_manager: StreamableHTTPSessionManager,
        verifier: JwtVerifier,
        base_url: Callable[[], str],
        on_session_created: Callable[[], None],
        on_session_closed: Callable[[], None] = lambda: None,
        on_session_expired: Callable[[], None] = lambda: None,
        session_ttl: Callable[[], float | None] = lambda: None,
        consent_page: ASGIApp | None = None,
        tool_scopes: Mapping[str, str] | None = None,
    ) -> None:
        """``tool_scopes``: tool name -> the extra scope a call of it needs (MCP step-up)."""
        self._mcp_app = mcp_app
        self._tool_scopes = dict(tool_scopes or {})
        self._consent_page = consent_page
        self._session_manager = session_manager
        self._verifier = verifier
        self._base_url = base_url
        self._on_session_created = on_session_created
        self._on_session_closed = on_session_closed
        self._on_session_expired = on_session_expired
        self._session_ttl = session_ttl
        self._born: dict[bytes, float] = {}  # session id → when its initialize was answered
        self._end_sessions: asyncio.Event | None = None
        self._sessions_task: asyncio.Task[None] | None = None
        install_log_filter()  # mcp's traceback for a session gone mid-request: DEBUG

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path in _METADATA_PATHS:
            await _send_json(scope, receive, send, 200, self._metadata())
            return
        if path == MCP_PATH or path.startswith(MCP_PATH + "/"):
            await self._guarded(scope, receive, send)
            return
        if self._consent_page is not None and path.startswith(CONSENT_PATH):
            await self._consent_page(scope, receive, send)  # visited in a browser, no token
            return
        await self._mcp_app(scope, receive, send)  # its router answers 404

    def stopping(self) -> None:
        """Close every MCP session: the server is stopping (runs on the server's loop)."""
        if self._end_sessions is not None:
            self._end_sessions.set()

    def _metadata(self) -> dict[str, Any]:
        return {
            "resource": self._base_url() + MCP_PATH,
            "authorization_servers": [self._verifier.issuer],
            "bearer_methods_supported": ["header"],
            # As AgentCore's advertisedScopeMapping: the scope every caller needs. A tool's
            # extra scope is named only in its 403 (step-up), so a new profile asks for the
            # least and the person signs in again for more when a tool needs it.
            "scopes_supported": [self._verifier.required_scope],
        }

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._end_sessions is None or self._end_sessions.is_set():
            # Between stop() ending the sessions and uvicorn closing the socket.
            body = {"error": "temporarily_unavailable", "error_description": "Shutting down"}
            await _send_json(scope, receive, send, 503, body)
            return
        try:
            token = bearer_token(scope)
            claims = await self._verifier.verify(token)
        except Rejected as rejected:
            await self._send_rejection(scope, receive, send, rejected)
            return
        if self._tool_scopes and scope.get("method") == "POST":
            body = await read_body(scope, receive, MAX_BODY)
            if body is None:
                too_large = {"error": "invalid_request", "error_description": "Body too large"}
                await _send_json(scope, receive, send, 413, too_large)
                return
            lacking = self._lacking_scope(body, scopes(claims))
            if lacking is not None:
                tool, needed = lacking
                rejected = Rejected(
                    403, "insufficient_scope", f"The tool {tool} needs the '{needed}' scope"
                )
                await self._send_rejection(scope, receive, send, rejected, needed)
                return
            receive = replay(body, receive)
        scope = dict(scope)
        scope["user"] = authenticated_user(token, claims)
        scope["auth"] = AuthCredentials(scopes(claims))
        session_id = request_header(scope, _SESSION_HEADER)
        if session_id is None:
            discover = request_header(scope, _METHOD_HEADER) == b"server/discover"
            send = self._counting_sessions(send, discover=discover)
        elif self._expired(session_id):
            self._on_session_expired()
            await _send_json(scope, receive, send, 404, _SESSION_GONE)
            return
        elif scope.get("method") == "DELETE":
            send = self._counting_closes(send)
        await quietly(self._mcp_app, scope, receive, send, stopping=self._stopping)

    def _stopping(self) -> bool:
        return self._end_sessions is None or self._end_sessions.is_set()

    def expire_sessions(self) -> None:
        """End every open session now, as AgentCore's absolute session timeout does.

        Thread-safe enough for a test thread: only the birth times change.
        """
        for session_id in list(self._born):
            self._born[session_id] = _ENDED

    def _expired(self, session_id: bytes) -> bool:
        """True when the session began longer than ``session_ttl`` ago, or was ended by
        :meth:`expire_sessions` (it is then forgotten)."""
        born = self._born.get(session_id)
        if born is None:
            return False
        ttl = self._session_ttl()
        if born != _ENDED and (ttl is None or time.monotonic() - born <= ttl):
            return False
        del self._born[session_id]
        return True

    def _counting_closes(self, send: Send) -> Send:
        """Count a session the client ended itself (a DELETE with its id that succeeded)."""

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self._on_session_closed()
            await send(message)

        return counting_send

    def _counting_sessions(self, send: Send, *, discover: bool) -> Send:
        """Count a session when a request without a session id is answered with one (its
        ``initialize``), or when a 2026-07-28 ``server/discover`` is answered."""

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = {name.lower(): value for name, value in message.get("headers", [])}
                if _SESSION_HEADER in headers:
                    self._born[headers[_SESSION_HEADER]] = time.monotonic()
                    self._on_session_created()
                elif discover:
                    self._on_session_created()
            await send(message)

        return counting_send

    def _lacking_scope(self, body: bytes, granted: list[str]) -> tuple[str, str] | None:
        """(tool, scope) when the body calls a tool whose extra scope is not granted."""
        try:
            message = json.loads(body)
        except ValueError:
            return None  # the MCP app answers what it cannot parse
        for request in message if isinstance(message, list) else [message]:
            if not isinstance(request, dict) or request.get("method") != "tools/call":
                continue
            params = request.get("params")
            tool = params.get("name") if isinstance(params, dict) else None
            needed = self._tool_scopes.get(tool) if isinstance(tool, str) else None
            if needed is not None and needed not in granted:
                return tool, needed
        return None

    async def _send_rejection(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        rejected: Rejected,
        needed: str | None = None,
    ) -> None:
        if rejected.status == 401:
            challenge = (
                f'Bearer resource_metadata="{self._base_url()}{METADATA_PATH}", '
                f'error="invalid_token", error_description="{rejected.description}"'
            )
        elif rejected.status == 403:
            # The scopes this operation needs (the client adds what it already has).
            challenge = (
                f'Bearer error="insufficient_scope", '
                f'scope="{needed or self._verifier.required_scope}", '
                f'resource_metadata="{self._base_url()}{METADATA_PATH}", '
                f'error_description="{rejected.description}"'
            )
        else:
            challenge = None
        body = {"error": rejected.error, "error_description": rejected.description}
        headers = {"WWW-Authenticate": challenge} if challenge else {}
        await _send_json(scope, receive, send, rejected.status, body, headers)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._end_sessions = asyncio.Event()
                ready = asyncio.Event()
                task = asyncio.create_task(self._run_sessions(ready))
                self._sessions_task = task
                await ready.wait()
                if task.done():  # the session manager failed to start
                    await send({"type": "lifespan.startup.failed", "message": repr(task)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._end_sessions is not None:
                    self._end_sessions.set()
                if self._sessions_task is not None:
                    await self._sessions_task
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _run_sessions(self, ready: asyncio.Event) -> None:
        # run() must be entered and left in the same task (anyio cancel scopes): this one.
        assert self._end_sessions is not None
        try:
            async with self._session_manager.run():
                ready.set()
                await self._end_sessions.wait()
        finally:
            ready.set()  # never leave the lifespan waiting, even on failure


async def _send_json(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    body: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> None:
    response = JSONResponse(body, status, headers={"Cache-Control": "no-store", **(headers or {})})
    await response(scope, receive, send)


class Delayed:
    """ASGI middleware: wait ``seconds`` before handling each HTTP request (simulated latency)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self._app = app
        self._seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self._seconds)
        await self._app(scope, receive, send)
