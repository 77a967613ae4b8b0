"""Markdown from the model, shown safely and streamed without stalling the loop.

Safety: answers and tool output are untrusted text. They are parsed as GitHub
Markdown *without* raw HTML (``MarkdownNoHTML``: ``<script>`` stays visible text),
images are replaced by a link in their place (nothing is fetched, no broken
image box), and :class:`SafeDocument` refuses every resource request, so even a
format that slipped through cannot make Qt read a file or a URL.

Speed: re-parsing a whole 100 KB answer on every delta would take ~50 ms each
time (parse + layout). :class:`MarkdownStream` instead commits the text up to
the last *stable* block boundary once, and re-renders only the open tail. A
boundary is stable when nothing that follows can change how the text before it
parses: a blank line outside a code fence, followed by an unindented line that
does not continue a list (:mod:`gui.ui.markdown_blocks` reads the source).

Bounded steps: what is committed (and a whole text set at once, as when a
conversation is reopened) is rendered a step at a time, each step within about a
frame: Markdown in pieces of at most :data:`STEP_CHARS` cut at stable boundaries,
and a table or code block too big for Qt's import (a table's import grows with the
square of its rows) as monospaced text, :data:`PRE_STEP_LINES` lines a step. The
steps after the first run on later turns of the event loop; the open tail waits
for them. ``pending`` is true until they are done.

May import Qt (QtGui, QtCore), gui.ui.markdown_blocks and the standard library only.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl
from PySide6.QtGui import (
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextFormat,
)

from gui.ui.markdown_blocks import (
    TABLE,
    BoundaryScanner,
    Markdown,
    Piece,
    Preformatted,
    has_oversized,
    has_reference_definitions,
    pieces,
    stable_boundaries,
)

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
"""GitHub dialect (tables, strikethrough, autolinks, task lists) minus HTML blocks and spans."""

# A tail longer than this is shown as plain text while it streams (appending costs O(delta)
# instead of re-parsing the tail every flush) and rendered as Markdown once it closes.
PLAIN_TAIL_LIMIT = 8 * 1024
LINKABLE_SCHEMES = frozenset({"http", "https"})
# One rendering step: this much Markdown parsed (~5 ms), or this many monospaced lines
# of an oversized table or code block inserted (a line costs about as much as 80 chars).
STEP_CHARS = 16 * 1024
PRE_STEP_LINES = 200
_PRE_LINE_COST = STEP_CHARS // PRE_STEP_LINES

_SOURCE_READ_COST = 20  # characters of source read for its blocks per unit of a step

#: Runs a callable on a later turn of the event loop (a test passes its own).
Scheduler = Callable[[Callable[[], None]], None]


class _Source:
    """Committed Markdown not yet cut into pieces (that is a step's work too)."""

    def __init__(self, text: str) -> None:
        self.text = text


_DROP_TAIL = object()  # a backlog step: remove the open tail shown as plain text


def stable_prefix_length(text: str, start: int = 0) -> int:
    """Length of the longest prefix of ``text`` whose Markdown can no longer change.

    ``start`` must itself be a stable boundary (0 or an earlier result); scanning
    starts there. Returns ``start`` when no later boundary exists yet.
    """
    best = start
    for best in stable_boundaries(text, start):  # noqa: B007 - the last one is wanted
        pass
    return best


class SafeDocument(QTextDocument):
    """A text document that loads no resources at all: no files, no URLs, no ``qrc:``.

    Images are already turned into links when rendered; this is the second lock.
    ``refused`` keeps what was asked for, so tests can see that nothing was loaded.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused: list[QUrl] = []
        # Nothing shown is ever undone: without this every streamed edit is kept twice.
        self.setUndoRedoEnabled(False)

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Refuse every request (returning ``None`` means "no such resource")."""
        self.refused.append(QUrl(name))
        return None


def render_markdown(text: str, link_format: Callable[[str], QTextCharFormat]) -> SafeDocument:
    """Parse ``text`` into a new document, with each image replaced by a link or its alt text.

    Code blocks are set in the system's fixed font on a tinted background, each followed
    by a "Copy code" link (``copy-code:<key>``, see :func:`code_blocks`).
    """
    document = SafeDocument()
    document.setMarkdown(text, MARKDOWN_FEATURES)
    _replace_images(document, link_format)
    _decorate_code_blocks(document, link_format)
    return document


def _is_code(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    return fmt.hasProperty(QTextFormat.Property.BlockCodeFence) or fmt.hasProperty(
        QTextFormat.Property.BlockCodeLanguage
    )


def _same_code(block: QTextBlock, previous: QTextBlock) -> bool:
    # Qt puts two adjacent code blocks' lines side by side; a different fence or
    # language tells them apart (two identical fences in a row read as one block).
    a, b = block.blockFormat(), previous.blockFormat()
    return all(
        a.property(key) == b.property(key)
        for key in (QTextFormat.Property.BlockCodeFence, QTextFormat.Property.BlockCodeLanguage)
    )


def code_blocks(document: QTextDocument) -> dict[str, str]:
    """The code blocks of ``document`` by their copy key (a hash of their text), in order."""
    found: dict[str, str] = {}
    for first, last in _code_groups(document):
        code = _text_between(first, last)
        found[copy_key(code)] = code
    return found


def _text_between(first: QTextBlock, last: QTextBlock) -> str:
    lines = []
    block = first
    while block.isValid():
        lines.append(block.text())
        if block == last:
            break
        block = block.next()
    return "\n".join(lines)


def _code_groups(document: QTextDocument) -> list[tuple[QTextBlock, QTextBlock]]:
    """(first, last) block of each code block, in order."""
    groups: list[tuple[QTextBlock, QTextBlock]] = []
    first: QTextBlock | None = None
    last: QTextBlock | None = None
    block = document.begin()
    while block.isValid():
        if _is_code(block) and (last is None or _same_code(block, last)):
            first = first or block
            last = block
        else:
            if first is not None and last is not None:
                groups.append((first, last))
            first = last = block if _is_code(block) else None
        block = block.next()
    if first is not None and last is not None:
        groups.append((first, last))
    return groups


def copy_key(code: str) -> str:
    """The key a code block's "Copy code" link carries."""
    return hashlib.sha1(code.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _decorate_code_blocks(
    document: QTextDocument, link_format: Callable[[str], QTextCharFormat]
) -> None:
    groups = _code_groups(document)
    if not groups:
        return
    mono = fixed_pitch_format()
    palette = QGuiApplication.palette()
    shade = QTextBlockFormat()
    shade.setBackground(palette.color(QPalette.ColorRole.Base))
    label = QCoreApplication.translate("MessageView", "Copy code")
    for start, end in reversed(groups):  # from the end: positions stay valid
        key = copy_key(_text_between(start, end))
        cursor = QTextCursor(start)
        cursor.setPosition(end.position() + end.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(mono)
        cursor.mergeBlockFormat(shade)
        after = QTextCursor(end)
        after.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        after.insertBlock(QTextBlockFormat(), QTextCharFormat())
        after.insertText(label, link_format(f"copy-code:{key}"))


def fixed_pitch_format() -> QTextCharFormat:
    """A character format in the system's fixed-pitch font."""
    fmt = QTextCharFormat()
    fmt.setFontFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    fmt.setFontFixedPitch(True)
    return fmt


def _replace_images(document: QTextDocument, link_format: Callable[[str], QTextCharFormat]) -> None:
    images: list[tuple[int, int, str, str]] = []
    block = document.begin()
    while block.isValid():
        for part in block.textFormats():
            if part.format.isImageFormat():
                # Read the values now: the format object dies with the list it came in.
                image = part.format.toImageFormat()
                alt = str(image.property(QTextFormat.Property.ImageAltText) or "").strip()
                images.append((block.position() + part.start, part.length, image.name(), alt))
        block = block.next()
    cursor = QTextCursor(document)
    for position, length, name, alt in reversed(images):  # from the end: positions stay valid
        url = QUrl(name)
        label = f"🖼 {alt}" if alt else f"🖼 {url.toDisplayString()}"
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        if url.scheme().lower() in LINKABLE_SCHEMES:
            cursor.insertText(label, link_format(url.toString()))
        else:
            cursor.insertText(label, QTextCharFormat())


def default_link_format(href: str) -> QTextCharFormat:
    """An anchor like the Markdown importer's: underlined, in the palette's link colour."""
    fmt = QTextCharFormat()
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setFontUnderline(True)
    fmt.setForeground(QGuiApplication.palette().color(QPalette.ColorRole.Link))
    return fmt


class MarkdownStream:
    """Keeps a document showing Markdown text that grows; only the open tail is re-rendered.

    ``renders`` counts Markdown parses, so tests can check what was re-rendered.
    What is committed is rendered in bounded steps (see the module docstring): the
    first step at once, the rest through ``schedule`` on later loop turns; ``pending``
    is true until all are done (the open tail is shown after them).
    """

    def __init__(
        self,
        document: QTextDocument,
        *,
        link_format: Callable[[str], QTextCharFormat] = default_link_format,
        plain_tail_limit: int = PLAIN_TAIL_LIMIT,
        schedule: Scheduler | None = None,
    ) -> None:
        self._document = document
        self._link_format = link_format
        self._plain_tail_limit = plain_tail_limit
        self._schedule = schedule or self._next_turn
        self._text = ""
        self._stable_length = 0  # characters of text committed to the document for good
        self._stable_end: int | None = None  # document position after them; None: nothing yet
        self._plain_tail = 0  # characters of the tail shown as plain text (0: tail is Markdown)
        self._boundaries = BoundaryScanner()  # reads each streamed line once
        # Committed, not in the document yet: pieces, uncut source, or the tail to remove.
        self._backlog: deque[Piece | _Source | object] = deque()
        self._lines_done = 0  # of the backlog's first piece, when it is preformatted
        self._step_due = False
        self._finish_due = False
        self.renders = 0

    @property
    def text(self) -> str:
        """All the Markdown received so far."""
        return self._text

    @property
    def pending(self) -> bool:
        """True while committed text still waits for its rendering steps."""
        return bool(self._backlog)

    def set_text(self, text: str) -> None:
        """Replace everything with ``text``, rendered in bounded steps (the first at once)."""
        self._text = text
        self._finish_due = False
        self._boundaries = BoundaryScanner()
        self._render_all()

    def append(self, text: str) -> None:
        """Add ``text`` and update the document, re-rendering only what is not yet stable."""
        if not text:
            return
        self._text += text
        if self._backlog:
            return  # shown once the committed steps are done
        self._append_in_one_edit()

    def run_all_steps(self) -> None:
        """Render what waits now, in one go (tests, and whoever needs the whole document)."""
        while self._backlog:
            self._on_turn()

    def _append_in_one_edit(self) -> None:
        # One edit block: the layout runs once for the flush, not after each removal and
        # insertion (each was a separate layout pass and size change).
        edit = QTextCursor(self._document)
        edit.beginEditBlock()
        try:
            self._append_edits()
        finally:
            edit.endEditBlock()

    def _append_edits(self) -> None:
        split = self._boundaries.last(self._text)
        if split > self._stable_length:
            self._drop_tail()
            committed = self._text[self._stable_length : split]
            self._stable_length = split
            self._commit(committed)
            if self._backlog:
                return  # the tail is shown after the committed steps
        tail = self._text[self._stable_length :]
        if len(tail) > self._plain_tail_limit or has_oversized(tail):
            self._show_plain_tail(tail)
        else:
            self._remove_tail()
            self._insert_markdown(tail)

    def finish(self) -> None:
        """The text is complete: render a plain tail as Markdown, fix backward references."""
        if self._backlog:
            self._finish_due = True  # after the committed steps
            return
        if self._stable_length and has_reference_definitions(self._text):
            # A late "[1]: https://..." can turn earlier committed "[x][1]" into links.
            self._render_all()
        elif self._plain_tail:
            self._drop_tail()
            tail = self._text[self._stable_length :]
            self._stable_length = len(self._text)
            self._commit(tail)

    def _render_all(self) -> None:
        self._backlog.clear()
        self._stable_end = None
        self._remove_tail()  # with nothing committed: clears the document
        self._stable_length = len(self._text)
        self._commit(self._text)

    # -- committed text, in steps -------------------------------------------------------------

    def _drop_tail(self) -> None:
        """Remove the open tail: now, or as a step of its own when it is long plain text.

        Removing a 600 KB plain tail (a streamed table) costs a frame by itself.
        """
        if self._plain_tail > STEP_CHARS:
            self._plain_tail = 0
            self._backlog.append(_DROP_TAIL)
        else:
            self._remove_tail()

    def _commit(self, markdown: str) -> None:
        """Add committed Markdown at the end; a small text at once, a big one in steps.

        A big text is cut into pieces on a later turn too: reading 600 KB of source for
        its blocks takes several milliseconds.
        """
        if self._backlog or len(markdown) > STEP_CHARS:
            self._backlog.append(_Source(markdown))
            if not self._step_due:
                self._step_due = True
                self._schedule(self._on_turn)
            return
        self._backlog.extend(pieces(markdown, STEP_CHARS))
        self._step()

    def _step(self) -> None:
        """One bounded step of the backlog; the next one is scheduled if any is left."""
        budget = STEP_CHARS
        edit = QTextCursor(self._document)
        edit.beginEditBlock()
        try:
            while self._backlog and budget > 0:
                piece = self._backlog[0]
                if piece is _DROP_TAIL:
                    self._backlog.popleft()
                    self._remove_tail()
                    break  # a step of its own
                if isinstance(piece, _Source):
                    self._backlog.popleft()
                    self._backlog.extendleft(reversed(pieces(piece.text, STEP_CHARS)))
                    budget -= len(piece.text) // _SOURCE_READ_COST
                    if budget <= 0:
                        break  # reading it was this step's work
                    continue
                if isinstance(piece, Markdown):
                    if budget < STEP_CHARS and len(piece.text) > budget:
                        break  # a piece of its own next step
                    self._insert_markdown(piece.text)
                    budget -= len(piece.text)
                    self._backlog.popleft()
                    continue
                count = max(1, min(PRE_STEP_LINES, budget // _PRE_LINE_COST))
                budget -= count * _PRE_LINE_COST
                if not self._insert_preformatted(piece, self._lines_done, count):
                    self._lines_done += count
                    break  # the rest of it on the next turns
                self._backlog.popleft()
                self._lines_done = 0
            self._stable_end = self._end()
        finally:
            edit.endEditBlock()
        if self._backlog and not self._step_due:
            self._step_due = True
            self._schedule(self._on_turn)

    def _on_turn(self) -> None:
        self._step_due = False
        if self._backlog:
            self._step()
            if not self._backlog:
                self._after_steps()

    def _after_steps(self) -> None:
        """The committed steps are done: show what arrived meanwhile, finish if asked."""
        if len(self._text) > self._stable_length or self._plain_tail:
            self._append_in_one_edit()
        if self._finish_due and not self._backlog:
            self._finish_due = False
            self.finish()

    def _next_turn(self, step: Callable[[], None]) -> None:
        # The document as context: a message deleted meanwhile takes its steps with it.
        QTimer.singleShot(0, self._document, step)

    def _insert_preformatted(self, piece: Preformatted, start: int, count: int) -> bool:
        """Lines ``start`` to ``start + count`` of ``piece``; True once it is all in."""
        lines = piece.lines[start : start + count]
        cursor = QTextCursor(self._document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        block = _preformatted_block_format(piece.language)
        mono = fixed_pitch_format()
        empty_end = cursor.block().length() == 1 and cursor.block().textList() is None
        if start == 0 and (self._document.characterCount() == 1 or empty_end):
            cursor.setBlockFormat(block)
            cursor.setBlockCharFormat(mono)
        else:
            cursor.insertBlock(block, mono)
        cursor.insertText("\n".join(lines), mono)
        done = start + count >= len(piece.lines)
        if done:  # a "Copy" link after it, as after every code block
            label = (
                QCoreApplication.translate("MessageView", "Copy table")
                if piece.language == TABLE
                else QCoreApplication.translate("MessageView", "Copy code")
            )
            key = copy_key("\n".join(piece.lines))
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            cursor.insertText(label, self._link_format(f"copy-code:{key}"))
        return done

    # -- the document's end -------------------------------------------------------------------

    def _end(self) -> int:
        return self._document.characterCount() - 1

    def _remove_tail(self) -> None:
        self._plain_tail = 0
        if self._stable_end is None:
            self._document.clear()
            return
        cursor = QTextCursor(self._document)
        cursor.setPosition(self._stable_end)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _show_plain_tail(self, tail: str) -> None:
        cursor = QTextCursor(self._document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._plain_tail:
            cursor.insertText(tail[self._plain_tail :], QTextCharFormat())
        else:
            self._remove_tail()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            if self._document.characterCount() > 1:
                cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
            cursor.insertText(tail, QTextCharFormat())
        self._plain_tail = len(tail)

    def _insert_markdown(self, markdown: str) -> None:
        if not markdown.strip():
            return
        self.renders += 1
        rendered = render_markdown(markdown, self._link_format)
        cursor = QTextCursor(self._document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        reuse_block = self._document.characterCount() == 1 or (
            cursor.block().length() == 1 and cursor.block().textList() is None
        )
        if not reuse_block:
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        first = cursor.block()
        first_number = first.blockNumber()
        cursor.insertFragment(QTextDocumentFragment(rendered))
        # insertFragment pours the first rendered block into the block at the cursor, which
        # keeps *its* format: a code block or quote would lose its look. Lists and tables
        # bring their own structure and leave that block empty instead: drop it.
        source = rendered.firstBlock()
        first = self._document.findBlockByNumber(first_number)
        if source.textList() is None and source.length() > 1 and first.textList() is None:
            QTextCursor(first).setBlockFormat(source.blockFormat())
        elif first.length() == 1 and first.previous().isValid() and first.next().isValid():
            QTextCursor(first).deletePreviousChar()


def _preformatted_block_format(language: str) -> QTextBlockFormat:
    """A code block's look (Qt's importer, then ours): tinted, and marked as code for Copy.

    A table's source keeps wrapping its long lines; code keeps its lines whole.
    """
    fmt = QTextBlockFormat()
    fmt.setBackground(QGuiApplication.palette().color(QPalette.ColorRole.Base))
    fmt.setNonBreakableLines(language != TABLE)
    fmt.setProperty(QTextFormat.Property.BlockCodeFence, "`")
    fmt.setProperty(QTextFormat.Property.BlockCodeLanguage, language or "text")
    return fmt
