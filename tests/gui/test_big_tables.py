"""A 10,000-row table answer does not freeze the window, arriving or reopened (#17, item 7).

What we saw: 5,000 rows blocked the GUI thread 2.3 s in one go, 10,000 rows 6.3 s (Qt's
table import grows with the square of the rows); reopening the conversation did it
again. A 5 ms Qt timer measures how late the window's loop answers meanwhile. The bound
here is loose (a shared test machine has its own hiccups); the benchmark
tests/benchmarks/test_table_render.py prints the real figures, a frame or less.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from gui.history.store import ASSISTANT, USER, SavedItem
from gui.ui.controllers.history import replay
from tests.support.chat_page import ask, idle, streaming_page, table_answer
from tests.support.qt import delete_now
from tests.support.stall import StallMeter
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui

ROWS = 10_000
STALL_BOUND_MS = 150  # seconds before; a frame (~16 ms) now, with room for a busy machine


async def test_a_10000_row_table_arrives_and_reopens_without_freezing(qtbot: QtBot) -> None:
    text = table_answer(ROWS)
    page, controller = await streaming_page(text, chunk=512)
    try:
        with StallMeter() as arriving:
            await ask(qtbot, page, "list all tickets")
            await wait_until(lambda: idle(page), 60, "the answer")
            message = page.transcript.messages()[-1]
            await wait_until(lambda: not message.rendering, 60, "the whole table")
        plain = message.toPlainText()
        assert plain.count("Ticket number") == ROWS
        assert plain.index("Here are") < plain.index("number 0 ") < plain.index("That is all")
        print(f"\narriving: {arriving.summary()}")
        assert arriving.worst < STALL_BOUND_MS, arriving.summary()

        page.transcript.clear()
        items = [SavedItem(USER, "list all tickets"), SavedItem(ASSISTANT, text)]
        with StallMeter() as reopening:
            await replay(page.transcript, items)
            reopened = page.transcript.messages()[-1]
            await wait_until(lambda: not reopened.rendering, 60, "the whole table again")
        assert reopened.toPlainText().count("Ticket number") == ROWS
        print(f"reopening: {reopening.summary()}")
        assert reopening.worst < STALL_BOUND_MS, reopening.summary()
    finally:
        await controller.shutdown()
        delete_now(page)
