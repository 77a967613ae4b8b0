"""From the provider's first byte to the first painted text of the answer, in the window.

The real chain, on the Qt loop as the app runs it: an OpenAI-compatible double streams
Chat Completions as SSE over loopback; the openai SDK (through strands' OpenAIModel) reads
it in the real ChatSession; the ChatController buffers the deltas (FLUSH_INTERVAL_MS) and
renders them into the ChatPage; Qt paints. The first byte is stamped by the double's
server thread as it writes the first chunk of the answer; the paint by an event filter
seeing the first Paint event of an answer's viewport with text in it (same process, one
clock). Printed, not asserted (machines differ): ``pytest … -s``.
"""

from __future__ import annotations

import dataclasses
import gc
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.agent.session import ChatSession
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import FLUSH_INTERVAL_MS, ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import ASSISTANT, MessageView
from tests.support.auth import signed_in_session
from tests.support.chat import Say
from tests.support.figures import report
from tests.support.model_double import ModelDouble, isolate_provider_env, serve
from tests.support.openai_double import OpenAIWire
from tests.support.qt import delete_now
from tests.support.stall import StallMeter, loop_name, run_on_qt_loop
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]

ROUNDS = 12
ANSWER = "The gateway says neruneruo is 30 and works in development. " * 8
CHUNK = 12  # characters per SSE delta


class StampedWire(OpenAIWire):
    """Chat Completions SSE, stamping when the first chunk of each answer is written.

    ``pace``: seconds between chunks after the first, as a model generates them (0: the
    whole answer at once, as from a cache).
    """

    def __init__(self, pace: float) -> None:
        self.pace = pace
        self.first_bytes: list[float] = []  # the first chunk: the role, no text yet
        self.first_texts: list[float] = []  # the first chunk with text in it

    def stream(self, double: ModelDouble, turn: list[Any]) -> Iterator[bytes]:
        for index, chunk in enumerate(super().stream(double, turn)):
            if index and self.pace:
                time.sleep(self.pace)  # the server's own thread: a model's pace
            stamps = {0: self.first_bytes, 1: self.first_texts}.get(index)
            if stamps is not None:
                stamps.append(time.perf_counter())  # written as soon as it is yielded
            yield chunk


class FirstPaint(QObject):
    """Stamps the first paint of an answer's viewport that shows some text."""

    def __init__(self) -> None:
        super().__init__(QApplication.instance())
        self.at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint:
            view = watched.parent()
            if (
                isinstance(view, MessageView)
                and view.role == ASSISTANT
                and view.toPlainText().strip()
            ):
                self.at = time.perf_counter()
        return False


@pytest.mark.parametrize("pace", [0.02, 0.0], ids=["paced-20ms", "burst"])
def test_first_byte_to_first_painted_text(
    qapp: QApplication,
    stack: DemoStack,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Any,
    pace: float,
) -> None:
    isolate_provider_env(monkeypatch, tmp_path)
    wire = StampedWire(pace)
    double = ModelDouble(usage=(12, 7))
    double.then = [Say(ANSWER, chunk=CHUNK)]
    server, url = serve(wire, double)
    samples: list[float] = []
    from_text: list[float] = []
    to_request: list[float] = []
    stalls: list[str] = []
    loop_kind: list[str] = []

    async def main() -> None:
        loop_kind.append(loop_name())
        profile = dataclasses.replace(
            stack.profile, model="openai:double-model", openai_base_url=f"{url}/v1"
        )
        page = ChatPage()
        page.resize(1000, 700)
        page.show()
        async with signed_in_session(stack.idp) as auth:
            controller = ChatController(page, ChatSession(profile, auth), page)
            await controller.start()
            await wait_until(lambda: page.composer.edit.isEnabled(), 30, "the chat")
            paint = FirstPaint()
            qapp.installEventFilter(paint)
            meter = StallMeter()
            try:
                for round_ in range(ROUNDS + 1):  # the first round warms up (imports, fonts)
                    await controller.new_chat()
                    paint.at = None
                    asked = time.perf_counter()
                    QTest.keyClicks(page.composer.edit, f"How old is neruneruo? ({round_})")
                    if round_ == 1:
                        meter.start()
                    QTest.keyClick(page.composer.edit, Qt.Key.Key_Return)
                    await wait_until(lambda: paint.at is not None, 30, "the first paint")
                    await wait_until(lambda: not controller.is_answering, 30, "the answer")
                    if round_ == 0:
                        continue
                    assert paint.at is not None
                    first_byte = wire.first_bytes[-1]
                    samples.append((paint.at - first_byte) * 1000)
                    from_text.append((paint.at - wire.first_texts[-1]) * 1000)
                    to_request.append((first_byte - asked) * 1000)
                meter.stop()
                stalls.append(meter.summary())
            finally:
                qapp.removeEventFilter(paint)
                await controller.shutdown()
        delete_now(page)

    # A QObject must die on the GUI thread. With the collector on, a collection set off by
    # the double's server thread could finalise a Qt object left in a cycle (by this or an
    # earlier benchmark) there: "Timers cannot be stopped from another thread", then a
    # segfault. So collect here, keep the collector off while server threads run, and
    # collect again here afterwards.
    gc.collect()
    gc.disable()
    try:
        run_on_qt_loop(main)
    finally:
        server.shutdown()
        server.server_close()
        gc.enable()
        gc.collect()
    assert len(samples) == ROUNDS
    pacing = f"one every {pace * 1000:g} ms" if pace else "all at once"
    print(
        f"\nloop: {loop_kind[0]}; {ROUNDS} answers of {len(ANSWER)} chars in "
        f"{CHUNK}-char SSE deltas, {pacing}"
    )
    report("provider's first byte -> first painted answer text", samples)
    report("  of which: the first text chunk -> its paint", from_text)
    report("(for scale) Enter -> provider's first byte", to_request)
    print(f"  the pane batches deltas for up to FLUSH_INTERVAL_MS = {FLUSH_INTERVAL_MS} ms")
    print(f"  GUI loop meanwhile (5 ms timer): {stalls[0]}")
