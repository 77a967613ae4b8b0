"""How late a 5 ms timer fires while the window works, and how much memory it holds.

Stalls: sign-in polling (real window, embedded server, no poll interval), a
tool call through the real chat (embedded gateway, offline router), and a
100 KB streamed answer (the chat pane with a scripted session). Memory: idle
after sign-in, then after 500 messages. Prints numbers; asserts nothing about them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]


class StallMeter:
    """A 5 ms timer on the (Qt) event loop, re-armed each time; records its worst lateness.

    qasync implements ``call_later`` with Qt timers, so this is a Qt timer firing
    through the same event dispatch as every paint and click.
    """

    def __init__(self) -> None:
        self.worst = 0.0
        self.ticks = 0
        self._handle: asyncio.TimerHandle | None = None
        self._due = 0.0

    def _arm(self) -> None:
        self._due = time.perf_counter() + 0.005
        self._handle = asyncio.get_running_loop().call_later(0.005, self._tick)

    def _tick(self) -> None:
        self.ticks += 1
        self.worst = max(self.worst, (time.perf_counter() - self._due) * 1000)
        self._arm()

    def __enter__(self) -> StallMeter:
        self._arm()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.cancel()


def rss_mb() -> float:
    """Resident memory of this process, MB."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


@pytest.fixture(scope="module")
def stack() -> Iterator[DemoStack]:
    demo = DemoStack(idp=DemoIdp(interval=0)).start()
    yield demo
    demo.stop()


def idle(page) -> bool:  # type: ignore[no-untyped-def]
    return page.composer.send_button.isVisible() and not page.composer.stop_button.isVisible()


async def ask(qtbot, page, question: str) -> None:  # type: ignore[no-untyped-def]
    page.composer.focus_input()
    qtbot.keyClicks(page.composer.edit, question)
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)


async def test_stalls_and_memory(qtbot, stack: DemoStack) -> None:
    h = Harness(qtbot, stack.profile)
    report: list[str] = []
    try:
        with StallMeter() as meter:
            await h.controller.start()
        report.append(f"worst stall during start-up after the paint: {meter.worst:.1f} ms")
        with StallMeter() as meter:
            qtbot.mouseClick(h.page.sign_in_button, Qt.MouseButton.LeftButton)
            await h.wait_for_code()
            await asyncio.sleep(2.0)  # ~100 polls at this server's zero interval
        report.append(
            f"worst stall during sign-in polling: {meter.worst:.1f} ms ({meter.ticks} ticks)"
        )
        code = h.controller.sign_in.code
        stack.idp.approve(code.user_code, "alice")
        await h.wait_for_chat(30)
        chat_page = h.window.chat_page
        assert hasattr(chat_page, "composer"), "chat pane absent: nothing would be measured"
        # Ready once the "Connecting to the gateway…" status is gone (strands may still load).
        await wait_until(
            lambda: chat_page.status_frame.isHidden() and idle(chat_page), 30, "the chat to start"
        )
        await asyncio.sleep(0.5)
        report.append(f"resident memory idle (signed in, chat up): {rss_mb():.0f} MB")
        with StallMeter() as meter:
            await ask(qtbot, chat_page, "How old is neruneruo?")
            # The answer can come within one poll of wait_until: wait for its card.
            await wait_until(
                lambda: bool(chat_page.transcript.tool_cards()) and idle(chat_page),
                30,
                "the answer",
            )
        report.append(f"worst stall during a tool call: {meter.worst:.1f} ms ({meter.ticks} ticks)")
    finally:
        await h.close()
        print("\n" + "\n".join(report))


async def test_streamed_answer_and_500_messages(qtbot) -> None:
    from gui.chat.events import Done, TextDelta
    from gui.ui.chat import ChatController, ChatPage
    from tests.support.fake_chat import ScriptedChatSession, answer

    paragraph = "Some **streamed** text with a [link](https://example.com) and `code`. " * 4
    big = "".join(f"### Part {i}\n\n{paragraph}\n\n" for i in range(10_000))[: 100 * 1024]

    def script(question: str) -> list[object]:
        if question == "big":
            return answer(big, chunk=20)
        return [TextDelta(f"Answer to {question}."), Done(f"Answer to {question}.")]

    page = ChatPage()
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    controller = ChatController(page, ScriptedChatSession(script))
    await controller.start()
    try:
        with StallMeter() as meter:
            await ask(qtbot, page, "big")
            await wait_until(lambda: not idle(page), 5, "the question")
            await wait_until(lambda: idle(page), 60, "the answer")
        print(
            f"\nworst stall during a 100 KB streamed answer: {meter.worst:.1f} ms "
            f"({meter.ticks} ticks)"
        )
        before = rss_mb()
        started = time.perf_counter()
        for i in range(250):  # 250 questions + 250 answers = 500 messages
            await ask(qtbot, page, f"q{i}")
            expected = 2 + 2 * (i + 1)  # the big one, then one pair per question
            await wait_until(
                lambda n=expected: len(page.transcript.messages()) == n and idle(page),
                5,
                "an answer",
            )
        print(
            f"resident memory before 500 messages {before:.0f} MB, after {rss_mb():.0f} MB "
            f"(+{rss_mb() - before:.0f} MB; {time.perf_counter() - started:.1f} s)"
        )
    finally:
        await controller.shutdown()
