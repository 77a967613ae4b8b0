"""What a question produces, as it happens: typed events the view renders incrementally.

A question yields, in order, any mix of ``TextDelta``, ``ToolStarted`` and
``ToolFinished`` (a call's ``ToolStarted`` always before its ``ToolFinished``,
matched by ``call_id``), at most one ``Failed``, and always ``Done`` last.
Between a call's start and finish may come ``ToolProgress`` (any number: the server's
progress, or a task's status) and ``ConsentRequested`` (the tool needs the person to
connect an account or open a link: the call waits) and then ``ConsentEnded``.

``ApprovalRequested`` comes before a call that needs the person's answer; the
question waits until the front end calls ``event.request.decide(...)``. An
allowed call then goes on with ``ToolStarted``; a declined one has no tool events.
So a call that needs both is asked for first, then started, then waits for consent.

``ModelBusy`` may come at any point before ``Done``: the provider said busy and the
question tries again by itself after ``retry_in_seconds`` (see :mod:`gui.agent.retry`);
the notice stands until the next event. ``Done.usage`` carries the tokens the provider
reported for the whole answer (every model call of it), when it reported them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from gui.agent.approval import ApprovalRequest
from gui.errors import AppError


@dataclass(frozen=True)
class TextDelta:
    """More of the answer's text (Markdown)."""

    text: str


@dataclass(frozen=True)
class ToolStarted:
    """A tool call began; ``tool`` is the gateway's name, ``title`` the readable one."""

    call_id: str
    tool: str
    title: str
    arguments: dict = field(hash=False)


@dataclass(frozen=True)
class ToolProgress:
    """A running call's progress: ``progress`` of ``total`` (None: not known), the server's
    ``message``, and for a task its ``status`` (``working``, ``input_required``, ...)."""

    call_id: str
    tool: str
    progress: float | None = None
    total: float | None = None
    message: str = ""
    status: str = ""

    @property
    def fraction(self) -> float | None:
        """Between 0 and 1 when the total is known (a determinate bar), else None."""
        if self.progress is None or self.total is None or self.total <= 0:
            return None
        if not (math.isfinite(self.progress) and math.isfinite(self.total)):
            return None
        return min(1.0, max(0.0, self.progress / self.total))


@dataclass(frozen=True)
class ToolFinished:
    """A tool call ended; ``is_error`` when the tool (or the call) failed.

    ``text`` is what the person sees (the model may read more: content meant for it
    alone); ``parts`` the typed content shown (:mod:`gui.gateway.content`: images, links,
    files); ``detail`` the gateway's debug details, for the card's details.
    """

    call_id: str
    tool: str
    title: str
    text: str
    is_error: bool
    structured: object | None = field(default=None, hash=False)
    parts: tuple[object, ...] = field(default=(), hash=False, compare=False)
    detail: str = ""


@dataclass(frozen=True)
class ConsentRequested:
    """A tool needs the person's consent first; the call waits for it.

    ``message`` is the server's (one line), ``url`` the untrusted link to open. Answer
    with ``ChatSession.consent_given(elicitation_id)`` once they have connected; the
    server may also say so itself. The call is then tried once more.
    """

    call_id: str
    tool: str
    title: str
    message: str
    url: str
    elicitation_id: str
    #: A server's URL-mode request (answer with ``ChatSession.answer_consent``: accept,
    #: decline or cancel); False for a -32042 consent, which is only waited for.
    answerable: bool = False


@dataclass(frozen=True)
class ConsentEnded:
    """The retry after a consent ran: ``connected`` False when the server still asks for it."""

    call_id: str
    elicitation_id: str
    connected: bool


@dataclass(frozen=True)
class ApprovalRequested:
    """A tool call waits for the person: show ``request`` and answer it with ``decide``."""

    request: ApprovalRequest


@dataclass(frozen=True)
class Failed:
    """The question could not be answered; show ``error.message``."""

    error: AppError


@dataclass(frozen=True)
class ModelBusy:
    """The provider is busy (rate limited, overloaded): trying again in ``retry_in_seconds``.

    Show "The model is busy — trying again in N s" until the next event; Stop ends the wait.
    ``attempt`` is 1 for the first retry. Text streamed before it in the same model call
    (a provider that fails mid-stream) is dropped from ``Done.text``: the retry says it anew.
    """

    retry_in_seconds: float
    attempt: int


@dataclass(frozen=True)
class Usage:
    """Tokens the provider counted for an answer (summed over its model calls)."""

    input_tokens: int = 0
    output_tokens: int = 0

    def __bool__(self) -> bool:
        """False when nothing was counted (the offline router counts no tokens)."""
        return bool(self.input_tokens or self.output_tokens)

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens, self.output_tokens + other.output_tokens
        )


@dataclass(frozen=True)
class Done:
    """The question is over (always the last event); ``stopped`` when the person stopped it.

    ``usage``: the answer's tokens when the provider reported them (None otherwise); not
    part of equality, like a footer is not part of the answer.
    """

    text: str
    stopped: bool = False
    usage: Usage | None = field(default=None, compare=False)


ChatEvent = (
    TextDelta
    | ToolStarted
    | ToolProgress
    | ToolFinished
    | ApprovalRequested
    | ConsentRequested
    | ConsentEnded
    | ModelBusy
    | Failed
    | Done
)
