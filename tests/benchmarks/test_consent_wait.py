"""A tool waiting for consent: how soon its card is painted, and what the wait costs the loop.

Real sign-in server and gateway, the real ChatSession with a scripted model, the chat pane.
Prints numbers; asserts only that the wait makes no requests (it awaits a future).
"""

from __future__ import annotations

import asyncio
import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from gui.agent.events import ConsentRequested
from gui.agent.session import ChatSession
from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.consent_card import ConsentCardView
from tests.support.auth import make_session, sign_in_as
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.consent import visit_consent_page
from tests.support.qt import delete_now
from tests.support.stall import StallMeter
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]


class PaintClock(QObject):
    """Records when a consent card is first painted."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.painted: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted is None:
            self.painted = time.perf_counter()
        return False


def test_consent_card_paint_and_the_wait(qtbot, stack: DemoStack) -> None:
    # On the Qt loop, as in the app (the qasync loop hook covers tests/gui only).
    import qasync  # after PySide6, so qasync binds to it

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(_measure(qtbot, stack))
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def _measure(qtbot, stack: DemoStack) -> None:  # type: ignore[no-untyped-def]
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp, "alice")
    model = ScriptedModel([[Use("calendar___listEvents")], [Say("Your week.")]])
    page = ChatPage()
    page.resize(900, 640)
    page.show()
    # Parented to the page and deleted with it on this thread (see tests/support/qt.py):
    # a Qt object left to the garbage collector may die on a server thread.
    controller = ChatController(page, ChatSession(stack.profile, auth, model=model), page)
    await controller.start()
    clock = PaintClock(page)
    arrived: list[float] = []
    links: list[str] = []
    show = controller.elicitation.show_consent

    def timed_show(event: ConsentRequested) -> ConsentCardView:
        arrived.append(time.perf_counter())
        links.append(event.url)
        card = show(event)
        card.installEventFilter(clock)
        return card

    controller.elicitation.show_consent = timed_show  # type: ignore[method-assign]
    report: list[str] = []
    try:
        page.composer.focus_input()
        qtbot.keyClicks(page.composer.edit, "What is on my calendar?")
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)
        await wait_until(lambda: clock.painted is not None, 20, "the consent card painted")
        assert clock.painted is not None
        report.append(f"consent event → card painted: {(clock.painted - arrived[0]) * 1000:.1f} ms")
        assert stack.gateway is not None
        calls = stack.gateway.call_count("calendar___listEvents")
        with StallMeter() as meter:
            await asyncio.sleep(1.0)  # the person reads the card
        assert stack.gateway.call_count("calendar___listEvents") == calls  # no polling
        report.append(
            f"worst loop stall over 1 s of waiting for consent: {meter.worst:.1f} ms "
            f"({meter.ticks} ticks of a 5 ms timer; 0 gateway requests)"
        )
        began = time.perf_counter()
        await asyncio.to_thread(visit_consent_page, links[0])
        await wait_until(lambda: not controller.is_answering, 20, "the answer")
        took = (time.perf_counter() - began) * 1000
        report.append(
            f"consent page visited (GET + POST) → retried, answer complete: {took:.0f} ms"
        )
    finally:
        await controller.shutdown()
        await auth.aclose()
        delete_now(page)
        print("\n" + "\n".join(report))
