"""Answering a server's ``elicitation/create``: forms for the front end, links for the person.

::

    mcp (elicitation callback, or a 2026-07-28 input request)      Elicitor.__call__
         │  current_call: which tool call asks (None: the server's stand-alone stream)
         ├── mode "form" ──► form_handler(FormRequest naming server and tool)
         │                     └─ answer checked by forms.validated: nothing invalid is sent
         └── mode "url"  ──► ConsentAsked on the call's events; waits in ConsentWaits for
                             the person (accept / decline / cancel) or the server's
                             notifications/elicitation/complete (accept); ConsentSettled

While the person answers, the calls' deadlines are paused (``pause``): a person reading
a form is not a slow tool. When the call ends first (stopped, timed out), what it asked
is dismissed (:meth:`gui.gateway.calls.CallScope.close`): the form handler's await is
cancelled, the consent wait too. A link nobody can be shown (no call, or a call without
a front end listening) is answered ``cancel`` — never ``decline``, which would claim the
person refused. A form without a handler is cancelled too.

Imports :mod:`gui.gateway.calls`, :mod:`gui.gateway.consent`, :mod:`gui.gateway.forms`,
:mod:`gui.untrusted`; mcp only inside functions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from gui.gateway.calls import ConsentAsked, ConsentSettled, current_call
from gui.gateway.consent import PERSON, SERVER, ConsentWaits, action_of
from gui.gateway.forms import ACCEPT, CANCEL, FormHandler, FormInvalid, form_request, validated
from gui.untrusted import link_host, one_line

__all__ = ["Elicitor"]

log = logging.getLogger(__name__)

_URL_PROMPT = "The server asks you to open a link to continue."


class Elicitor:
    """mcp's elicitation callback for one gateway client (forms and URL requests)."""

    def __init__(
        self,
        *,
        server: str,
        consents: ConsentWaits,
        pause: Callable[[], AbstractAsyncContextManager[None]],
    ) -> None:
        self._server = server
        self._consents = consents
        self._pause = pause
        #: Answers the forms a server asks for; None cancels them.
        self.form_handler: FormHandler | None = None

    async def __call__(self, context: Any, params: Any) -> Any:
        """Answer one ``elicitation/create`` (an mcp ``ElicitResult``)."""
        from mcp_types import ElicitResult

        if getattr(params, "mode", "form") == "url":
            action = await self._link(params)
            return ElicitResult(action=action)
        action, content = await self._form(params)
        return ElicitResult(action=action, content=content)

    async def _form(self, params: Any) -> tuple[str, dict[str, Any] | None]:
        scope = current_call.get()
        handler = self.form_handler
        if handler is None:
            log.info("A form was cancelled: no front end answers forms")
            return CANCEL, None
        request = form_request(
            params.message,
            params.requested_schema,
            server=self._server,
            tool=scope.title if scope is not None else "",
        )
        asking = asyncio.ensure_future(handler(request))
        if scope is not None:
            scope.track(asking)  # type: ignore[arg-type]
        try:
            async with self._pause():
                answer = await asking
        except asyncio.CancelledError:
            if asking.cancelled() and not _current_task_cancelling():
                return CANCEL, None  # the call ended first: the form was dismissed
            raise
        except Exception:
            log.warning("The form could not be shown", exc_info=True)
            return CANCEL, None
        finally:
            asking.cancel()
        if answer.action != ACCEPT:
            return answer.action, None
        try:
            return ACCEPT, dict(validated(request.fields, dict(answer.content)))
        except FormInvalid as invalid:
            # The front ends check before answering; this is the last guard, not the UI.
            log.warning("A form answer was not sent: %s", sorted(invalid.problems))
            return CANCEL, None

    async def _link(self, params: Any) -> str:
        scope = current_call.get()
        elicitation_id = str(getattr(params, "elicitation_id", None) or f"url-{uuid.uuid4()}")
        url = one_line(params.url, 2000)
        if scope is None or scope.sink is None:
            log.info("A link request was cancelled: no front end shows it")
            return CANCEL
        waiter = self._consents.wait(elicitation_id)  # before the person sees it
        scope.track(waiter)  # type: ignore[arg-type]
        message = one_line(params.message) or _URL_PROMPT
        scope.emit(ConsentAsked(elicitation_id, message, url, link_host(url)))
        outcome = "nobody"
        try:
            async with self._pause():
                outcome = await waiter
        except asyncio.CancelledError:
            if not waiter.cancelled() or _current_task_cancelling():
                raise
        finally:
            waiter.cancel()
            action = action_of(outcome)
            by = SERVER if outcome == SERVER else (PERSON if outcome != "nobody" else "nobody")
            with contextlib.suppress(Exception):
                scope.emit(ConsentSettled(elicitation_id, action, by))
        return action


def _current_task_cancelling() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
