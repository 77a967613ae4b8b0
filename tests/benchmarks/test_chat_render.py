"""How the chat pane holds up: loop stalls while streaming 100 KB, memory for 500 messages.

Prints numbers, asserts no timings (machines differ). Run with ``make bench`` or
``pytest tests/benchmarks/test_chat_render.py -s``.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from PySide6.QtWidgets import QApplication

from gui.ui.markdown import default_link_format, render_markdown
from tests.support.chat_page import streaming_page
from tests.support.qt import delete_now
from tests.support.stall import StallMeter, run_on_qt_loop

pytestmark = pytest.mark.benchmark

ANSWER_BYTES = 100 * 1024
DELTA_CHARS = 16
MESSAGES = 500


def _answer_text() -> str:
    paragraph = (
        "The **gateway** listed the tools, and `people · getProfile` answered with the "
        "profile; see [the docs](https://example.com/docs) for *more*. "
    ) * 3
    parts = []
    for i in range(2000):
        parts.append(f"### Section {i}\n\n{paragraph}\n\n- one\n- two\n\n")
        if i % 5 == 4:
            parts.append('```json\n{"age": 30, "department": "development"}\n```\n\n')
    return "".join(parts)[:ANSWER_BYTES]


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        resident_pages = int(statm.read().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_streaming_stall_and_memory(qapp: QApplication) -> None:
    import gc

    gc.collect()
    gc.freeze()  # as the app does after start-up: this process's imports are not the pane's
    text = _answer_text()
    results: dict[str, float] = {}

    async def main() -> None:
        page, controller = await streaming_page(text, chunk=DELTA_CHARS)
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        page.composer.edit.setPlainText("stream it")
        page.composer.submitted.emit()
        while controller.is_answering:  # noqa: ASYNC110 - polling is the measurement here
            await asyncio.sleep(0.005)
        results["stream_s"] = time.perf_counter() - started
        meter.stop()
        message = page.transcript.messages()[-1]
        assert message.markdown() == text
        late = sorted(meter.late)
        results["ticks"] = len(late)
        results["worst_ms"] = late[-1]
        results["p99_ms"] = late[int(len(late) * 0.99) - 1]
        results["renders"] = message.render_count

        # What re-rendering the whole message would cost, once (parse + layout).
        one_pass = time.perf_counter()
        document = render_markdown(text, default_link_format)
        document.setTextWidth(message.viewport().width())
        document.size()
        results["full_render_ms"] = (time.perf_counter() - one_pass) * 1000

        # Memory: 500 more messages (half answers with some Markdown).
        page.transcript.clear()
        await asyncio.sleep(0.05)
        QApplication.processEvents()
        before = _rss_mib()
        for i in range(MESSAGES // 2):
            page.transcript.add_user_message(f"Question {i}: how old is neruneruo?")
            page.transcript.add_assistant_message().set_markdown(
                f"**neruneruo** is 30 and works in *development* ({i}).\n\n- a\n- b\n"
            )
        for _ in range(5):
            QApplication.processEvents()
            await asyncio.sleep(0.01)
        after = _rss_mib()
        results["rss_before_mib"] = before
        results["rss_after_mib"] = after
        results["kib_per_message"] = (after - before) * 1024 / MESSAGES
        await controller.shutdown()
        delete_now(page)

    run_on_qt_loop(main)
    gc.unfreeze()
    print(
        f"\nstreaming {len(text) / 1024:.0f} KiB in {len(text) // DELTA_CHARS} deltas of "
        f"{DELTA_CHARS} chars: {results['stream_s']:.2f} s, {results['renders']:.0f} Markdown "
        f"renders of the current message\n"
        f"  5 ms timer ({results['ticks']:.0f} ticks): worst {results['worst_ms']:.1f} ms late, "
        f"p99 {results['p99_ms']:.1f} ms late\n"
        f"  one full render of the whole answer (what a naive re-render costs per flush): "
        f"{results['full_render_ms']:.1f} ms\n"
        f"resident memory: {results['rss_before_mib']:.1f} MiB before, "
        f"{results['rss_after_mib']:.1f} MiB after {MESSAGES} messages "
        f"(~{results['kib_per_message']:.0f} KiB each)"
    )
