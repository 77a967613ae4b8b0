"""The demo provider's web pages: the ``/activate`` sign-in form, the ``/authorize`` sign-in
and consent page of the browser sign-in, and their result pages.

The markup lives in ``templates/*.html`` next to this module (shipped as package data);
``$name`` placeholders are filled by :func:`_fill`, which HTML-escapes every value except
fragments this module rendered itself (:class:`_Html`). So nothing a request carries (a
typed user code, an error message quoting it) reaches a page unescaped.

Every page is sent with a Content-Security-Policy that allows no scripts, no external
resources and no framing, and with no referrer (the query may carry the user code).

May import: starlette's responses, ``gui.demo.idp.state`` (the users and the role). No Qt.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path
from string import Template
from urllib.parse import quote

from starlette.responses import HTMLResponse

from gui.demo.idp.state import REQUIRED_ROLE, DemoUser

TITLE = "AgentCore Chat demo sign-in"
_TEMPLATES = Path(__file__).parent / "templates"
_HEADERS = {
    "Cache-Control": "no-store",
    # No scripts, no external resources, no framing, no leaking the code.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _Html(str):
    """Markup this module rendered from a template: inserted as it is."""


@cache
def _template(name: str) -> Template:
    return Template((_TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def _fill(template: str, /, **values: str) -> _Html:
    """``template`` with ``values`` inserted, each escaped unless it is ``_Html``."""
    safe = {k: v if isinstance(v, _Html) else html.escape(v, quote=True) for k, v in values.items()}
    return _Html(_template(template).substitute(safe))


def _page(
    status: int, content: _Html, heading: str = TITLE, headers: dict[str, str] | None = None
) -> HTMLResponse:
    document = _fill("page", title=TITLE, heading=heading, content=content)
    return HTMLResponse(document, status, headers={**_HEADERS, **(headers or {})})


def _decision(
    action: str, label: str, users: list[DemoUser], roles: dict[str, tuple[str, ...]]
) -> _Html:
    """The demo users to sign in as, then ``label`` (sends ``action``) and Deny."""
    choices = _choices(users, roles)
    return _fill("decision", choices=choices, action=action, label=label)


def _choices(users: list[DemoUser], roles: dict[str, tuple[str, ...]]) -> _Html:
    """The radio buttons of the demo users, each with whether they hold the role."""
    choices = []
    for index, user in enumerate(users):
        holds = REQUIRED_ROLE in roles[user.username]
        choices.append(
            _fill(
                "user",
                username=user.username,
                checked=" checked" if index == 0 else "",
                name=user.name,
                email=user.email,
                badge_class="ok" if holds else "no",
                badge=f"{'holds' if holds else 'lacks'} {REQUIRED_ROLE}",
            )
        )
    return _Html("".join(choices))


def activate_page(
    user_code: str, users: list[DemoUser], roles: dict[str, tuple[str, ...]]
) -> HTMLResponse:
    """The form: the code (pre-filled from the link), a choice of users, Approve and Deny."""
    decision = _decision("approve", "Approve", users, roles)
    return _page(200, _fill("activate", user_code=user_code, decision=decision))


def authorize_page(
    request_id: str, scope: str, users: list[DemoUser], roles: dict[str, tuple[str, ...]]
) -> HTMLResponse:
    """The browser sign-in: what the app asks for, a choice of users, Allow and Deny.

    The form's answer is a redirect to the app's loopback port (another origin), so the
    policy lets a form lead there.
    """
    scopes = _Html("".join(_fill("scope", name=name) for name in scope.split()))
    decision = _decision("allow", "Allow", users, roles)
    content = _fill("authorize", request_id=request_id, scopes=scopes, decision=decision)
    policy = _HEADERS["Content-Security-Policy"].replace(
        "form-action 'self'",
        "form-action 'self' http://127.0.0.1:* http://localhost:* http://[::1]:*",
    )
    return _page(200, content, "Sign in to AgentCore Chat", {"Content-Security-Policy": policy})


def problem_page(message: str) -> HTMLResponse:
    """HTTP 400 with ``message``: a request that cannot be sent back to the app."""
    return _page(400, _fill("problem", message=message), "Something went wrong")


def done_page(heading: str, message: str) -> HTMLResponse:
    """A decision was recorded: say so and send the person back to the app."""
    return _page(200, _fill("done", message=message), heading)


def failed_page(message: str, retry_code: str | None = None) -> HTMLResponse:
    """HTTP 400 with ``message`` and a link back to the form (keeping the typed code)."""
    retry = "/activate"
    if retry_code:
        retry += f"?user_code={quote(retry_code, safe='')}"
    return _page(400, _fill("failed", message=message, retry=retry), "Something went wrong")
