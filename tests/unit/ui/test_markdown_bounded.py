"""Bounded rendering of huge tables and code blocks (issue #17, item 7), without a window.

What we saw: a 5,000-row table blocked the GUI thread 2.3 s in one go, 10,000 rows 6.3 s
(Qt's table import grows with the square of the rows), and reopening did it again. Now
such a block is shown as monospaced text, a slice of lines per step, each step on its
own loop turn; the Markdown around it renders as before.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import pytest
from PySide6.QtGui import QTextDocument, QTextFormat

from gui.ui.markdown import (
    PRE_STEP_LINES,
    STEP_CHARS,
    MarkdownStream,
    SafeDocument,
    code_blocks,
    copy_key,
)
from gui.ui.markdown_blocks import (
    CODE_LINE_LIMIT,
    TABLE,
    TABLE_ROW_LIMIT,
    Markdown,
    Preformatted,
    pieces,
)


def table(rows: int) -> str:
    head = "| id | title | state |\n|---|:---|---:|\n"
    return head + "".join(f"| T-{i} | Ticket number {i} | open |\n" for i in range(rows))


def answer(rows: int) -> str:
    return f"Here are the tickets:\n\n{table(rows)}\nThat is **all** of them.\n"


class Turns:
    """A scheduler that keeps the steps for the test to run, one loop turn at a time."""

    def __init__(self) -> None:
        self.waiting: list[Callable[[], None]] = []
        self.turns = 0

    def __call__(self, step: Callable[[], None]) -> None:
        self.waiting.append(step)

    def run(self, on_each: Callable[[], None] = lambda: None) -> None:
        while self.waiting:
            self.waiting.pop(0)()
            self.turns += 1
            on_each()


def code_lines(document: QTextDocument) -> int:
    count = 0
    block = document.begin()
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
            count += 1
        block = block.next()
    return count


# --- the source: what is too big --------------------------------------------------------------


def test_a_big_table_is_a_preformatted_piece_and_a_small_one_stays_markdown() -> None:
    big = pieces(answer(TABLE_ROW_LIMIT + 1), STEP_CHARS)
    assert [type(p) for p in big] == [Markdown, Preformatted, Markdown]
    assert big[1].language == TABLE and len(big[1].lines) == TABLE_ROW_LIMIT + 3
    assert big[0].text == "Here are the tickets:\n\n" and "**all**" in big[2].text
    assert pieces(answer(TABLE_ROW_LIMIT), STEP_CHARS) == [Markdown(answer(TABLE_ROW_LIMIT))]


def test_a_big_code_block_is_preformatted_without_its_fences() -> None:
    code = "".join(f"x{i} = {i}\n" for i in range(CODE_LINE_LIMIT + 1))
    [block] = pieces(f"```python\n{code}```\n", STEP_CHARS)
    assert block == Preformatted(tuple(code.splitlines()), "python")
    # Indented (inside a list item) or inside another fence: left to Markdown.
    nested = "- item\n\n  ```\n" + "".join(f"  x{i}\n" for i in range(600)) + "  ```\n"
    assert all(isinstance(p, Markdown) for p in pieces(nested, 10**9))
    fenced_table = "~~~\n" + table(300) + "~~~\n"
    assert all(isinstance(p, Markdown) for p in pieces(fenced_table, 10**9))


def test_long_markdown_is_cut_at_stable_boundaries_unless_it_has_references() -> None:
    prose = "".join(f"Paragraph {i} with *words*.\n\n" for i in range(3000))
    cut = pieces(prose, 4096)
    assert len(cut) > 10 and all(len(p.text) <= 4096 for p in cut)
    assert "".join(p.text for p in cut) == prose
    with_reference = prose + "[1]: https://example.com\n"
    assert pieces(with_reference, 4096) == [Markdown(with_reference)]


# --- the stream: steps --------------------------------------------------------------------


def test_reopening_a_10000_row_table_parses_no_table_and_renders_in_steps() -> None:
    turns = Turns()
    document = SafeDocument()
    stream = MarkdownStream(document, schedule=turns)
    text = answer(10_000)
    stream.set_text(text)  # as a reopened conversation does
    assert stream.pending and document.isEmpty()  # 600 KB: even reading it is a later step
    sizes = [0]
    turns.run(lambda: sizes.append(code_lines(document)))
    steps = [b - a for a, b in pairwise(sizes)]
    assert max(steps) <= PRE_STEP_LINES  # every step bounded
    assert not stream.pending and code_lines(document) == 10_002
    assert stream.renders == 2  # the sentence before and the one after: never the table
    plain = document.toPlainText()
    assert "| T-9999 | Ticket number 9999 | open |" in plain
    assert plain.index("Here are") < plain.index("T-0 ") < plain.index("That is all")
    copied = code_blocks(document)
    assert copied[copy_key(table(10_000).rstrip("\n"))] == table(10_000).rstrip("\n")
    assert "Copy table" in plain


def test_streaming_a_huge_table_ends_in_steps_with_the_text_after_it() -> None:
    turns = Turns()
    document = SafeDocument()
    stream = MarkdownStream(document, schedule=turns)
    text = answer(5_000)
    for start in range(0, len(text), 1000):
        stream.append(text[start : start + 1000])
    stream.finish()
    turns.run()
    assert not stream.pending and stream.text == text
    plain = document.toPlainText()
    assert plain.count("Ticket number") == 5_000 and plain.rstrip().endswith("That is all of them.")
    # The open tail is parsed while it is a small table; once over the limit, never again.
    assert stream.renders <= 6


def test_text_arriving_while_steps_run_is_shown_after_them_in_order() -> None:
    turns = Turns()
    document = SafeDocument()
    stream = MarkdownStream(document, schedule=turns)
    stream.append(answer(2_000) + "\n")
    stream.append("More:\n\n")  # the table closed: it is committed, in steps
    assert stream.pending
    stream.append("- one\n- two\n\nDone.")
    stream.finish()
    turns.run()
    plain = document.toPlainText()
    assert plain.index("T-1999") < plain.index("More:") < plain.index("one") < plain.index("Done.")
    assert not stream.pending


@pytest.mark.parametrize("rows", [3, TABLE_ROW_LIMIT])
def test_tables_within_the_limit_are_still_tables(rows: int) -> None:
    document = SafeDocument()
    stream = MarkdownStream(document, schedule=lambda step: pytest.fail("no step needed"))
    stream.set_text(answer(rows))
    assert not stream.pending
    assert document.rootFrame().childFrames()  # a real QTextTable
