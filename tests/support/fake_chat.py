"""A scripted stand-in for ``gui.agent.session.ChatSession``, for view tests without servers.

Each question is answered from a script: a list of chat events, where a number
means "wait this many seconds (or until stopped)", like a slow tool. Stop ends
the answer with ``Done(stopped=True)`` unless ``ignore_stop`` is set (a session
stuck in a tool call, to test the view's own fallback).

Prefer the real ``ChatSession`` with ``tests.support.chat.ScriptedModel`` against the
demo servers (as tests/gui/test_chat.py does): this fake is for what the real session
cannot be made to do, a session deaf to Stop, and for pure rendering measurements.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gui.agent.events import ChatEvent, Done, TextDelta, ToolFinished, ToolStarted
from gui.errors import AppError

Step = ChatEvent | float
Script = Sequence[Step] | Callable[[str], Sequence[Step]]


@dataclass(frozen=True)
class FakeTool:
    """The shape of ``gui.gateway.tools.ToolInfo`` the view reads."""

    name: str
    title: str
    description: str
    alias: str = ""
    read_only: bool | None = None
    destructive: bool | None = None
    icons: tuple[Any, ...] = ()


DEFAULT_TOOLS = (
    FakeTool("people___getProfile", "people · getProfile", "Look up one employee's profile."),
    FakeTool("people___listDepartments", "people · listDepartments", "List every department."),
    FakeTool("diagnostics___sleep", "diagnostics · sleep", "Test tool: wait, then return."),
)


def answer(text: str, chunk: int = 7) -> list[Step]:
    """``text`` as small text deltas followed by ``Done``."""
    steps: list[Step] = [TextDelta(text[i : i + chunk]) for i in range(0, len(text), chunk)]
    steps.append(Done(text))
    return steps


def tool_call(
    call_id: str,
    tool: str,
    arguments: dict[str, object],
    result: str,
    *,
    is_error: bool = False,
    delay: float = 0.0,
) -> list[Step]:
    """A tool card's events: started, an optional wait, finished."""
    title = tool.replace("___", " · ")
    steps: list[Step] = [ToolStarted(call_id, tool, title, arguments)]
    if delay:
        steps.append(delay)
    steps.append(ToolFinished(call_id, tool, title, result, is_error))
    return steps


class ScriptedChatSession:
    """Answers each question from a script; records what the view asked of it."""

    def __init__(
        self,
        script: Script = (),
        *,
        tools: Sequence[FakeTool] = DEFAULT_TOOLS,
        model_label: str = "Scripted model",
        is_language_model: bool = True,
        start_error: AppError | None = None,
        ignore_stop: bool = False,
    ) -> None:
        self.model_label = model_label
        self.is_language_model = is_language_model
        self.script = script
        self.tool_list = list(tools)
        self.start_error = start_error
        self.ignore_stop = ignore_stop
        self.started = 0
        self.tools_calls: list[bool] = []
        self.questions: list[str] = []
        self.stops = 0
        self.new_conversations = 0
        self.closed = False
        self.form_handler: object | None = None
        self.consents_given: list[str] = []
        self.consent_answers: list[tuple[str, str]] = []
        self.language = "en"
        self.protocol_version = "2026-07-28"
        self.ca_file = ""
        self.tool_watchers: list[Any] = []
        self._stop = asyncio.Event()

    def set_language(self, language: str) -> None:
        """Record the language the view reads in (as ChatSession does: ``en`` or ``ja``)."""
        from gui.agent.phrases import normalise

        self.language = normalise(language)

    async def start(self) -> None:
        """Fail with ``start_error`` once if set; otherwise succeed."""
        self.started += 1
        await asyncio.sleep(0)
        if self.start_error is not None:
            error, self.start_error = self.start_error, None
            raise error

    async def tools(self, refresh: bool = False) -> list[FakeTool]:
        """The tool list; records whether a refresh was asked for."""
        self.tools_calls.append(refresh)
        await asyncio.sleep(0)
        return list(self.tool_list)

    def ask(self, question: str) -> AsyncIterator[ChatEvent]:
        """Stream the scripted answer."""
        self.questions.append(question)
        self._stop = asyncio.Event()
        steps = self.script(question) if callable(self.script) else self.script
        return self._run(list(steps))

    async def _run(self, steps: list[Step]) -> AsyncIterator[ChatEvent]:
        for step in steps:
            if isinstance(step, (int, float)):
                await self._wait(float(step))
                if self._stop.is_set() and not self.ignore_stop:
                    yield Done("", stopped=True)
                    return
                continue
            await asyncio.sleep(0)  # a real stream yields to the loop between events
            if self._stop.is_set() and not self.ignore_stop:
                yield Done("", stopped=True)
                return
            yield step

    async def _wait(self, seconds: float) -> None:
        if self.ignore_stop:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(TimeoutError):  # the time is up: go on
            await asyncio.wait_for(self._stop.wait(), seconds)

    def set_form_handler(self, handler: object) -> None:
        """Remembered, so a view test can ask the window a form as a server would."""
        self.form_handler = handler

    def consent_given(self, elicitation_id: str) -> bool:
        """Recorded; the scripted answer goes on by itself."""
        self.consents_given.append(elicitation_id)
        return True

    def answer_consent(self, elicitation_id: str, action: str) -> bool:
        """Recorded; the scripted answer goes on by itself."""
        self.consent_answers.append((elicitation_id, action))
        return True

    def watch_tools(self, callback: Any) -> Any:
        """Kept, so a view test can change the tool list as a gateway would."""
        self.tool_watchers.append(callback)
        return lambda: self.tool_watchers.remove(callback)

    def change_tools(self, tools: Sequence[FakeTool]) -> None:
        """The gateway's list changed: every watcher hears it."""
        self.tool_list = list(tools)
        for callback in list(self.tool_watchers):
            callback(list(tools))

    def stop(self) -> None:
        """Ask the running answer to end."""
        self.stops += 1
        self._stop.set()

    def new_conversation(self) -> None:
        """Forget the conversation."""
        self.new_conversations += 1

    async def aclose(self) -> None:
        """Mark closed."""
        self.closed = True
