"""Progress, tasks and protocols in the window: how soon a progress notification is painted,
what polling a long task costs the event loop, and how many requests a question makes in
each protocol era.

Real sign-in server and gateway (the showcase target) on loopback, the real ChatSession
with a scripted model, the chat pane on the Qt loop. Prints figures; asserts none of them
(only that the measurement happened).

- Progress → repaint: from the moment the gateway client hands a ``notifications/progress``
  to the call (:meth:`gui.gateway.calls.CallScope.emit`) to the next paint of that card's
  progress bar.
- Task polling: a task of ``TASK_SECONDS`` (not 60 s: the suite would take minutes) polled at
  the server's 500 ms interval, exactly as a 60-second one is; the loop's lateness (a 5 ms
  Qt timer) while it runs, beside an idle process's on this machine.
- Requests per question: HTTP requests the client sends for one question answered with
  one tool call, counted on its own HTTP client: the first (which also connects) and each
  one after, by JSON-RPC method.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import Counter
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject

from gui.agent.session import ChatSession
from gui.demo.stack import DemoStack
from gui.gateway import calls
from gui.gateway.calls import Progress, TaskUpdate
from gui.gateway.connection import AUTO, LEGACY
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from tests.support.auth import signed_in_session
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import ask, idle
from tests.support.figures import report
from tests.support.qt import shown
from tests.support.stall import IdleControl, StallMeter, loop_name
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]

REPORTS = 5  # calls of the progress tool (6 notifications each)
TASK_SECONDS = 10.0  # stands for a 60-second task: same 500 ms polls, fewer of them
QUESTIONS = 5
ERAS = [pytest.param(AUTO, id="2026-07-28"), pytest.param(LEGACY, id="2025-11-25")]


class PaintLog(QObject):
    """When each watched widget was painted (perf_counter seconds)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.painted: list[float] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(time.perf_counter())
        return False


@contextlib.contextmanager
def emitted(kind: type) -> Any:
    """Record when the gateway client hands each event of ``kind`` to its call."""
    times: list[float] = []
    original = calls.CallScope.emit

    def timed(self: calls.CallScope, event: calls.CallEvent) -> None:
        if isinstance(event, kind):
            times.append(time.perf_counter())
        original(self, event)

    calls.CallScope.emit = timed  # type: ignore[method-assign]
    try:
        yield times
    finally:
        calls.CallScope.emit = original  # type: ignore[method-assign]


class Requests:
    """The JSON-RPC methods a client POSTed (and its GETs and DELETEs)."""

    def __init__(self) -> None:
        self.methods: Counter[str] = Counter()

    async def __call__(self, request: Any) -> None:
        if request.method != "POST":
            self.methods[request.method] += 1
            return
        with contextlib.suppress(ValueError):
            body = json.loads(request.content)
            self.methods[body.get("method") or "(response)"] += 1

    def take(self) -> Counter[str]:
        taken, self.methods = self.methods, Counter()
        return taken


async def open_window(stack: DemoStack, auth: Any, turns: list, protocol: str = AUTO):
    page = ChatPage()
    session = ChatSession(stack.profile, auth, model=ScriptedModel(turns), protocol=protocol)
    controller = ChatController(page, session, page)
    return page, session, controller


async def test_progress_notification_to_repaint(qtbot, stack: DemoStack) -> None:
    assert stack.gateway is not None
    stack.gateway.showcase.progress_seconds = 1.2
    turns = [[Use("reports___buildReport")], [Say("Done.")]] * REPORTS
    delays: list[float] = []
    async with signed_in_session(stack.idp) as auth:
        page, _, controller = await open_window(stack, auth, turns)
        with shown(page, 900, 640):
            await controller.start()
            try:
                with emitted(Progress) as arrivals:
                    for number in range(1, REPORTS + 1):
                        before = len(arrivals)
                        await ask(qtbot, page, "Build the report")
                        await wait_until(
                            lambda n=number: len(page.transcript.tool_cards()) == n, 20, "card"
                        )
                        card = page.transcript.tool_cards()[-1]
                        log = PaintLog(card)
                        card.progress_bar().installEventFilter(log)
                        await wait_until(lambda: idle(page), 30, "the answer")
                        for arrived in arrivals[before:]:
                            later = [t for t in log.painted if t >= arrived]
                            if later:
                                delays.append((later[0] - arrived) * 1000)
            finally:
                await controller.shutdown()
    assert delays, "no progress was painted"
    report(f"Progress notification → card repaint ({loop_name()})", delays)


