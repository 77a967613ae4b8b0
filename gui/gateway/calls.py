"""What happens during one tool call, as it happens: typed call events and the call's scope.

::

    GatewayClient.call_tool(..., on_event=sink)
         │  sets current_call (a ContextVar) to this call's CallScope, in the caller's task;
         │  mcp copies the caller's context into the POST that carries the call, and from
         │  there into the handler of every request the server sends on that POST's stream
         ├──► Progress        notifications/progress for this call (progressToken = request id)
         ├──► TaskUpdate      a task-augmented call's status, polled (gui.gateway.tasks)
         ├──► ConsentAsked    a URL-mode elicitation request: the person's answer is awaited
         └──► ConsentSettled  ... and how it ended (answered, or completed by the server)

So an ``elicitation/create`` that arrives on a call's stream knows its call: the form
names the tool that asks, and a link shows on that call's card. A request the server
sends on its stand-alone stream (no call) finds no scope: it goes to the client's own
handlers.

A sink must not block or raise (a front end queues the event and returns); an exception
it raises is logged and dropped, never fails the call. Imports nothing but the standard
library: the agent and the front ends use these types cheaply.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = [
    "CallEvent",
    "CallScope",
    "ConsentAsked",
    "ConsentSettled",
    "EventSink",
    "Progress",
    "TaskUpdate",
    "current_call",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """``notifications/progress`` for a call: ``progress`` of ``total`` (None: unknown)."""

    progress: float
    total: float | None = None
    message: str = ""  # the server's, one line

    @property
    def fraction(self) -> float | None:
        """Between 0 and 1 when the total is known (a determinate bar), else None."""
        if self.total is None or not math.isfinite(self.total) or self.total <= 0:
            return None
        if not math.isfinite(self.progress):
            return None
        return min(1.0, max(0.0, self.progress / self.total))


@dataclass(frozen=True)
class TaskUpdate:
    """A task-augmented call's state: ``working``, ``input_required``, or a final one."""

    task_id: str
    status: str
    message: str = ""  # the server's statusMessage, one line

    @property
    def finished(self) -> bool:
        """True for ``completed``, ``failed`` and ``cancelled``."""
        return self.status in ("completed", "failed", "cancelled")


@dataclass(frozen=True)
class ConsentAsked:
    """The server asks the person to open a link (``elicitation/create``, mode ``url``).

    Answer through ``GatewayClient.consents`` with this ``elicitation_id``: ``complete``
    (the person connected: ``accept``) or ``answer(..., DECLINE | CANCEL)``. The server's
    ``notifications/elicitation/complete`` settles it too. ``url`` is untrusted: open it
    only when :func:`gui.untrusted.is_openable_link` says so; ``host`` is where it leads.
    """

    elicitation_id: str
    message: str
    url: str
    host: str


@dataclass(frozen=True)
class ConsentSettled:
    """A :class:`ConsentAsked` ended: ``action`` is what the server is told; ``by`` who said so."""

    elicitation_id: str
    action: str  # "accept", "decline" or "cancel"
    by: str  # "person", "server" or "nobody" (no front end listened)


CallEvent = Progress | TaskUpdate | ConsentAsked | ConsentSettled
EventSink = Callable[[CallEvent], None]


@dataclass
class CallScope:
    """One tool call in flight: who asks (for forms and links) and where its events go."""

    tool: str  # the gateway's name
    title: str  # readable
    server: str  # the gateway's host, named on forms
    sink: EventSink | None = None
    # What the person is being asked for this call (forms, links): dismissed when it ends.
    _asking: set[asyncio.Future[object]] = field(default_factory=set, repr=False)

    def emit(self, event: CallEvent) -> None:
        """Hand ``event`` to the call's sink, if any; a failing sink never fails the call."""
        if self.sink is None:
            return
        try:
            self.sink(event)
        except Exception:
            log.warning("A tool call's event could not be delivered", exc_info=True)

    def track(self, future: asyncio.Future[object]) -> None:
        """Dismiss ``future`` (a question to the person) when the call ends first."""
        self._asking.add(future)
        future.add_done_callback(self._asking.discard)

    def close(self) -> None:
        """The call ended: dismiss whatever is still being asked for it."""
        for future in list(self._asking):
            future.cancel()


#: The tool call the current task (or a request handler spawned from it) belongs to.
current_call: ContextVar[CallScope | None] = ContextVar("agentcore_chat_call", default=None)
