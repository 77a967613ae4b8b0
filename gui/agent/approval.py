"""Whether a tool call the agent proposes runs, waits for the person, or is declined.

The agent acts in the person's name with their token, so before each call
:meth:`ApprovalPolicy.review` decides::

    tool call ──► review(info, arguments) ──► allowed by mode / "always" / --yes / --allow ─► run
                        │ otherwise
                        ▼
                  ApprovalRequest ──► the front end (window: a card; terminal: a prompt)
                        │ request.decide(ALLOW_ONCE | ALWAYS | DENY)      (an asyncio.Future:
                        ▼                                                   nothing polls)
                  run, or a declined message the model reads as the tool's result

Invariants:

- The risk comes from the server's MCP annotations only: ``readOnlyHint: true`` is
  *read-only*; ``destructiveHint: true`` is *destructive*; anything else, and no
  annotations at all, *may change data*. (MCP's own default for a tool that is not
  read-only is destructive; we keep the strong warning for tools that say so, or
  every unannotated tool would wear it and the warning would mean nothing.)
- Mode ``changes`` (the default) runs read-only tools and asks for the rest;
  ``every`` asks for every tool; ``never`` asks for none.
- "Always allow" is remembered per gateway (:class:`RememberedTools`) and re-read
  at every decision, so a revoke in Settings, or an "always" given in another
  process, counts at once.
- Requests are answered one at a time: two concurrent tool calls never show two
  prompts fighting for one terminal.
- Cancelling the task that awaits a request (Stop) cancels its future: the front
  end sees ``request.cancelled`` and the tool does not run.

No Qt, no strands: :mod:`gui.agent.gateway_tools` hooks this into the agent loop.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from gui.aio import run_blocking
from gui.gateway.tools import ToolInfo


class Risk(enum.StrEnum):
    """What a tool may do to data, by its annotations."""

    READ_ONLY = "read_only"
    MAY_CHANGE = "may_change"
    DESTRUCTIVE = "destructive"


class Mode(enum.StrEnum):
    """When to ask (a setting: ``approval_mode`` in the config file)."""

    EVERY = "every"  # ask before every tool
    CHANGES = "changes"  # ask for tools that may change data (the default)
    NEVER = "never"  # never ask


class Decision(enum.StrEnum):
    """The person's answer to one request."""

    ALLOW_ONCE = "once"
    ALWAYS = "always"
    DENY = "deny"


#: The risk in words for a terminal (the window has its own, translated).
RISK_WORDS = {
    Risk.READ_ONLY: "read-only",
    Risk.MAY_CHANGE: "may change data",
    Risk.DESTRUCTIVE: "destructive",
}
DEFAULT_MODE = Mode.CHANGES
MODES = tuple(Mode)
#: How every declined result starts, so a reader (the offline router) can tell it apart.
NOT_RUN = "Not run: "


def risk_of(tool: ToolInfo) -> Risk:
    """The tool's risk from its annotations (see the module doc)."""
    if tool.read_only is True:
        return Risk.READ_ONLY
    if tool.destructive is True:
        return Risk.DESTRUCTIVE
    return Risk.MAY_CHANGE


def declined_message(tool: ToolInfo) -> str:
    """The tool result the model reads when the person said no.

    The first line is for people too (the offline router shows it); the second
    tells a language model what to do with it.
    """
    return (
        f"{NOT_RUN}the person declined this call of {tool.title}. Nothing was changed.\n"
        "Do not call it again for this request; tell them it was not done."
    )


def no_terminal_message(tool: ToolInfo) -> str:
    """The tool result when nobody can be asked (a terminal command without a tty)."""
    return (
        f"{NOT_RUN}{tool.title} needs the person's approval and there is no terminal to "
        f"ask. To allow it, run the command again with --allow {tool.name} "
        "(this tool) or --yes (every tool)."
    )


class RememberedTools(Protocol):
    """Where "always allow" answers live (one gateway's set). Blocking: called in a thread."""

    def load(self) -> set[str]:
        """The tool names always allowed."""

    def add(self, tool: str) -> None:
        """Always allow ``tool`` from now on."""

    def remove(self, tool: str) -> None:
        """Ask again before ``tool`` (Settings' Revoke)."""


