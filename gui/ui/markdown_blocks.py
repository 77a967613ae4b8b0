"""Markdown source read without Qt: stable block boundaries, and blocks too big for a frame.

``stable_boundaries`` finds where the Markdown before an offset can no longer change
(what ``gui.ui.markdown.MarkdownStream`` commits while an answer streams);
``has_reference_definitions`` tells when a late ``[1]: url`` can change earlier text.

Qt's Markdown import of a table grows with the square of its rows (5,000 rows blocked
the window 2.3 s, 10,000 rows 6.3 s) and a long code block costs ~16 µs a line. So
before a text is parsed, :func:`pieces` cuts it into what can be rendered a step at a
time:

- ``Markdown`` pieces of at most ``limit`` characters, cut at stable block boundaries
  (where the Markdown before can no longer change, see ``stable_boundaries``), so
  each parse stays short;
- ``Preformatted`` pieces for a table of more than :data:`TABLE_ROW_LIMIT` rows (or
  :data:`TABLE_CHAR_LIMIT` characters) and a fenced code block of more than
  :data:`CODE_LINE_LIMIT` lines (or :data:`CODE_CHAR_LIMIT` characters): shown as
  monospaced text, inserted a slice of lines at a time (``gui.ui.markdown``).

Only blocks that start at the left margin are taken out (a table or fence indented
inside a list item stays Markdown), and never from inside a code fence. A text with
reference definitions (``[1]: https://...``) is one Markdown piece: a late definition
can change any earlier link.

Pure Python (re, dataclasses), no Qt: imported by gui.ui.markdown only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

TABLE_ROW_LIMIT = 64  # rows Qt imports in about a frame (~10 ms here; quadratic beyond)
TABLE_CHAR_LIMIT = 16 * 1024
CODE_LINE_LIMIT = 500  # ~7 ms of code-block import
CODE_CHAR_LIMIT = 32 * 1024

TABLE = "table"  # Preformatted.language of a table shown as its Markdown source

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


@dataclass(frozen=True)
class Markdown:
    """Markdown to parse as it is."""

    text: str


@dataclass(frozen=True)
class Preformatted:
    """A block shown as monospaced lines: a big table's source, or a big code block's code."""

    lines: tuple[str, ...]
    language: str  # the code's language ("" when none), or TABLE


Piece = Markdown | Preformatted


def pieces(text: str, limit: int) -> list[Piece]:
    """``text`` as Markdown pieces of at most ``limit`` characters and oversized blocks."""
    if has_reference_definitions(text):
        return [Markdown(text)] if text else []
    out: list[Piece] = []
    start = 0
    for begin, end, block in _oversized_blocks(text):
        out += _bounded(text[start:begin], limit)
        out.append(block)
        start = end
    out += _bounded(text[start:], limit)
    return out


def has_oversized(text: str) -> bool:
    """True when ``text`` holds a table or code block over the limits."""
    return next(_oversized_blocks(text), None) is not None


def stable_boundaries(text: str, start: int = 0) -> Iterator[int]:
    """Offsets after ``start`` where the Markdown before them can no longer change.

    A boundary is the start of an unindented line, not a list marker, after a blank
    line outside a code fence; the text up to an unfinished last line is never cut.
    ``start`` must itself be a boundary (or 0).
    """
    fence: str | None = None  # the opening marker while inside a fenced code block
    previous_blank = False
    position = start
    for line in text[start:].splitlines(keepends=True):
        line_start = position
        position += len(line)
        if not line.endswith(("\n", "\r")):
            break  # an unfinished line can still become anything
        body = line.rstrip("\r\n")
        match = _FENCE.match(body)
        if fence is not None:
            if _closes(match, fence, body):
                fence = None
            previous_blank = False
            continue
        if not body.strip():
            previous_blank = True
            continue
        if previous_blank and line_start > start and _starts_new_block(body):
            yield line_start
        if match:
            fence = match.group(1)
        previous_blank = False


class BoundaryScanner:
    """:func:`stable_boundaries` for a text that only grows: each line is read once.

    ``last(text)`` is the last boundary in ``text`` (0 when none), reading only the
    complete lines added since the previous call: a streamed 600 KB table costs one pass
    in all, not one per flush.
    """

    def __init__(self) -> None:
        self._position = 0  # where the first line not read yet starts
        self._fence: str | None = None
        self._previous_blank = False
        self._last = 0

    def last(self, text: str) -> int:
        """The last stable boundary in ``text``, which extends the text of earlier calls."""
        while (newline := text.find("\n", self._position)) >= 0:
            line_start, self._position = self._position, newline + 1
            body = text[line_start:newline].rstrip("\r")
            match = _FENCE.match(body)
            if self._fence is not None:
                if _closes(match, self._fence, body):
                    self._fence = None
                self._previous_blank = False
                continue
            if not body.strip():
                self._previous_blank = True
                continue
            if self._previous_blank and line_start > 0 and _starts_new_block(body):
                self._last = line_start
            if match:
                self._fence = match.group(1)
            self._previous_blank = False
        return self._last


def _bounded(text: str, limit: int) -> list[Piece]:
    """``text`` cut at stable boundaries into pieces of at most ``limit`` (when it can be)."""
    if not text.strip():
        return []
    if len(text) <= limit:
        return [Markdown(text)]
    out: list[Piece] = []
    start = last = 0
    for boundary in stable_boundaries(text):
        if boundary - start > limit and last > start:
            out.append(Markdown(text[start:last]))
            start = last
        last = boundary
    if len(text) - start > limit and last > start:
        out.append(Markdown(text[start:last]))
        start = last
    out.append(Markdown(text[start:]))
    return [piece for piece in out if piece.text.strip()]


def _oversized_blocks(text: str) -> Iterator[tuple[int, int, Preformatted]]:
    """(start, end, block) of each oversized top-level table or code block, in order."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    i = 0
    while i < len(lines):
        body = lines[i].rstrip("\r\n")
        fence = _FENCE.match(body)
        if fence:
            end = _fence_end(lines, i, fence.group(1))
            code = [line.rstrip("\r\n") for line in lines[i + 1 : end]]
            size = offsets[end] - offsets[i + 1]
            if body.startswith(fence.group(1)) and (
                len(code) > CODE_LINE_LIMIT or size > CODE_CHAR_LIMIT
            ):
                language = fence.group(2).strip().split(" ")[0] if fence.group(2).strip() else ""
                stop = min(end + 1, len(lines))
                yield offsets[i], offsets[stop], Preformatted(tuple(code), language)
            i = end + 1
            continue
        if _starts_table(lines, i):
            end = i + 2
            while end < len(lines) and lines[end].strip():
                end += 1
            rows = end - i - 2
            if rows > TABLE_ROW_LIMIT or offsets[end] - offsets[i] > TABLE_CHAR_LIMIT:
                table = tuple(line.rstrip("\r\n") for line in lines[i:end])
                yield offsets[i], offsets[end], Preformatted(table, TABLE)
            i = end
            continue
        i += 1


