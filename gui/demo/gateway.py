"""An embedded stand-in for an Amazon Bedrock AgentCore Gateway.

A real MCP server (mcp 2.x ``MCPServer``, streamable HTTP) on a loopback port,
guarded the way AgentCore's custom JWT inbound authorizer guards a gateway:
every request to ``/mcp`` needs ``Authorization: Bearer <jwt>``, signed by a key
from the issuer's JWKS (found through OIDC discovery), with the right ``iss``,
an allowed ``aud``, an ``exp`` not too close, and the required scope. Its tools
use AgentCore's ``<target>___<tool>`` names and answer from fictional data.

Used by ``--demo`` and by the tests; no Qt. Runs uvicorn in a background thread
with its own event loop, so a synchronous test or a Qt app can start and stop it::

    with DemoGateway(issuer=idp.issuer, audience=DEMO_AUDIENCE).start() as gateway:
        ...  # MCP endpoint at gateway.url

Stand-alone: ``python -m gui.demo.gateway --issuer URL --audience AUD [--port N]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import inspect
import ipaddress
import json
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import Annotated, Any

import jwt
import requests
import uvicorn
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import ToolAnnotations
from pydantic import Field
from starlette.authentication import AuthCredentials
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gui.demo.consent import (
    CONSENT_PATH,
    LIST_EVENTS_ANNOTATIONS,
    NEEDS_CONSENT_ANNOTATIONS,
    ConsentBook,
    client_capabilities,
    needs_consent,
)
from gui.demo.forms import CREATE_TICKET_ANNOTATIONS, create_ticket_tool
from gui.demo.tickets import READ_ONLY, TicketBook
from gui.demo.tls import ServerCert

__all__ = ["DemoGateway", "main"]

logger = logging.getLogger(__name__)

MCP_PATH = "/mcp"
METADATA_PATH = "/.well-known/oauth-protected-resource"
# RFC 9728 §3.1 also places the metadata at the well-known path + the resource's path.
_METADATA_PATHS = frozenset({METADATA_PATH, METADATA_PATH + MCP_PATH})
# Asymmetric algorithms only: an HS* token would let anyone holding the (public) JWKS forge one.
_ALLOWED_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_HTTP_TIMEOUT = 5.0
# An unknown kid re-fetches the JWKS at most this often, so garbage tokens cannot hammer the IdP.
_JWKS_REFETCH_COOLDOWN = 10.0
_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 10.0
_SESSION_HEADER = b"mcp-session-id"

# ---------------------------------------------------------------------------------------------
# Fictional data. "neruneruo" is the article's example (30, development).

_PEOPLE: dict[str, dict[str, Any]] = {
    "neruneruo": {"age": 30, "department": "development", "title": "Software Engineer"},
    "alice": {"age": 34, "department": "sales", "title": "Account Executive"},
    "bob": {"age": 41, "department": "development", "title": "Engineering Manager"},
    "carol": {"age": 28, "department": "design", "title": "Product Designer"},
    "dave": {"age": 52, "department": "finance", "title": "Controller"},
    "erin": {"age": 25, "department": "development", "title": "Junior Developer"},
    "frank": {"age": 46, "department": "sales", "title": "Sales Director"},
    "grace": {"age": 38, "department": "support", "title": "Support Lead"},
    "heidi": {"age": 31, "department": "design", "title": "UX Researcher"},
}


def _profile(name: str) -> dict[str, Any]:
    return {"name": name, **_PEOPLE[name]}


def _departments() -> Counter[str]:
    return Counter(person["department"] for person in _PEOPLE.values())


def get_profile(
    name: Annotated[str, Field(description="The person's user name, e.g. 'neruneruo' or 'alice'.")],
) -> dict[str, Any]:
    """Look up one employee's profile: age, department and job title.

    Use it for questions about a specific person, such as "how old is neruneruo?" or
    "which department is alice in?".
    """
    key = name.strip().lower()
    if key not in _PEOPLE:
        # ToolError: the model reads this message as an is_error tool result.
        raise ToolError(f"No profile for '{name}'")
    return _profile(key)


def list_departments() -> dict[str, Any]:
    """List every department in the company with its head count (number of people)."""
    counts = _departments()
    return {
        "departments": [{"name": dept, "head_count": counts[dept]} for dept in sorted(counts)],
        "total_people": sum(counts.values()),
    }


def list_members(
    department: Annotated[
        str, Field(description="Department name, e.g. 'development', 'sales' or 'design'.")
    ],
) -> dict[str, Any]:
    """List the people (members) who work in one department, with their job titles."""
    key = department.strip().lower()
    if key not in _departments():
        known = ", ".join(sorted(_departments()))
        raise ToolError(f"No department '{department}'. Known departments: {known}")
    members = [
        {"name": name, "title": person["title"]}
        for name, person in sorted(_PEOPLE.items())
        if person["department"] == key
    ]
    return {"department": key, "members": members}


def search_by_age(
    min_age: Annotated[int, Field(ge=0, le=150, description="Youngest age to include.")] = 0,
    max_age: Annotated[int, Field(ge=0, le=150, description="Oldest age to include.")] = 150,
) -> dict[str, Any]:
    """Find people whose age is between min_age and max_age (inclusive), youngest first."""
    if min_age > max_age:
        raise ToolError(f"min_age ({min_age}) is greater than max_age ({max_age})")
    found = [
        _profile(name) for name, person in _PEOPLE.items() if min_age <= person["age"] <= max_age
    ]
    found.sort(key=lambda person: (person["age"], person["name"]))
    return {"min_age": min_age, "max_age": max_age, "people": found}


async def diagnostics_sleep(
    seconds: Annotated[float, Field(ge=0, le=600, description="How long to wait, in seconds.")],
) -> dict[str, Any]:
    """Test tool: wait for the given number of seconds, then return. For timeouts and cancel."""
    await asyncio.sleep(seconds)
    return {"slept": seconds}


def diagnostics_big_result(
    size_bytes: Annotated[
        int, Field(ge=0, le=64 * 1024 * 1024, description="Length of the returned text in bytes.")
    ],
) -> str:
    """Test tool: return a text of exactly size_bytes ASCII characters."""
    pattern = "0123456789abcdef"
    return (pattern * (size_bytes // len(pattern) + 1))[:size_bytes]


def diagnostics_fail(
    message: Annotated[str, Field(description="The error message the tool fails with.")],
) -> dict[str, Any]:
    """Test tool: always fail with the given message (the result has is_error set)."""
    raise ToolError(message)


# (name, function, structured output?, MCP annotations) — AgentCore names tools
# "<target>___<tool>". Every tool says what it does to data: the app runs read-only
# ones at once and asks before anything else (see gui/agent/approval.py).
_Tool = tuple[str, Callable[..., Any], bool | None, ToolAnnotations]
_PEOPLE_TOOLS: list[_Tool] = [
    ("people___getProfile", get_profile, None, READ_ONLY),
    ("people___listDepartments", list_departments, None, READ_ONLY),
    ("people___listMembers", list_members, None, READ_ONLY),
    ("people___searchByAge", search_by_age, None, READ_ONLY),
]
_TEST_TOOLS: list[_Tool] = [
    # Read-only too: they only wait, talk or fail, and the tests drive them unattended.
    ("diagnostics___sleep", diagnostics_sleep, None, READ_ONLY),
    # Plain text only: a structured copy would double a 1 MB answer on the wire.
    ("diagnostics___bigResult", diagnostics_big_result, False, READ_ONLY),
    ("diagnostics___fail", diagnostics_fail, None, READ_ONLY),
]


def _asking_tools(
    consents: ConsentBook, tickets: TicketBook, test_tools: bool
) -> list[tuple[str, Callable[..., Any], ToolAnnotations]]:
    """The tools that ask the person: a consent link (calendar) and a form (createTicket).

    ``createTicket`` files into the same book as the list and delete tools.
    """
    tools = [
        ("calendar___listEvents", consents.list_events_tool(), LIST_EVENTS_ANNOTATIONS),
        ("tickets___createTicket", create_ticket_tool(tickets), CREATE_TICKET_ANNOTATIONS),
    ]
    if test_tools:
        tools.append(("diagnostics___needsConsent", needs_consent, NEEDS_CONSENT_ANNOTATIONS))
        tools.append(
            ("diagnostics___clientCapabilities", client_capabilities, NEEDS_CONSENT_ANNOTATIONS)
        )
    return tools


# ---------------------------------------------------------------------------------------------
# Inbound authorization


class _Rejected(Exception):
    """A request the authorizer turns away; never carries token text."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


