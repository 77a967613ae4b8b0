"""Calls abandoned by their client, or cut short by a stop, end quietly in the demo gateway.

When the app stops a question, mcp's client sends ``notifications/cancelled`` and may close
the session at once; when the embedded gateway stops (the window or a terminal command
ends) it ends every session. A request caught in between meets a session whose streams
are closed: mcp logs "Error handling POST request" with a traceback, tries to send a 500
after its 202 went out, and uvicorn logs "Exception in ASGI application". Nothing went
wrong that anybody can act on, yet the person's terminal fills with tracebacks.

:func:`quietly` hands one request to the MCP app and, for a request the client or the
session has left (:func:`gui.errors.other_end_gone`), or any request the stopping
gateway can no longer serve, ends it without a word above DEBUG: the answer stands as
far as it got (a second one is dropped), one never begun is a 503. Anything else still
raises, loudly. :func:`install_log_filter` does the same for mcp's own log line (on its
``mcp.server.streamable_http`` logger: :class:`gui.errors.OtherEndGoneFilter`).

May import: starlette's responses and types, :mod:`gui.errors`. No Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gui.errors import other_end_gone, quiet_when_other_end_gone

log = logging.getLogger(__name__)

MCP_TRANSPORT_LOGGER = "mcp.server.streamable_http"


def install_log_filter() -> None:
    """mcp's traceback for a client or session gone mid-request: DEBUG (once; idempotent)."""
    quiet_when_other_end_gone(MCP_TRANSPORT_LOGGER)


class _Response:
    """``send``, watched: whether a response began or ended; nothing sent after the end."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False
        self.complete = False

    async def send(self, message: Message) -> None:
        if self.complete:
            # mcp's 500 after its own 202 (the session closed under it): no second answer.
            log.debug("Dropped %s after the response ended", message.get("type"))
            return
        if message["type"] == "http.response.start":
            self.started = True
        elif message["type"] == "http.response.body" and not message.get("more_body", False):
            self.complete = True
        await self._send(message)


async def quietly(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, *, stopping: Callable[[], bool]
) -> None:
    """Run ``app`` for one request; an abandoned request or a stop ends it quietly.

    ``stopping()`` says whether the gateway has begun to stop (its sessions are ending).
    The answer stands as far as it got (Starlette has usually sent its 500 already);
    one never begun becomes a 503, one under way is ended.
    """
    response = _Response(send)
    try:
        await app(scope, receive, response.send)
    except Exception as exc:
        if not (stopping() or other_end_gone(exc)):
            raise
        log.debug("A request ended after its client or session had gone: %r", exc)
        if not response.started:
            body = {"error": "temporarily_unavailable", "error_description": "Try again"}
            await JSONResponse(body, 503, headers={"Cache-Control": "no-store"})(
                scope, receive, response.send
            )
        elif not response.complete:
            await response.send({"type": "http.response.body", "body": b"", "more_body": False})
