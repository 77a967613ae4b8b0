"""A demo target that needs the person's consent first, the way AgentCore Identity's 3LO does.

``calendar___listEvents`` reads a (fictional) third-party calendar in the caller's name.
The first call per user (keyed by the token's ``sub``) is answered with JSON-RPC error
-32042, a URL elicitation (``UrlElicitationRequiredError``) whose link points at a
consent page on the demo gateway itself::

    tools/call calendar___listEvents ──► -32042 {elicitations: [{url, message, elicitationId}]}
    browser GET  /consent/<id>       ──► a page with an "Allow" button
    browser POST /consent/<id>       ──► consent stored for that sub;
                                          notifications/elicitation/complete sent to the session
    tools/call calendar___listEvents ──► the events

The same book serves other third-party services (``service``: the showcase's Example
Drive asks through a URL-mode ``elicitation/create`` request instead of an error, see
``showcase.py``); a consent names one service.

Invariants: an elicitation id is unguessable (``secrets.token_urlsafe``) and names one
subject and one service; granting it never grants anyone else, nor another service; the
page shows nothing taken from a request without escaping it. Runs on the gateway's own
event loop (no locks needed).

May import: mcp's server and elicitation types, pydantic, starlette. No Qt.
"""

from __future__ import annotations

import contextlib
import html
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import UrlElicitationRequiredError
from mcp.types import ElicitRequestURLParams, ToolAnnotations
from pydantic import Field
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

logger = logging.getLogger(__name__)

CONSENT_PATH = "/consent/"
CONSENT_MESSAGE = "Connect your Example Calendar account so the assistant can read your events."
CALENDAR = "calendar"
#: What each service's page asks for, and its product name.
SERVICES = {
    CALENDAR: ("Example Calendar", "read the events of"),
    "drive": ("Example Drive", "list the files of"),
}
_MAX_FORM = 4096

_EVENTS = [
    {"when": "Mon 10:00", "title": "Sales weekly", "with": ["alice", "frank"]},
    {"when": "Tue 14:30", "title": "Design review", "with": ["carol", "heidi"]},
    {"when": "Thu 09:00", "title": "1:1 with Bob", "with": ["bob"]},
]

#: How the tools are described to clients (MCP tool annotations).
LIST_EVENTS_ANNOTATIONS = ToolAnnotations(
    title="List calendar events", read_only_hint=True, open_world_hint=True
)


@dataclass
class _Pending:
    subject: str
    session: Any  # the ServerSession that asked, to tell it when consent is given
    service: str = CALENDAR
    done: bool = False


