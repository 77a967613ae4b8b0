"""What a tool call looks like in the terminal: one updating progress line, and its parts.

- :class:`ProgressLine`: while a call runs, one line on stderr, rewritten in place
  (``\\r`` and erase-to-end-of-line), naming the tool, a bar when the server gave a
  total, and the server's message or the task's status. Only when stderr is a
  terminal; a pipe or a file gets nothing (no half lines in a log). Cleared before
  anything else is printed.
- :func:`part_lines`: a result's parts as lines: text as it is; ``[image 96×32
  image/png]``; ``[audio audio/wav, 2000 bytes]``; a link with its name, description and
  URI; an embedded text under a header naming it; ``[file NAME, N bytes — not shown]``.
  Never base64. Everything from the server passes :func:`gui.untrusted.for_terminal`
  when printed (the Console does it) and names are one line.

Imports :mod:`gui.gateway.content` (plain data types) and :mod:`gui.untrusted`; no Qt.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from typing import TextIO

from gui.gateway import content
from gui.untrusted import MAX_DETAIL, for_terminal, one_line

BAR = 20  # characters of the progress bar
_CLEAR = "\r\x1b[K"  # back to the line's start, erase it
_STATUS = {
    "working": "working",
    "input_required": "waiting for your input",
    "completed": "finishing",
    "failed": "failed",
    "cancelled": "cancelled",
}


class ProgressLine:
    """One line on ``stream`` saying how a running call goes (inert unless it is a tty)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream
        try:
            self.enabled = stream is not None and stream.isatty()
        except (ValueError, OSError):  # closed or detached
            self.enabled = False
        self._shown = False

    def show(
        self,
        title: str,
        *,
        fraction: float | None = None,
        message: str = "",
        status: str = "",
    ) -> None:
        """Rewrite the line: ``title`` and how far it got (or the task's status)."""
        if not self.enabled or self._stream is None:
            return
        parts = [f"{one_line(title, 80)}:"]
        if fraction is not None:
            filled = round(fraction * BAR)
            parts.append(f"[{'=' * filled}{' ' * (BAR - filled)}] {round(fraction * 100):3d} %")
        elif status:
            parts.append(_STATUS.get(status, one_line(status, 40)))
        else:
            parts.append("working")
        if message:
            parts.append(f"— {one_line(message, MAX_DETAIL)}")
        width = max(shutil.get_terminal_size((80, 24)).columns - 1, 20)
        line = for_terminal(" ".join(parts))[:width]
        self._stream.write(_CLEAR + line)
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before anything else is printed, and when the call ends)."""
        if self._shown and self._stream is not None:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._shown = False


def part_lines(parts: Iterable[content.Part], *, with_text: bool = True) -> list[str]:
    """The lines that stand for ``parts`` (``with_text``: include the text parts too)."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, content.TextPart):
            if with_text and part.text:
                lines.append(part.text)
        elif isinstance(part, content.ImagePart):
            dims = f"{part.width}×{part.height} " if part.width and part.height else ""
            lines.append(f"[image {dims}{part.mime or 'of an unknown type'}]")
        elif isinstance(part, content.AudioPart):
            lines.append(f"[audio {part.mime or 'of an unknown type'}, {part.size} bytes]")
        elif isinstance(part, content.LinkPart):
            about = f" — {part.description}" if part.description else ""
            lines.append(f"[link {part.name}{about}: {one_line(part.uri, 2000)}]")
        elif isinstance(part, content.ResourcePart) and part.text is not None:
            kind = f" ({part.mime})" if part.mime else ""
            lines.append(f"--- {part.name}{kind} ---")
            lines.append(part.text.rstrip("\n"))
        elif isinstance(part, content.ResourcePart):
            lines.append(f"[file {part.name}, {part.size} bytes — not shown]")
        elif isinstance(part, content.OtherPart):
            lines.append(f"[{part.kind}]")
    return lines