class MemoryRemembered:
    """Remembered for this process only (the demo, tests)."""

    def __init__(self, tools: Iterable[str] = ()) -> None:
        self._tools = set(tools)

    def load(self) -> set[str]:
        """The tool names always allowed."""
        return set(self._tools)

    def add(self, tool: str) -> None:
        """Always allow ``tool`` from now on."""
        self._tools.add(tool)

    def remove(self, tool: str) -> None:
        """Ask again for ``tool``."""
        self._tools.discard(tool)


@dataclass(eq=False)
class ApprovalRequest:
    """One call waiting for the person: what to show, and the future their answer resolves.

    The front end shows ``tool.title``, ``arguments``, ``tool.description`` and
    ``risk``, then calls :meth:`decide` once. ``note`` goes to the model with a
    denial (e.g. how to allow the tool next time).
    """

    call_id: str
    tool: ToolInfo
    arguments: dict[str, Any]
    risk: Risk
    future: asyncio.Future[tuple[Decision, str]] = field(repr=False)

    def decide(self, decision: Decision, note: str = "") -> None:
        """Answer the request (later answers, and answers after Stop, are ignored)."""
        if not self.future.done():
            self.future.set_result((Decision(decision), note))

    @property
    def pending(self) -> bool:
        """True until answered or cancelled."""
        return not self.future.done()

    @property
    def cancelled(self) -> bool:
        """True when the question was stopped while this request waited."""
        return self.future.cancelled()

    @property
    def decision(self) -> Decision | None:
        """The answer, once given."""
        if not self.future.done() or self.future.cancelled():
            return None
        return self.future.result()[0]

    def add_done_callback(self, callback: Callable[[ApprovalRequest], None]) -> None:
        """Call ``callback(self)`` once answered or cancelled."""
        self.future.add_done_callback(lambda _future: callback(self))


Ask = Callable[[ApprovalRequest], None]


class ApprovalPolicy:
    """The mode, the remembered "always" set, and this command's own allowances.

    ``allow_all`` and ``allowed`` are the terminal's ``--yes`` and ``--allow TOOL``
    (names or aliases): they hold for this process only and are never saved.
    """

    def __init__(
        self,
        mode: Mode | str = DEFAULT_MODE,
        *,
        remembered: RememberedTools | None = None,
        allow_all: bool = False,
        allowed: Iterable[str] = (),
    ) -> None:
        self._mode = Mode(mode)
        self.remembered: RememberedTools = remembered or MemoryRemembered()
        self.allow_all = allow_all
        self.allowed = set(allowed)
        self._one_at_a_time: asyncio.Lock | None = None

    @property
    def mode(self) -> Mode:
        """When to ask; settable (the window's Settings change it for the next call)."""
        return self._mode

    @mode.setter
    def mode(self, mode: Mode | str) -> None:
        self._mode = Mode(mode)

    def asks_for(self, tool: ToolInfo) -> bool:
        """Whether the mode alone would ask before ``tool`` (before "always" and flags)."""
        if self.mode is Mode.NEVER:
            return False
        return self.mode is Mode.EVERY or risk_of(tool) is not Risk.READ_ONLY

    async def review(
        self, tool: ToolInfo, call_id: str, arguments: dict[str, Any], ask: Ask
    ) -> str:
        """``""`` when the call may run; otherwise the declined message for the model.

        ``ask`` shows a request to the person (it must not block); the answer is
        awaited here. Cancelling the caller cancels the request.
        """
        if not self.asks_for(tool) or self.allow_all or self.allowed & {tool.name, tool.alias}:
            return ""
        if self._one_at_a_time is None:
            self._one_at_a_time = asyncio.Lock()
        async with self._one_at_a_time:
            if tool.name in await run_blocking(self.remembered.load):
                return ""
            future: asyncio.Future[tuple[Decision, str]] = (
                asyncio.get_running_loop().create_future()
            )
            request = ApprovalRequest(call_id, tool, dict(arguments), risk_of(tool), future)
            ask(request)
            decision, note = await future
        if decision is Decision.DENY:
            return note or declined_message(tool)
        if decision is Decision.ALWAYS:
            await run_blocking(lambda: self.remembered.add(tool.name))
        return ""