class _JwtVerifier:
    """Checks bearer tokens like AgentCore's custom JWT authorizer.

    Signing keys come from ``<issuer>.well-known/openid-configuration`` → ``jwks_uri``,
    fetched on first use and cached; an unknown ``kid`` re-fetches once (key rotation).
    """

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        required_scope: str,
        min_token_lifetime: int,
        ca_file: str | None = None,
    ) -> None:
        self.issuer = issuer
        self._verify: str | bool = ca_file or True  # an https issuer signed by a test CA
        self.audience = audience
        self.required_scope = required_scope
        self.min_token_lifetime = min_token_lifetime
        self._keys: dict[str | None, jwt.PyJWK] | None = None
        self._last_fetch = 0.0
        self._lock = asyncio.Lock()

    async def verify(self, token: str) -> dict[str, Any]:
        """Return the token's claims, or raise ``_Rejected`` (401 or 403)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _Rejected(401, "invalid_token", "The access token is malformed") from None
        alg = header.get("alg")
        if alg not in _ALLOWED_ALGORITHMS:
            raise _Rejected(401, "invalid_token", "The token's signing algorithm is not allowed")
        key = await self._key_for(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise _Rejected(401, "invalid_token", "The access token has expired") from None
        except jwt.InvalidAudienceError:
            raise _Rejected(401, "invalid_token", "The token is not for this gateway") from None
        except jwt.InvalidIssuerError:
            raise _Rejected(401, "invalid_token", "The token is from another issuer") from None
        except jwt.PyJWTError:
            raise _Rejected(401, "invalid_token", "The access token is not valid") from None
        # AgentCore turns away tokens about to expire, so a client must refresh ahead of time.
        if claims["exp"] - time.time() < self.min_token_lifetime:
            raise _Rejected(401, "invalid_token", "The access token expires too soon")
        if self.required_scope not in _scopes(claims):
            raise _Rejected(
                403, "insufficient_scope", f"The token lacks the '{self.required_scope}' scope"
            )
        return claims

    async def _key_for(self, kid: str | None) -> jwt.PyJWK:
        async with self._lock:  # single flight: concurrent first requests share one fetch
            stale = time.monotonic() - self._last_fetch >= _JWKS_REFETCH_COOLDOWN
            if self._keys is None or (kid not in self._keys and stale):
                await self._refresh()
            keys = self._keys or {}
        if kid in keys:
            return keys[kid]
        if kid is None and len(keys) == 1:
            return next(iter(keys.values()))
        raise _Rejected(401, "invalid_token", "The token was signed with an unknown key")

    async def _refresh(self) -> None:
        try:
            keys = await asyncio.to_thread(self._fetch_keys)
        except (requests.RequestException, ValueError, KeyError) as exc:
            # Not the caller's fault; AgentCore answers a failing IdP with a server error too.
            logger.warning("Could not fetch signing keys for %s: %s", self.issuer, exc)
            raise _Rejected(
                503, "temporarily_unavailable", "The gateway could not fetch signing keys"
            ) from None
        self._keys = keys
        self._last_fetch = time.monotonic()

    def _fetch_keys(self) -> dict[str | None, jwt.PyJWK]:
        discovery_url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        response = requests.get(discovery_url, timeout=_HTTP_TIMEOUT, verify=self._verify)
        response.raise_for_status()
        jwks_uri = response.json()["jwks_uri"]
        response = requests.get(jwks_uri, timeout=_HTTP_TIMEOUT, verify=self._verify)
        response.raise_for_status()
        keys: dict[str | None, jwt.PyJWK] = {}
        for data in response.json()["keys"]:
            if data.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(data)
            except jwt.PyJWTError:
                continue  # a key type we cannot use; others in the set may still work
            if key.algorithm_name in _ALLOWED_ALGORITHMS:
                keys[data.get("kid")] = key
        return keys


def _scopes(claims: Mapping[str, Any]) -> list[str]:
    scope = claims.get("scope", "")
    if isinstance(scope, str):
        return scope.split()
    if isinstance(scope, list):
        return [str(item) for item in scope]
    return []


def _authenticated_user(token: str, claims: Mapping[str, Any]) -> AuthenticatedUser:
    """What the MCP session manager reads from ``scope["user"]``.

    It binds each MCP session to the (client, issuer, subject) that created it, so a
    refreshed token of the same user keeps the session and another user's token gets 404.
    """
    client_id = str(claims.get("client_id") or claims.get("azp") or "")
    info = AccessToken(
        token=token,
        client_id=client_id,
        scopes=_scopes(claims),
        expires_at=int(claims["exp"]),
        subject=claims.get("sub"),
        claims={"iss": claims.get("iss")},
    )
    return AuthenticatedUser(info)


# ---------------------------------------------------------------------------------------------
# The ASGI app: authorizer + metadata in front of the MCP app, plus our own lifespan


class _GatewayApp:
    """ASGI wrapper: serves the RFC 9728 metadata, guards ``/mcp``, runs the session manager.

    The lifespan is handled here rather than by the MCP Starlette app so that ``stop()``
    can end every MCP session (closing their open SSE streams) before uvicorn waits for
    connections to drain; otherwise a connected client would hold the shutdown.
    """

    def __init__(
        self,
        *,
        mcp_app: ASGIApp,
        session_manager: StreamableHTTPSessionManager,
        verifier: _JwtVerifier,
        base_url: str,
        on_session_created: Callable[[], None],
        on_session_closed: Callable[[], None] = lambda: None,
        consent_page: ASGIApp | None = None,
    ) -> None:
        self._mcp_app = mcp_app
        self._consent_page = consent_page
        self._session_manager = session_manager
        self._verifier = verifier
        self._base_url = base_url
        self._on_session_created = on_session_created
        self._on_session_closed = on_session_closed
        self._loop: asyncio.AbstractEventLoop | None = None
        self._end_sessions: asyncio.Event | None = None
        self._sessions_task: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path in _METADATA_PATHS:
            await self._send_json(send, 200, self._metadata())
            return
        if path == MCP_PATH or path.startswith(MCP_PATH + "/"):
            await self._guarded(scope, receive, send)
            return
        if self._consent_page is not None and path.startswith(CONSENT_PATH):
            await self._consent_page(scope, receive, send)  # visited in a browser, no token
            return
        await self._mcp_app(scope, receive, send)  # its router answers 404

    def end_sessions_threadsafe(self) -> None:
        """Ask the serving loop to close every MCP session (callable from any thread)."""
        if self._loop is not None and self._end_sessions is not None:
            self._loop.call_soon_threadsafe(self._end_sessions.set)

    def _metadata(self) -> dict[str, Any]:
        return {
            "resource": self._base_url + MCP_PATH,
            "authorization_servers": [self._verifier.issuer],
            "bearer_methods_supported": ["header"],
            "scopes_supported": [self._verifier.required_scope],
        }

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._end_sessions is None or self._end_sessions.is_set():
            # Between stop() ending the sessions and uvicorn closing the socket.
            body = {"error": "temporarily_unavailable", "error_description": "Shutting down"}
            await self._send_json(send, 503, body)
            return
        try:
            token = _bearer_token(scope)
            claims = await self._verifier.verify(token)
        except _Rejected as rejected:
            await self._send_rejection(send, rejected)
            return
        scope = dict(scope)
        scope["user"] = _authenticated_user(token, claims)
        scope["auth"] = AuthCredentials(_scopes(claims))
        if _header(scope, _SESSION_HEADER) is None:
            send = self._counting_sessions(send)
        elif scope.get("method") == "DELETE":
            send = self._counting_closes(send)
        await self._mcp_app(scope, receive, send)

    def _counting_closes(self, send: Send) -> Send:
        """Count a session the client ended itself (a DELETE with its id that succeeded)."""

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                self._on_session_closed()
            await send(message)

        return counting_send

    def _counting_sessions(self, send: Send) -> Send:
        """Count a session when a request without a session id is answered with one."""

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                names = {name.lower() for name, _ in message.get("headers", [])}
                if _SESSION_HEADER in names:
                    self._on_session_created()
            await send(message)

        return counting_send

    async def _send_rejection(self, send: Send, rejected: _Rejected) -> None:
        if rejected.status == 401:
            challenge = (
                f'Bearer resource_metadata="{self._base_url}{METADATA_PATH}", '
                f'error="invalid_token", error_description="{rejected.description}"'
            )
        elif rejected.status == 403:
            challenge = (
                f'Bearer error="insufficient_scope", scope="{self._verifier.required_scope}", '
                f'resource_metadata="{self._base_url}{METADATA_PATH}", '
                f'error_description="{rejected.description}"'
            )
        else:
            challenge = None
        body = {"error": rejected.error, "error_description": rejected.description}
        headers = [(b"www-authenticate", challenge.encode())] if challenge else []
        await self._send_json(send, rejected.status, body, headers)

    @staticmethod
    async def _send_json(
        send: Send,
        status: int,
        body: Mapping[str, Any],
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        payload = json.dumps(body).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"cache-control", b"no-store"),
                    *(headers or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._loop = asyncio.get_running_loop()
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


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return None


def _bearer_token(scope: Scope) -> str:
    raw = _header(scope, b"authorization")
    if raw is None:
        raise _Rejected(401, "invalid_token", "A bearer token is required")
    scheme, _, token = raw.decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise _Rejected(401, "invalid_token", "A bearer token is required")
    return token


# ---------------------------------------------------------------------------------------------
# The gateway


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"The demo gateway only listens on loopback addresses, not {host!r}")


class _Delayed:
    """ASGI middleware: wait ``seconds`` before handling each HTTP request (simulated latency)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self._app = app
        self._seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await asyncio.sleep(self._seconds)
        await self._app(scope, receive, send)