class ConsentBook:
    """Who has connected their calendar, and the consent links handed out so far."""

    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url
        self._granted: set[tuple[str, str]] = set()  # (service, subject)
        self._pending: dict[str, _Pending] = {}

    def has_consented(self, subject: str, service: str = CALENDAR) -> bool:
        """True once ``subject`` allowed ``service`` on the consent page."""
        return (service, subject) in self._granted

    def revoke(self, subject: str, service: str = CALENDAR) -> None:
        """Forget a consent (the person disconnected the service)."""
        self._granted.discard((service, subject))

    def link_for(
        self,
        subject: str,
        session: Any,
        *,
        service: str = CALENDAR,
        message: str = CONSENT_MESSAGE,
    ) -> ElicitRequestURLParams:
        """A new consent link for ``subject`` and ``service``; ``session`` is told when it is
        used (a 2025 session; None on 2026-07-28, where the client answers the request)."""
        elicitation_id = secrets.token_urlsafe(16)
        self._pending[elicitation_id] = _Pending(subject, session, service)
        return ElicitRequestURLParams(
            message=message,
            url=f"{self._base_url()}{CONSENT_PATH}{elicitation_id}",
            elicitation_id=elicitation_id,
        )

    async def grant(self, elicitation_id: str) -> bool:
        """Record the consent behind ``elicitation_id`` and notify its MCP session."""
        pending = self._pending.get(elicitation_id)
        if pending is None:
            return False
        self._granted.add((pending.service, pending.subject))
        if not pending.done and pending.session is not None:
            pending.done = True
            # Delivery is best effort (the spec says clients must not rely on it): the
            # session may be gone, or the client may not listen on the standalone stream.
            with contextlib.suppress(Exception):
                await pending.session.send_elicit_complete(elicitation_id)
        return True

    # -- the tool ---------------------------------------------------------------------------

    def list_events_tool(self) -> Callable[..., Any]:
        """``calendar___listEvents`` bound to this book."""

        async def list_events(ctx: Context) -> dict[str, Any]:
            """List this week's events from your Example Calendar (a third-party service).

            The first time, you are asked to connect the calendar in your browser.
            """
            subject = subject_of(ctx)
            if not self.has_consented(subject):
                raise UrlElicitationRequiredError([self.link_for(subject, ctx.session)])
            return {"owner": subject, "events": _EVENTS}

        return list_events

    # -- the page ---------------------------------------------------------------------------

    async def page(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI: ``GET /consent/<id>`` shows the page, ``POST`` gives the consent."""
        response = await self._answer(Request(scope, receive))
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> HTMLResponse:
        elicitation_id = request.url.path[len(CONSENT_PATH) :]
        pending = self._pending.get(elicitation_id)
        if pending is None:
            return _html(404, "Unknown link", "<p>This consent link is not valid.</p>")
        product, wants = SERVICES.get(pending.service, SERVICES[CALENDAR])
        if request.method == "POST":
            form = parse_qs((await _body(request)).decode("utf-8", "replace"))
            if form.get("decision") == ["allow"]:
                await self.grant(elicitation_id)
                return _html(
                    200,
                    "Connected",
                    f"<p id='result'>{product} is connected. "
                    "You can go back to AgentCore Chat.</p>",
                )
            return _html(200, "Not connected", "<p id='result'>Nothing was connected.</p>")
        action = html.escape(CONSENT_PATH + elicitation_id, quote=True)
        who = html.escape(pending.subject)
        body = (
            f"<p>AgentCore Chat wants to {wants} <b>{who}</b>'s {product}.</p>"
            f"<form method='post' action='{action}'>"
            "<button name='decision' value='allow' id='allow'>Allow</button> "
            "<button name='decision' value='deny' id='deny'>Deny</button></form>"
        )
        return _html(200, f"Connect {product}", body)


def subject_of(ctx: Context) -> str:
    """The ``sub`` of the caller's token (our authorizer puts it in the request scope)."""
    request = ctx.request_context.request
    user = getattr(request, "scope", {}).get("user") if request is not None else None
    if isinstance(user, AuthenticatedUser) and user.access_token.subject:
        return str(user.access_token.subject)
    return "anonymous"


async def _body(request: Request) -> bytes:
    """The form's body; empty when it is larger than a consent form can be."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _MAX_FORM:
            return b""
        chunks.append(chunk)
    return b"".join(chunks)


def _html(status: int, title: str, body: str) -> HTMLResponse:
    page = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    headers = {
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; form-action 'self'",
    }
    return HTMLResponse(page, status, headers=headers)


NEEDS_CONSENT_ANNOTATIONS = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def needs_consent(
    url: Annotated[str, Field(description="The consent link to hand out.")],
    message: Annotated[str, Field(description="What the link is for.")] = CONSENT_MESSAGE,
) -> dict[str, Any]:
    """Test tool: always answer -32042 with the given link (for hostile or odd links)."""
    raise UrlElicitationRequiredError(
        [ElicitRequestURLParams(message=message, url=url, elicitation_id="test-consent")]
    )


async def client_capabilities(ctx: Context) -> dict[str, Any]:
    """Test tool: the capabilities the calling client declared in its initialize request."""
    declared = ctx.client_capabilities
    return declared.model_dump(by_alias=True, exclude_none=True) if declared else {}
