"""``DemoGateway``: an embedded stand-in for an Amazon Bedrock AgentCore Gateway.

A real MCP server (mcp 2.x ``MCPServer``, streamable HTTP) on a loopback port, guarded the
way AgentCore's custom JWT inbound authorizer guards a gateway (``authorizer``). Its tools
use AgentCore's ``<target>___<tool>`` names and answer from fictional data (``tools``,
``tickets``, ``consent``, ``forms``, ``showcase``; a big generated catalogue and
AgentCore's search tool in ``catalogue``). It speaks both protocol eras: the
``initialize`` handshake (sessions, which expire ``session_ttl`` seconds after they began,
as AgentCore's absolute session timeout does) and 2026-07-28's stateless requests (each
``server/discover`` counted as a session opened). It runs through
``gui.demo.runner.ServerThread``, so a synchronous test or a Qt app can start and stop it::

    with DemoGateway(issuer=idp.issuer, audience=DEMO_AUDIENCE).start() as gateway:
        ...  # MCP endpoint at gateway.url

Each ``start()`` builds a fresh MCP server (a session manager runs only once); the ticket
book, the consents and the counters outlive a restart, like a real target's data. A
restart reuses the port first bound.

May import: mcp's server, ``gui.demo.runner``, ``gui.demo.tls``, ``gui.untrusted`` and the
modules of this package. No Qt.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Self

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings

from gui.demo.gateway.app import MCP_PATH, Delayed, GatewayApp
from gui.demo.gateway.authorizer import JwtVerifier
from gui.demo.gateway.catalogue import (
    SEARCH_ANNOTATIONS,
    SEARCH_DESCRIPTION,
    SEARCH_NAME,
    Listed,
    catalogue_tools,
    search_tool,
)
from gui.demo.gateway.consent import ConsentBook
from gui.demo.gateway.showcase import Showcase
from gui.demo.gateway.tickets import ADMIN_SCOPE, AUDIT_LOG, TicketBook
from gui.demo.gateway.tools import PEOPLE_TOOLS, TEST_TOOLS, asking_tools
from gui.demo.runner import ServerThread, StartStop
from gui.demo.tls import ServerCert
from gui.untrusted import is_loopback_host

#: The tools that need a scope beyond ``required_scope`` (MCP step-up authorization).
TOOL_SCOPES: Mapping[str, str] = {AUDIT_LOG: ADMIN_SCOPE}


class DemoGateway(StartStop):
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
        catalogue: int = 0,
        semantic_search: bool | None = None,
        tool_scopes: Mapping[str, str] = TOOL_SCOPES,
        session_ttl: float | None = None,
        reveal_after: float | None = None,
    ) -> None:
        """Configure the gateway; nothing listens until ``start()``.

        ``catalogue``: this many generated read-only tools besides the demo's own, across
        many targets (a big company gateway; see ``catalogue``). ``semantic_search``: offer
        AgentCore's ``x_amz_bedrock_agentcore_search`` tool, as a gateway created with
        ``searchType: SEMANTIC`` does (default: when there is a catalogue).
        ``tool_scopes``: tool name -> the extra scope calling it needs; a call without it
        is answered 403 ``insufficient_scope`` naming that scope.
        ``session_ttl``: seconds an MCP session lives from its ``initialize`` (None: for
        ever; default: ``AGENTCORE_DEMO_SESSION_TTL``); it may be changed while running.
        ``reveal_after``: seconds after the first request until the showcase's later
        target appears (None: after the first showcase call).

        With ``tls`` it serves https with that certificate; ``ca_file`` is the CA it
        trusts when fetching the issuer's signing keys (an https test issuer).
        ``latency`` (seconds) is added before every HTTP request is handled, to stand in
        for a gateway across a network (the benchmarks compare clients at 0 and 50 ms).
        Raises ``ValueError`` for a host that is not a loopback address.
        """
        if not is_loopback_host(host):
            raise ValueError(f"The demo gateway only listens on loopback addresses, not {host!r}")
        if latency < 0:
            raise ValueError("latency must not be negative")
        self._catalogue = catalogue_tools(catalogue)  # raises ValueError when out of range
        self._semantic_search = catalogue > 0 if semantic_search is None else semantic_search
        self._latency = latency
        self._issuer = issuer
        self._audience = audience
        self._host = host
        self._requested_port = port
        self._port = port
        self._required_scope = required_scope
        self._min_token_lifetime = min_token_lifetime
        self._test_tools = test_tools
        self._tool_scopes = dict(tool_scopes)
        self.tickets = TicketBook()  # outlives a restart of this gateway, like a real target
        self._tls = tls
        self._ca_file = ca_file
        self._counts_lock = threading.Lock()
        self._calls: Counter[str] = Counter()
        self._sessions = 0
        self._closed_sessions = 0
        self._expired = 0
        self._runner = ServerThread("demo-gateway", tls=tls)
        #: Consent to the demo calendar per user (``tickets`` above holds the form's tickets too).
        self.consents = ConsentBook(self._base_url)
        #: The showcase target (progress, a link request, a form, every result, a task...).
        self.showcase = Showcase(self.consents, reveal_after=reveal_after)
        #: Seconds a session lives from its ``initialize`` (None: no limit).
        self.session_ttl = session_ttl if session_ttl is not None else _ttl_from_environment()
        self._app: GatewayApp | None = None

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
        """How many MCP sessions were opened since this object was created: an ``initialize``
        answered with a session id, or a 2026-07-28 client's ``server/discover``."""
        with self._counts_lock:
            return self._sessions

    def expire_sessions(self) -> None:
        """End every open MCP session now, as AgentCore's absolute timeout would: the next
        request with one of their ids is answered 404 (counted in ``expired_session_count``)."""
        if self._app is not None:
            self._app.expire_sessions()

    def expired_session_count(self) -> int:
        """How many requests were refused because their session was past ``session_ttl``."""
        with self._counts_lock:
            return self._expired

    def closed_session_count(self) -> int:
        """How many MCP sessions their client ended (HTTP DELETE) since this object was created."""
        with self._counts_lock:
            return self._closed_sessions

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._runner.running

    def start(self) -> Self:
        """Start serving in a background thread; return once connections are accepted."""
        if self._runner.running:
            raise RuntimeError("The demo gateway is already running")
        app = self._app = self._build_app()
        asgi = Delayed(app, self._latency) if self._latency else app
        self._port = self._runner.start(
            asgi, self._host, self._requested_port or self._port, on_stopping=app.stopping
        )
        return self

    def stop(self) -> None:
        """Stop serving and free the port. Safe to call twice or before ``start()``."""
        self._runner.stop()

    # -- internals --------------------------------------------------------------------------

    def _base_url(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{host}:{self._port}"

    def _build_app(self) -> GatewayApp:
        # A fresh MCP server each start: a session manager runs only once.
        server = MCPServer(
            "agentcore-demo-gateway",
            title="AgentCore demo gateway",
            instructions=(
                "Fictional company directory and support tickets. Tools are named "
                "<target>___<tool> like an Amazon Bedrock AgentCore Gateway."
            ),
            log_level="WARNING",
            subscriptions=self.showcase.bus(),  # 2026-07-28 list changes
            middleware=[self.showcase.middleware],  # tasks, 2025 sessions, the later target
        )
        tools = PEOPLE_TOOLS + self.tickets.tools() + (TEST_TOOLS if self._test_tools else [])
        for name, fn, structured, hints in tools:
            server.add_tool(
                self._counted(name, fn),
                name=name,
                annotations=hints,
                structured_output=structured,
            )
        # The targets that ask the person (a consent link, a form): see consent.py, forms.py.
        for name, fn, hints in asking_tools(self.consents, self.tickets, self._test_tools):
            server.add_tool(self._counted(name, fn), name=name, annotations=hints)
        for name, fn, hints, description in self._catalogue:
            server.add_tool(
                self._counted(name, fn), name=name, description=description, annotations=hints
            )
        if self._semantic_search:
            server.add_tool(
                self._counted(SEARCH_NAME, search_tool(functools.partial(_listed, server))),
                name=SEARCH_NAME,
                description=SEARCH_DESCRIPTION,
                annotations=SEARCH_ANNOTATIONS,
                structured_output=True,
            )
        self.showcase.add_to(server, self._counted)
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
        verifier = JwtVerifier(
            issuer=self._issuer,
            audience=self._audience,
            required_scope=self._required_scope,
            min_token_lifetime=self._min_token_lifetime,
            ca_file=self._ca_file,
        )
        return GatewayApp(
            mcp_app=mcp_app,
            session_manager=server.session_manager,
            verifier=verifier,
            base_url=self._base_url,
            on_session_created=self._session_created,
            on_session_closed=self._session_closed,
            on_session_expired=self._session_expired,
            session_ttl=lambda: self.session_ttl,
            consent_page=self.consents.page,
            tool_scopes=self._tool_scopes,
        )

    def _session_created(self) -> None:
        with self._counts_lock:
            self._sessions += 1

    def _session_closed(self) -> None:
        with self._counts_lock:
            self._closed_sessions += 1

    def _session_expired(self) -> None:
        with self._counts_lock:
            self._expired += 1

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


async def _listed(server: MCPServer) -> list[Listed]:
    """Every tool the gateway lists, as its search returns them."""
    return [
        Listed(t.name, t.description or "", dict(t.input_schema)) for t in await server.list_tools()
    ]


def _ttl_from_environment() -> float | None:
    """``AGENTCORE_DEMO_SESSION_TTL`` (seconds) for ``--demo``; None when unset or not a number."""
    try:
        seconds = float(os.environ.get("AGENTCORE_DEMO_SESSION_TTL", ""))
    except ValueError:
        return None
    return seconds if seconds > 0 else None
