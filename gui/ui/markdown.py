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
does not continue a list.

May import Qt (QtGui, QtCore) and the standard library only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QUrl
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

MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
"""GitHub dialect (tables, strikethrough, autolinks, task lists) minus HTML blocks and spans."""

# A tail longer than this is shown as plain text while it streams (appending costs O(delta)
# instead of re-parsing the tail every flush) and rendered as Markdown once it closes.
PLAIN_TAIL_LIMIT = 8 * 1024
LINKABLE_SCHEMES = frozenset({"http", "https"})

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S", re.MULTILINE)


def stable_prefix_length(text: str, start: int = 0) -> int:
    """Length of the longest prefix of ``text`` whose Markdown can no longer change.

    ``start`` must itself be a stable boundary (0 or an earlier result); scanning
    starts there. Returns ``start`` when no later boundary exists yet.
    """
    fence: str | None = None  # the opening marker while inside a fenced code block
    previous_blank = False
    best = start
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
            best = line_start
        if match:
            fence = match.group(1)
        previous_blank = False
    return best


def _closes(match: re.Match[str] | None, fence: str, line: str) -> bool:
    # A closing fence: the same character, at least as long, nothing after it.
    if match is None:
        return False
    marker = match.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line[match.end() :].strip()


def _starts_new_block(line: str) -> bool:
    # Indented lines may continue a list item or be indented code; list markers may
    # continue a (loose) list. Anything else after a blank line starts afresh.
    return not line[0].isspace() and not _LIST_ITEM.match(line)


def has_reference_definitions(text: str) -> bool:
    """True when ``text`` defines ``[label]: url`` links, which can refer backwards."""
    return _REFERENCE_DEFINITION.search(text) is not None


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
    """

    def __init__(
        self,
        document: QTextDocument,
        *,
        link_format: Callable[[str], QTextCharFormat] = default_link_format,
        plain_tail_limit: int = PLAIN_TAIL_LIMIT,
    ) -> None:
        self._document = document
        self._link_format = link_format
        self._plain_tail_limit = plain_tail_limit
        self._text = ""
        self._stable_length = 0  # characters of text committed to the document for good
        self._stable_end: int | None = None  # document position after them; None: nothing yet
        self._plain_tail = 0  # characters of the tail shown as plain text (0: tail is Markdown)
        self.renders = 0

    @property
    def text(self) -> str:
        """All the Markdown received so far."""
        return self._text

    def set_text(self, text: str) -> None:
        """Replace everything with ``text``, rendered in one pass."""
        self._text = text
        self._render_all()

    def append(self, text: str) -> None:
        """Add ``text`` and update the document, re-rendering only what is not yet stable."""
        if not text:
            return
        self._text += text
        # One edit block: the layout runs once for the flush, not after each removal and
        # insertion (each was a separate layout pass and size change).
        edit = QTextCursor(self._document)
        edit.beginEditBlock()
        try:
            self._append_edits()
        finally:
            edit.endEditBlock()

    def _append_edits(self) -> None:
        split = stable_prefix_length(self._text, self._stable_length)
        if split > self._stable_length:
            self._remove_tail()
            self._insert_markdown(self._text[self._stable_length : split])
            self._stable_length = split
            self._stable_end = self._end()
        tail = self._text[self._stable_length :]
        if len(tail) > self._plain_tail_limit:
            self._show_plain_tail(tail)
        else:
            self._remove_tail()
            self._insert_markdown(tail)

    def finish(self) -> None:
        """The text is complete: render a plain tail as Markdown, fix backward references."""
        if self._stable_length and has_reference_definitions(self._text):
            # A late "[1]: https://..." can turn earlier committed "[x][1]" into links.
            self._render_all()
        elif self._plain_tail:
            self._remove_tail()
            self._insert_markdown(self._text[self._stable_length :])

    def _render_all(self) -> None:
        self._stable_end = None
        self._remove_tail()  # with nothing committed: clears the document
        self._insert_markdown(self._text)
        self._stable_length = len(self._text)
        self._stable_end = self._end()

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