class DemoGateway:
    """A local MCP gateway behind an AgentCore-style JWT authorizer (see the module doc)."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        host: str = "127.0.0.1",
        port: int = 0,
        required_scope: str = "invoke:mcp",
        min_token_lifetime: int = 60,
        test_tools: bool = False,
        tls: ServerCert | None = None,
        ca_file: str | None = None,
        latency: float = 0.0,
    ) -> None:
        """Configure the gateway; nothing listens until ``start()``.

        With ``tls`` it serves https with that certificate; ``ca_file`` is the CA it
        trusts when fetching the issuer's signing keys (an https test issuer).
        ``latency`` (seconds) is added before every HTTP request is handled, to stand in
        for a gateway across a network (the benchmarks compare clients at 0 and 50 ms).
        Raises ``ValueError`` for a host that is not a loopback address.
        """
        _check_loopback(host)
        if latency < 0:
            raise ValueError("latency must not be negative")
        self._latency = latency
        self._issuer = issuer
        self._audience = audience
        self._host = host
        self._requested_port = port
        self._port = port
        self._required_scope = required_scope
        self._min_token_lifetime = min_token_lifetime
        self._test_tools = test_tools
        self.tickets = TicketBook()  # outlives a restart of this gateway, like a real target
        self._tls = tls
        self._ca_file = ca_file
        self._counts_lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._sessions = 0
        self._closed_sessions = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._app: _GatewayApp | None = None
        #: Consent to the demo calendar per user (``tickets`` above holds the form's tickets too).
        self.consents = ConsentBook(self._base_url)

    # -- public API -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The listening port (the ephemeral one chosen at ``start()`` when 0 was asked)."""
        return self._port

    @property
    def url(self) -> str:
        """The MCP endpoint, e.g. ``http://127.0.0.1:8123/mcp``."""
        return self._base_url() + MCP_PATH

    def call_count(self, tool: str) -> int:
        """How many times the named tool ran (arguments accepted, whatever the outcome)."""
        with self._counts_lock:
            return self._calls[tool]

    def session_count(self) -> int:
        """How many MCP sessions were initialised since this object was created."""
        with self._counts_lock:
            return self._sessions

    def closed_session_count(self) -> int:
        """How many MCP sessions their client ended (HTTP DELETE) since this object was created."""
        with self._counts_lock:
            return self._closed_sessions

    def start(self) -> DemoGateway:
        """Start serving in a background thread; return once connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("The demo gateway is already running")
        sock = self._bind()
        self._port = sock.getsockname()[1]
        app = self._build_app()
        config = uvicorn.Config(
            _Delayed(app, self._latency) if self._latency else app,
            log_level="warning",
            access_log=False,  # keeps paths out of the log; headers are never logged anyway
            lifespan="on",
            ws="none",
            loop="asyncio",
            # Backstop only: stop() closes MCP sessions first, so connections drain at once.
            timeout_graceful_shutdown=2,
            ssl_certfile=self._tls.certfile if self._tls else None,
            ssl_keyfile=self._tls.keyfile if self._tls else None,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run,
            kwargs={"sockets": [sock]},
            name=f"demo-gateway-{self._port}",
            daemon=True,
        )
        self._socket, self._server, self._thread, self._app = sock, server, thread, app
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The demo gateway did not start")
            time.sleep(0.01)  # a thread handoff, not a test wait: uvicorn has no started event
        return self

    def stop(self) -> None:
        """Stop serving and free the port. Safe to call twice or before ``start()``."""
        server, thread, app, sock = self._server, self._thread, self._app, self._socket
        self._server = self._thread = self._app = self._socket = None
        if server is None or thread is None:
            return
        if app is not None:
            app.end_sessions_threadsafe()
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(_STOP_TIMEOUT)
        if sock is not None:
            sock.close()  # uvicorn closes it too; closing twice is harmless

    def __enter__(self) -> DemoGateway:
        if self._thread is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- internals --------------------------------------------------------------------------

    def _base_url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{host}:{self._port}"

    def _bind(self) -> socket.socket:
        # Bound and listening here, so start() reports a busy port at once and early
        # connections wait in the backlog instead of being refused.
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        # SO_REUSEADDR: a restart on the same port must not trip over TIME_WAIT connections.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self._host, self._requested_port or self._port))
            sock.listen(128)
        except OSError:
            sock.close()
            raise
        return sock

    def _build_app(self) -> _GatewayApp:
        # A fresh MCP server each start: a session manager runs only once.
        server = MCPServer(
            "agentcore-demo-gateway",
            title="AgentCore demo gateway",
            instructions=(
                "Fictional company directory and support tickets. Tools are named "
                "<target>___<tool> like an Amazon Bedrock AgentCore Gateway."
            ),
            log_level="WARNING",
        )
        tools = _PEOPLE_TOOLS + self.tickets.tools() + (_TEST_TOOLS if self._test_tools else [])
        for name, fn, structured, hints in tools:
            server.add_tool(
                self._counted(name, fn),
                name=name,
                annotations=hints,
                structured_output=structured,
            )
        # The targets that ask the person (a consent link, a form): see consent.py, forms.py.
        for name, fn, hints in _asking_tools(self.consents, self.tickets, self._test_tools):
            server.add_tool(self._counted(name, fn), name=name, annotations=hints)
        allowed_host = f"[{self._host}]" if ":" in self._host else self._host
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=[f"{allowed_host}:*", "127.0.0.1:*", "localhost:*", "[::1]:*"],
            allowed_origins=[
                f"http://{allowed_host}:*",
                "http://127.0.0.1:*",
                "http://localhost:*",
                "http://[::1]:*",
            ],
        )
        mcp_app = server.streamable_http_app(
            streamable_http_path=MCP_PATH, transport_security=security, host=self._host
        )
        verifier = _JwtVerifier(
            issuer=self._issuer,
            audience=self._audience,
            required_scope=self._required_scope,
            min_token_lifetime=self._min_token_lifetime,
            ca_file=self._ca_file,
        )
        return _GatewayApp(
            mcp_app=mcp_app,
            session_manager=server.session_manager,
            verifier=verifier,
            base_url=self._base_url(),
            on_session_created=self._session_created,
            on_session_closed=self._session_closed,
            consent_page=self.consents.page,
        )

    def _session_created(self) -> None:
        with self._counts_lock:
            self._sessions += 1

    def _session_closed(self) -> None:
        with self._counts_lock:
            self._closed_sessions += 1

    def _counted(self, name: str, fn: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
        # functools.wraps keeps the signature (via __wrapped__) the input schema is built from.
        @functools.wraps(fn)
        async def tool(*args: Any, **kwargs: Any) -> Any:
            with self._counts_lock:
                self._calls[name] += 1
            result = fn(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            return result

        return tool


def main(argv: list[str] | None = None) -> int:
    """Run the demo gateway until interrupted (``python -m gui.demo.gateway``)."""
    parser = argparse.ArgumentParser(description="Local AgentCore-style MCP gateway (demo).")
    parser.add_argument(
        "--issuer", required=True, help="OIDC issuer URL, e.g. http://127.0.0.1:8400/"
    )
    parser.add_argument("--audience", required=True, help="the audience tokens must carry")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument("--scope", default="invoke:mcp", help="scope every caller needs")
    parser.add_argument("--test-tools", action="store_true", help="add the diagnostics tools")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added before each request"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    gateway = DemoGateway(
        issuer=args.issuer,
        audience=args.audience,
        host=args.host,
        port=args.port,
        required_scope=args.scope,
        test_tools=args.test_tools,
        latency=args.latency,
    )
    with gateway.start():
        print(f"MCP endpoint: {gateway.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
