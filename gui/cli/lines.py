"""The one reader of stdin for a terminal command: lines handed out in turn, none lost.

``ask`` reads stdin for three things: the approval prompt (``gui.cli.approval``),
the Enter that says a consent was given and a form's fields (``gui.cli.elicit``). A
line is read in a daemon thread (``run_blocking``) so the loop stays free, and such a
thread cannot be stopped: a reader that gives up (the server said the consent was
given before the person pressed Enter) leaves its ``readline`` waiting. Were the next
reader to start a thread of its own, the two threads would race for the next line and
the abandoned one would swallow it. So every reader shares one :class:`Lines`, which
keeps at most one ``readline`` in flight; a read in flight outlives the reader that
started it, and its line goes to the next reader. No Qt.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Protocol, TextIO

from gui.aio import run_blocking


class LineSource(Protocol):
    """Where a prompt's answer comes from (a :class:`Lines`)."""

    async def read(self) -> str | None:
        """The next line without its newline, or None at end of input."""
        ...


class Lines:
    """Lines typed on stdin; ``None`` at end of input (and ever after).

    Readers take turns (one awaits :meth:`read` at a time); a cancelled read loses
    nothing: the line it was waiting for is the next read's.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdin
        self._ended = False
        self._in_flight: asyncio.Future[str] | None = None

    async def read(self) -> str | None:
        """The next line without its newline, or None at end of input."""
        if self._ended or self._stream is None:
            return None
        if self._in_flight is None:
            self._in_flight = asyncio.ensure_future(run_blocking(self._stream.readline))
        in_flight = self._in_flight
        # Shielded: cancelling this reader leaves the readline (and its line) to the next.
        try:
            line = await asyncio.shield(in_flight)
        finally:
            if in_flight.done() and self._in_flight is in_flight:
                self._in_flight = None  # read (or failed): the next reader starts anew
        if not line:
            self._ended = True
            return None
        return line.rstrip("\r\n")