def _starts_table(lines: list[str], i: int) -> bool:
    """A header row at the left margin with a pipe, then a delimiter row (``|---|:-:|``)."""
    if i + 1 >= len(lines):
        return False
    header, delimiter = lines[i].rstrip("\r\n"), lines[i + 1].rstrip("\r\n")
    return (
        "|" in header
        and not header[:1].isspace()
        and ("|" in delimiter or "|" in header)
        and _DELIMITER_ROW.match(delimiter) is not None
    )


def _fence_end(lines: list[str], i: int, marker: str) -> int:
    """The index of the line closing the fence opened at ``i`` (``len(lines)`` if none)."""
    for j in range(i + 1, len(lines)):
        body = lines[j].rstrip("\r\n")
        if _closes(_FENCE.match(body), marker, body):
            return j
    return len(lines)


def _closes(match: re.Match[str] | None, fence: str, line: str) -> bool:
    # A closing fence: the same character, at least as long, nothing after it.
    if match is None:
        return False
    marker = match.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line[match.end(1) :].strip()


def _starts_new_block(line: str) -> bool:
    # Indented lines may continue a list item or be indented code; list markers may
    # continue a (loose) list. Anything else after a blank line starts afresh.
    return not line[0].isspace() and not _LIST_ITEM.match(line)


_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S", re.MULTILINE)


def has_reference_definitions(text: str) -> bool:
    """True when ``text`` defines ``[label]: url`` links, which can refer backwards."""
    return _REFERENCE_DEFINITION.search(text) is not None
