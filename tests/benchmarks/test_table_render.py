"""The worst GUI stall while a 10,000-row table answer arrives, and when it is reopened.

Issue #17, item 7: Qt's table import grows with the square of the rows; 10,000 rows once
blocked the window 6.3 s, and reopening the conversation did it again. Prints the worst
lateness of a 5 ms timer (tests/support/stall.py) during each, beside what an idle Qt
process on this machine sees meanwhile (the machine's own noise), and what one Qt parse
of the table alone costs (not done by the app any more). Asserts no timings.
Run with ``make bench`` or ``pytest tests/benchmarks/test_table_render.py -s``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtWidgets import QApplication

from gui.history.store import ASSISTANT, USER, SavedItem
from gui.ui.controllers.history import replay
from gui.ui.markdown import default_link_format, render_markdown
from tests.support.chat_page import streaming_page, table_answer
from tests.support.qt import delete_now
from tests.support.stall import IdleControl, StallMeter, run_on_qt_loop

pytestmark = pytest.mark.benchmark

ROWS = 10_000
DELTA_CHARS = 512


async def _until(predicate, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + timeout
    while not predicate():
        assert time.perf_counter() < deadline, "timed out"
        await asyncio.sleep(0.005)


@contextmanager
def _measured(results: dict[str, float], phase: str) -> Iterator[None]:
    """Time the block with the GUI's and an idle Qt process's stalls, as ``<phase>_*``."""
    with IdleControl() as idle, StallMeter() as meter:
        started = time.perf_counter()
        yield
        results[f"{phase}_s"] = time.perf_counter() - started
    results[f"{phase}_worst"], results[f"{phase}_p99"] = meter.worst, meter.p99
    results[f"{phase}_idle"] = idle.worst


def test_worst_stall_for_a_10000_row_table(qapp: QApplication) -> None:
    text = table_answer(ROWS)
    results: dict[str, float] = {}

    async def main() -> None:
        page, controller = await streaming_page(text, chunk=DELTA_CHARS)
        await asyncio.sleep(0.1)

        with _measured(results, "arrive"):
            page.composer.edit.setPlainText("list all tickets")
            page.composer.submitted.emit()
            await _until(lambda: not controller.is_answering)
            message = page.transcript.messages()[-1]
            await _until(lambda: not message.rendering)
        assert message.toPlainText().count("Ticket number") == ROWS

        page.transcript.clear()
        await asyncio.sleep(0.1)
        items = [SavedItem(USER, "list all tickets"), SavedItem(ASSISTANT, text)]
        with _measured(results, "reopen"):
            await replay(page.transcript, items)
            reopened = page.transcript.messages()[-1]
            await _until(lambda: not reopened.rendering)
        assert reopened.toPlainText().count("Ticket number") == ROWS
        await controller.shutdown()
        delete_now(page)

    run_on_qt_loop(main)
    parse_rows = 2_000  # 10,000 would take seconds; the cost grows with the square
    one_parse = time.perf_counter()
    render_markdown(table_answer(parse_rows), default_link_format)
    parse_ms = (time.perf_counter() - one_parse) * 1000
    print(
        f"\n{ROWS}-row table answer ({len(text) / 1024:.0f} KiB):\n"
        f"  arriving in {DELTA_CHARS}-char deltas: {results['arrive_s']:.1f} s, worst GUI "
        f"stall {results['arrive_worst']:.1f} ms (p99 {results['arrive_p99']:.1f} ms; "
        f"idle Qt process meanwhile: worst {results['arrive_idle']:.1f} ms)\n"
        f"  reopened from history: {results['reopen_s']:.1f} s, worst GUI stall "
        f"{results['reopen_worst']:.1f} ms (p99 {results['reopen_p99']:.1f} ms; idle Qt "
        f"process meanwhile: worst {results['reopen_idle']:.1f} ms)\n"
        f"  for scale, one Qt Markdown parse of a {parse_rows}-row table: {parse_ms:.0f} ms"
    )
