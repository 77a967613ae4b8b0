"""GUI-thread work per tool card and per streamed flush, timed directly (printed, not asserted).

The loop-stall benchmarks (test_gui_responsiveness.py) see these costs plus the
machine's load; this times the work itself with ``time.perf_counter``: building a
tool card, giving it its result (collapsed, as the controller does), and appending
one flush of ``MAX_PENDING_CHARS`` Markdown to a long answer, each followed by the
layout and paint it causes.
"""

from __future__ import annotations

import statistics
import time

import pytest
from PySide6.QtWidgets import QApplication

from gui.ui.controllers.chat import MAX_PENDING_CHARS, format_arguments
from gui.ui.views.chat import ChatPage
from tests.support.qt import delete_now

pytestmark = pytest.mark.benchmark

CARDS = 20


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _figures(values: list[float]) -> str:
    ordered = sorted(values)
    return f"median {statistics.median(ordered):.2f} ms, worst {ordered[-1]:.2f} ms"


def test_work_per_tool_card_and_per_flush(qapp: QApplication) -> None:
    page = ChatPage()
    page.resize(960, 680)
    page.show()
    qapp.processEvents()
    transcript = page.transcript
    first: list[float] = []
    build, result, paint = [], [], []
    for i in range(CARDS):
        started = time.perf_counter()
        card = transcript.add_tool_card("people · getProfile", format_arguments({"name": "x"}))
        build.append(_ms(started))
        started = time.perf_counter()
        qapp.processEvents()
        paint.append(_ms(started))
        started = time.perf_counter()
        card.set_expanded(False)
        card.set_result('{\n  "age": 30,\n  "department": "development"\n}', is_error=i % 5 == 4)
        qapp.processEvents()
        result.append(_ms(started))
        if i == 0:
            first = [build[0], paint[0], result[0]]

    paragraph = "Some **streamed** text with a [link](https://example.com) and `code`. " * 4
    big = "".join(f"### Part {i}\n\n{paragraph}\n\n" for i in range(10_000))[: 100 * 1024]
    message = transcript.add_assistant_message()
    qapp.processEvents()
    appends, layouts = [], []
    for i in range(0, len(big), MAX_PENDING_CHARS):
        started = time.perf_counter()
        message.append_markdown(big[i : i + MAX_PENDING_CHARS])
        appends.append(_ms(started))
        started = time.perf_counter()
        qapp.processEvents()
        layouts.append(_ms(started))
    message.finish()
    assert message.markdown() == big
    assert len(transcript.tool_cards()) == CARDS
    delete_now(page)
    print(
        f"\ntool card ({CARDS}, every fifth an error): build {_figures(build)}; "
        f"first layout+paint {_figures(paint)}; result+collapse+paint {_figures(result)}\n"
        f"  the process's first card: build {first[0]:.2f} ms, paint {first[1]:.2f} ms, "
        f"result {first[2]:.2f} ms\n"
        f"100 KB answer in flushes of {MAX_PENDING_CHARS} chars ({len(appends)}): "
        f"append {_figures(appends)}; layout+paint after it {_figures(layouts)}"
    )
