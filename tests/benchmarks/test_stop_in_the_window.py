"""How long Stop takes in the chat pane, on the Qt loop (printed, not asserted).

The window tests check that Stop ends a question long before the tool would; these
are the figures they used to assert, measured as a person sees them: Stop clicked
until Send is back. Run on a qasync loop built here (the GUI tests' loop hook does
not reach this folder), with the real ChatSession and the demo servers, and once
with a session deaf to Stop (the pane's own fallback, ``STOP_GRACE_MS``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.agent.events import TextDelta
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import STOP_GRACE_MS, ChatController
from gui.ui.views.chat import ChatPage
from tests.support.chat import ScriptedModel, Use
from tests.support.chat_page import open_chat
from tests.support.fake_chat import ScriptedChatSession
from tests.support.figures import report_worst
from tests.support.qt import delete_now
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]

ROUNDS = 5


def on_the_qt_loop(qapp: QApplication, main: Callable[[], Awaitable[None]]) -> None:
    """Run ``main()`` on a qasync loop over ``qapp``, as the app does."""
    import qasync  # after PySide6

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            loop.run_until_complete(main())
    finally:
        asyncio.set_event_loop(None)


def idle(page: ChatPage) -> bool:
    return page.composer.send_button.isVisible() and not page.composer.stop_button.isVisible()


async def until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Finer than wait_until's 20 ms steps: the figure is the point here."""
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.001)


async def stop_to_send(page: ChatPage, started: Callable[[], bool]) -> float:
    """Ask, wait until ``started()``, click Stop; milliseconds until Send is back."""
    QTest.keyClicks(page.composer.edit, "sleep a minute")
    QTest.keyClick(page.composer.edit, Qt.Key.Key_Return)
    await wait_until(started, 30, "the question to be under way")
    began = time.perf_counter()
    QTest.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    await until(lambda: idle(page))
    return (time.perf_counter() - began) * 1000


def test_stop_during_a_tool_call_until_send_is_back(qapp: QApplication, stack: DemoStack) -> None:
    samples: list[float] = []
    loop_kind: list[str] = []

    async def main() -> None:
        loop_kind.append(type(asyncio.get_running_loop()).__name__)
        # One turn per question: each is stopped before the model is asked again.
        turns = [[Use("diagnostics___sleep", {"seconds": 60})]] * ROUNDS
        async with open_chat(stack, model=ScriptedModel(turns)) as (page, _):
            gateway = stack.gateway
            assert gateway is not None
            for round_ in range(1, ROUNDS + 1):
                samples.append(
                    await stop_to_send(
                        page,
                        lambda n=round_: gateway.call_count("diagnostics___sleep") == n,
                    )
                )

    on_the_qt_loop(qapp, main)
    report_worst(f"chat pane, Stop during a tool call until Send is back ({loop_kind[0]})", samples)


def test_stop_with_a_session_deaf_to_it(qapp: QApplication) -> None:
    samples: list[float] = []

    async def main() -> None:
        page = ChatPage()
        page.show()
        session = ScriptedChatSession([TextDelta("thinking"), 60.0], ignore_stop=True)
        controller = ChatController(page, session, page)
        try:
            await controller.start()
            for _ in range(ROUNDS):
                samples.append(await stop_to_send(page, lambda: controller.is_answering))
        finally:
            await controller.shutdown()
            delete_now(page)

    on_the_qt_loop(qapp, main)
    report_worst(
        f"chat pane, Stop with a stuck session (fallback after {STOP_GRACE_MS} ms)", samples
    )
