"""Where the terminal commands write, and the exit codes they end with.

:class:`Console` is the one description of the terminal the commands and prompts
write to; :class:`Terminal` is the real one (stdout for results, stderr for
progress, errors and prompts). Every write goes through
:func:`gui.untrusted.for_terminal`: much of what is written came from a server or a
model, and an escape sequence could rewrite the screen or the window title.

Imports only ``gui.untrusted``; no Qt.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from gui.untrusted import for_terminal

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class Console(Protocol):
    """What a command or prompt writes to (a :class:`Terminal`, or a test's recorder)."""

    def say(self, text: str) -> None:
        """A result line (stdout)."""

    def note(self, text: str) -> None:
        """A progress, warning or error line (stderr)."""

    def stream(self, text: str) -> None:
        """Part of a result as it arrives, no newline added (stdout)."""

    def ask(self, text: str) -> None:
        """A question to the person, the cursor left after it (stderr)."""


class Terminal:
    """The real :class:`Console`: results to ``out``, progress and errors to ``err``.

    Every write loses control characters and ANSI escapes (newlines and tabs stay).
    """

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def say(self, text: str) -> None:
        """A result line."""
        print(for_terminal(text), file=self.out, flush=True)

    def note(self, text: str) -> None:
        """A progress or warning line."""
        print(for_terminal(text), file=self.err, flush=True)

    def stream(self, text: str) -> None:
        """Part of a result, as it arrives (no newline added)."""
        print(_keeping_newline(text), end="", file=self.out, flush=True)

    def ask(self, text: str) -> None:
        """A question to the person, on stderr, the cursor left after it."""
        print(_keeping_newline(text), end="", file=self.err, flush=True)


def _keeping_newline(text: str) -> str:
    # for_terminal drops a trailing newline with splitlines(): keep the chunk's own.
    return for_terminal(text) + ("\n" if text.endswith(("\n", "\r")) else "")
