"""gui/cli/terminal.py Terminal: every write loses ANSI escapes and control characters."""

from __future__ import annotations

import io

import pytest

from gui.cli.terminal import Terminal

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31mred\x1b[0m\x00\x08 text"


@pytest.mark.parametrize("write", ["say", "note", "stream", "ask"])
def test_every_write_is_clean(write: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    getattr(Terminal(out, err), write)(HOSTILE + "\nsecond line\n")
    text = out.getvalue() + err.getvalue()
    assert "\x1b" not in text
    assert all(c.isprintable() or c == "\n" for c in text), repr(text)
    assert "red text\nsecond line\n" in text


def test_streamed_chunks_keep_their_own_newlines() -> None:
    out = io.StringIO()
    term = Terminal(out, io.StringIO())
    for chunk in ("Hello", " world\n", "\n", "next\r\n", "end"):
        term.stream(chunk)
    assert out.getvalue() == "Hello world\n\nnext\nend"


def test_terminal_streams_without_newlines() -> None:
    out, err = io.StringIO(), io.StringIO()
    term = Terminal(out, err)
    term.stream("neru")
    term.stream("neruo")
    term.say("")
    term.note("progress")
    assert out.getvalue() == "neruneruo\n" and err.getvalue() == "progress\n"