@pytest.mark.parametrize("protocol", ERAS)
async def test_event_loop_while_a_long_task_is_polled(qtbot, stack: DemoStack, protocol) -> None:
    assert stack.gateway is not None
    stack.gateway.showcase.task_seconds = TASK_SECONDS
    turns = [[Use("exports___exportArchive")], [Say("Exported.")]]
    async with signed_in_session(stack.idp) as auth:
        page, session, controller = await open_window(stack, auth, turns, protocol)
        with shown(page, 900, 640):
            await controller.start()
            counted = Requests()
            session._gateway._http.event_hooks["request"].append(counted)  # type: ignore[union-attr]
            try:
                with (
                    emitted(TaskUpdate) as updates,
                    IdleControl() as control,
                    StallMeter() as meter,
                ):
                    started = time.perf_counter()
                    await ask(qtbot, page, "Export the tickets")
                    await wait_until(lambda: page.transcript.tool_cards(), 20, "card")
                    await wait_until(lambda: idle(page), TASK_SECONDS + 30, "the task")
                    took = time.perf_counter() - started
            finally:
                await controller.shutdown()
    [card] = page.transcript.tool_cards()
    assert not card.is_error() and updates
    polls = counted.methods["tasks/get"]
    print(
        f"\nA {TASK_SECONDS:g} s task polled in the window ({protocol}, {loop_name()}): "
        f"took {took:.1f} s, {polls} tasks/get, loop {meter.summary()}; "
        f"idle process on this machine: worst {control.worst:.1f} ms"
    )


@pytest.mark.parametrize("protocol", ERAS)
async def test_requests_per_question(
    qtbot, stack: DemoStack, protocol, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx2

    from gui.ui.widgets.consent_card import ConsentCardView

    counted = Requests()

    class CountingClient(httpx2.AsyncClient):  # the gateway client's one HTTP client
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.event_hooks["request"].append(counted)

    monkeypatch.setattr(httpx2, "AsyncClient", CountingClient)
    turns = [[Use("people___getProfile", {"name": "alice"})], [Say("Sales.")]] * QUESTIONS
    turns += [[Use("drive___listFiles")], [Say("Not connected.")]]
    async with signed_in_session(stack.idp) as auth:
        page, session, controller = await open_window(stack, auth, turns, protocol)
        with shown(page, 900, 640):
            try:
                await controller.start()  # connects and lists the tools
                per_question: list[Counter[str]] = [counted.take()]
                for number in range(1, QUESTIONS + 1):
                    await ask(qtbot, page, "Which department is alice in?")
                    await wait_until(
                        lambda n=number: len(page.transcript.tool_cards()) == n and idle(page),
                        20,
                        "the answer",
                    )
                    per_question.append(counted.take())
                # A question whose tool asks the person (a link request, declined on its card).
                await ask(qtbot, page, "My drive files")
                cards = lambda: [  # noqa: E731
                    i for i in page.transcript.items() if isinstance(i, ConsentCardView)
                ]
                await wait_until(cards, 20, "the link card")
                cards()[0].decline_button.click()
                await wait_until(lambda: idle(page), 20, "the answer")
                asking = counted.take()
                version = session.protocol_version
            finally:
                await controller.shutdown()
    connecting, first, *rest = per_question
    later = [sum(c.values()) for c in rest]
    print(
        f"\nRequests against a {version} gateway: connecting + tools/list "
        f"{sum(connecting.values())} {dict(connecting)}; first question "
        f"{sum(first.values())} {dict(first)}; each further question "
        f"{later[0] if len(set(later)) == 1 else later} {dict(rest[0])}; a question whose "
        f"tool asks the person {sum(asking.values())} {dict(asking)}"
    )
