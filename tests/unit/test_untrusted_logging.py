"""gui/untrusted.py's log formatter: server text in a log record never reaches a terminal raw."""

from __future__ import annotations

import logging
import sys

from gui.untrusted import TerminalLogFormatter, for_terminal

HOSTILE = "text/html\x9b31m\x1b]0;owned\x07\x9d2;t\x9c\x1b[2J\x00 end"


def record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError(HOSTILE)
        except ValueError:
            info = sys.exc_info()
    return logging.LogRecord("mcp.client", logging.ERROR, __file__, 1, message, args, info)


def test_the_final_line_is_clean_whatever_part_carried_the_escapes() -> None:
    formatter = TerminalLogFormatter("%(levelname)s %(name)s: %(message)s")
    line = formatter.format(record(f"Unexpected content type: {HOSTILE}"))
    assert line == "ERROR mcp.client: Unexpected content type: text/html end"
    assert formatter.format(record("event %s", HOSTILE)) == "ERROR mcp.client: event text/html end"
    with_traceback = formatter.format(record("failed", exc=True))
    assert "Traceback" in with_traceback and "\n" in with_traceback  # lines stay
    assert all(c.isprintable() or c == "\n" for c in with_traceback)


def test_c1_sequences_go_whole() -> None:
    assert for_terminal("a\x9b1;31mb\x9d0;title\x07c") == "abc"
