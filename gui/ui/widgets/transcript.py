"""The conversation: one widget per message, tool card or notice, stacked in a scroll area.

Each message owns its document, so streaming into the newest message never
touches the others; the scroll area follows the bottom while the reader is there
and stays put when they scroll up to read.
"""

from __future__ import annotations

import math
from typing import TypeVar

from PySide6.QtCore import QEvent, QSize, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import QPalette, QTextCursor, QTextOption, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui.ui.markdown import MarkdownStream, SafeDocument
from gui.ui.widgets.tool_card import ToolCardView

_W = TypeVar("_W", bound=QWidget)
# A message in the transcript: its role decides its look (see the style sheet below).
USER, ASSISTANT = "user", "assistant"
# Notice kinds: an error from the agent, a stopped answer, or neutral information.
ERROR, STOPPED, INFO = "error", "stopped", "info"

# Only notices (few) get a style sheet: one on every message would about double the
# memory per message (~60 → ~105 KiB; Qt keeps style-sheet state per styled widget).
_NOTICE_STYLE = """
NoticeView { border-radius: 6px; padding: 6px 10px; border: 1px solid palette(mid); }
NoticeView[kind="error"] {
    background: rgba(220, 38, 38, 0.14); border: 1px solid rgba(220, 38, 38, 0.65);
}
NoticeView[kind="stopped"] { border-style: dashed; }
"""


class MessageView(QTextBrowser):
    """One message; as tall as its text, never scrolling on its own, links reported on click.

    Its document refuses every resource (see :class:`SafeDocument`), and links are
    never followed inside the view: ``link_activated`` hands them to the controller.
    """

    link_activated = Signal(QUrl)

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self._safe_document = SafeDocument(self)
        self.setDocument(self._safe_document)
        self._stream = MarkdownStream(self._safe_document)
        self.setOpenLinks(False)  # never setSource(): it would load the target
        self.setOpenExternalLinks(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Palette roles, so light and dark both work: the person's words on a tinted
        # background, answers straight on the transcript's background.
        self.viewport().setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.viewport().setAutoFillBackground(role == USER)
        self.document().setDocumentMargin(8)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.anchorClicked.connect(self.link_activated)
        layout = self._safe_document.documentLayout()
        layout.documentSizeChanged.connect(self._on_document_layout_document_size_changed)
        self._fit_height(self._safe_document.size())

    @property
    def role(self) -> str:
        """``user`` or ``assistant``."""
        return str(self.property("role"))

    @property
    def render_count(self) -> int:
        """How many times Markdown was parsed for this message (the tests count re-renders)."""
        return self._stream.renders

    @property
    def safe_document(self) -> SafeDocument:
        """The document, which records every resource request it refused."""
        return self._safe_document

    def markdown(self) -> str:
        """The Markdown source received so far (empty for plain messages)."""
        return self._stream.text

    def set_plain_text(self, text: str) -> None:
        """Show ``text`` literally (what the person typed is not Markdown)."""
        self.setPlainText(text)

    def set_markdown(self, text: str) -> None:
        """Show ``text`` as Markdown, replacing what was shown."""
        self._stream.set_text(text)

    def append_markdown(self, text: str) -> None:
        """Add streamed Markdown; only the unfinished end of the message is re-rendered."""
        cursor_at_end = self.textCursor().atEnd()
        self._stream.append(text)
        if cursor_at_end:
            self.moveCursor(QTextCursor.MoveOperation.End)

    def finish(self) -> None:
        """The message is complete; finish any Markdown left plain while streaming."""
        self._stream.finish()

    def loadResource(self, kind: int, name: QUrl) -> object:
        """Refuse like the document does, should Qt ever ask the view instead."""
        self._safe_document.refused.append(QUrl(name))
        return None

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Let the transcript scroll: a message never scrolls by itself."""
        event.ignore()

    def sizeHint(self) -> QSize:
        """As wide as offered, as tall as the text."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def _on_document_layout_document_size_changed(self, size: QSizeF) -> None:
        self._fit_height(size)

    def _fit_height(self, size: QSizeF) -> None:
        margins = self.contentsMargins()
        height = math.ceil(size.height()) + margins.top() + margins.bottom()
        if height != self.minimumHeight():
            self.setFixedHeight(max(height, self.fontMetrics().height()))


class NoticeView(QLabel):
    """A line the app adds to the conversation: an error, "stopped", or information."""

    def __init__(self, text: str, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setProperty("kind", kind)
        self.setStyleSheet(_NOTICE_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # error text is never markup
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(text)

    @property
    def kind(self) -> str:
        """``error``, ``stopped`` or ``info``."""
        return str(self.property("kind"))


class TranscriptView(QScrollArea):
    """The list of messages, tool cards and notices, newest at the bottom."""

    link_activated = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._content = QWidget(self)
        self._content.setObjectName("transcriptContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(12, 12, 12, 12)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self._items: list[QWidget] = []
        self._follow_bottom = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_bar_value_changed)
        bar.rangeChanged.connect(self._on_scroll_bar_range_changed)
        self.retranslate()

    def items(self) -> list[QWidget]:
        """Everything shown, oldest first."""
        return list(self._items)

    def messages(self) -> list[MessageView]:
        """The messages shown, oldest first."""
        return [item for item in self._items if isinstance(item, MessageView)]

    def tool_cards(self) -> list[ToolCardView]:
        """The tool cards shown, oldest first."""
        return [item for item in self._items if isinstance(item, ToolCardView)]

    def notices(self) -> list[NoticeView]:
        """The notices shown, oldest first."""
        return [item for item in self._items if isinstance(item, NoticeView)]

    def add_user_message(self, text: str) -> MessageView:
        """Show what the person asked."""
        view = MessageView(USER, self._content)
        view.set_plain_text(text)
        view.setAccessibleName(self.tr("You"))
        return self._add(view)

    def add_assistant_message(self) -> MessageView:
        """Add an empty answer to stream into."""
        view = MessageView(ASSISTANT, self._content)
        view.setAccessibleName(self.tr("Answer"))
        view.link_activated.connect(self.link_activated)
        return self._add(view)

    def add_tool_card(self, title: str, arguments: str) -> ToolCardView:
        """Show a tool call that has started."""
        return self._add(ToolCardView(title, arguments, self._content))

    def add_item(self, widget: _W) -> _W:
        """Show another kind of card (consent, form) at the bottom."""
        widget.setParent(self._content)
        return self._add(widget)

    def add_notice(self, text: str, kind: str) -> NoticeView:
        """Show an error, a stop, or a note."""
        return self._add(NoticeView(text, kind, self._content))

    def clear(self) -> None:
        """Remove everything (a new chat)."""
        for item in self._items:
            self._layout.removeWidget(item)
            item.deleteLater()
        self._items.clear()
        self._follow_bottom = True

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.setAccessibleName(self.tr("Conversation"))

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _add(self, widget: _W) -> _W:
        self._layout.insertWidget(self._layout.count() - 1, widget)  # above the stretch
        self._items.append(widget)
        return widget

    def _on_scroll_bar_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow_bottom = value >= bar.maximum() - 4

    def _on_scroll_bar_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow_bottom:
            self.verticalScrollBar().setValue(maximum)
