"""The conversation: one widget per message, tool card or notice, stacked in a scroll area.

Each message owns its document, so streaming into the newest message never
touches the others; the scroll area follows the bottom while the reader is there
and stays put when they scroll up to read. A message sits in a :class:`MessageRow`
that tells who spoke: the person's questions in a tinted bubble on the right,
answers across the page with a role line and a Copy button; the time shows on hover.

May import Qt, gui.ui.i18n, gui.ui.markdown, the card widgets and the approval core's Risk.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QEvent, QLocale, QRectF, QSize, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QEnterEvent,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.agent.approval import Risk
from gui.ui.i18n import FollowsLanguage
from gui.ui.markdown import MarkdownStream, SafeDocument, code_blocks
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.tool_card import ToolCardView

_W = TypeVar("_W", bound=QWidget)
# A message in the transcript: its role decides its look (see the style sheet below).
USER, ASSISTANT = "user", "assistant"
# Notice kinds: an error from the agent, a stopped answer, or neutral information.
ERROR, STOPPED, INFO = "error", "stopped", "info"
RADIUS = 8  # corners of bubbles and cards alike (tool_card.py uses the same)
BUBBLE_SHARE = 0.75  # a question's bubble takes at most this share of the row
COPIED_MS = 1500  # how long "Copied" shows after a copy
# The process's first message costs ~20 ms more than the next ones (~1 ms): the first
# ``viewport()`` makes PySide resolve a Qt-made widget's Python type by initialising the
# QWidget subclasses it has (dozens of enums), and the first ``QLocale.toString`` of a
# time loads locale data. The transcript pays both right after it is first shown, one
# per loop turn so neither adds to the other, instead of in the first question.
WARM_UP_MS = 0

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
    # Emitted when a code block's "Copy code" link put this text on the clipboard.
    code_copied = Signal(str)

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
        self.anchorClicked.connect(self._on_anchor_clicked)
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
    def rendering(self) -> bool:
        """True while a big answer is still being rendered, a step per loop turn."""
        return self._stream.pending

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

    def copy_code(self, key: str) -> str | None:
        """Put the code block with ``key`` on the clipboard; returns its text (None if gone)."""
        code = code_blocks(self._safe_document).get(key)
        if code is not None:
            QGuiApplication.clipboard().setText(code)
            self.code_copied.emit(code)
        return code

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "copy-code":
            self.copy_code(url.path())
        else:
            self.link_activated.emit(url)

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


class MessageRow(FollowsLanguage, QWidget):
    """A message with who said it: a bubble on the right for the person, a plain answer.

    The header names the role; answers carry a Copy button (the Markdown source);
    the time the message was written shows while the pointer is over it. Painted
    with palette colours (no style sheet: see the memory note above).
    """

    def __init__(
        self, view: MessageView, when: datetime | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.when = when or datetime.now().astimezone()
        user = view.role == USER
        self.role_label = QLabel(self)
        self.role_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.role_label.font()
        font.setBold(True)
        self.role_label.setFont(font)
        self.time_label = QLabel(self)
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.time_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.time_label.setVisible(False)
        self.copy_button = QToolButton(self)
        self.copy_button.setAutoRaise(True)
        self.copy_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        self.copy_button.setVisible(not user)
        self.footer: QLabel | None = None  # e.g. the answer's token counts; made on first use
        self._copied = QTimer(self)
        self._copied.setSingleShot(True)
        self._copied.setInterval(COPIED_MS)
        self._copied.timeout.connect(self.retranslate)
        view.code_copied.connect(self._on_view_code_copied)

        self.bubble = QWidget(self)
        head = QHBoxLayout()
        head.setContentsMargins(8 if user else 2, 0, 2, 0)
        head.setSpacing(8)
        head.addWidget(self.role_label)
        head.addWidget(self.time_label)
        head.addStretch(1)
        head.addWidget(self.copy_button)
        column = QVBoxLayout(self.bubble)
        padding = 4 if user else 0  # inside the bubble
        column.setContentsMargins(padding, padding, padding, padding)
        column.setSpacing(0)
        column.addLayout(head)
        column.addWidget(view)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if user:
            # The person's words on the right in a bubble that hugs them: who said what
            # is clear at a glance, as in any chat.
            outer.addStretch(1)
        outer.addWidget(self.bubble, 0 if user else 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.retranslate()

    @property
    def role(self) -> str:
        """``user`` or ``assistant``."""
        return self.view.role

    def set_footer(self, text: str) -> None:
        """A quiet line under the message (plain text), e.g. the tokens an answer took."""
        if self.footer is None:
            self.footer = QLabel(self.bubble)
            self.footer.setTextFormat(Qt.TextFormat.PlainText)
            self.footer.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.footer.setContentsMargins(2, 0, 2, 0)
            self.bubble.layout().addWidget(self.footer)
        self.footer.setText(text)
        self.footer.setAccessibleName(text)

    def copy(self) -> str:
        """Put the whole message on the clipboard (Markdown for answers); returns it."""
        text = self.view.markdown() or self.view.toPlainText()
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setText(self.tr("Copied"))
        self._copied.start()
        return text

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.role_label.setText(self.tr("You") if self.role == USER else self.tr("Assistant"))
        locale = QLocale()
        self.time_label.setText(locale.toString(self.when.time(), QLocale.FormatType.ShortFormat))
        # The date and the time, not a whole date-time: its long format names the time
        # zone, and Qt's first look-up of the zone blocks the GUI thread for ~10 ms.
        self.role_label.setToolTip(
            locale.toString(self.when.date(), QLocale.FormatType.LongFormat)
            + " "
            + locale.toString(self.when.time(), QLocale.FormatType.ShortFormat)
        )
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy this answer"))
        self.copy_button.setAccessibleName(self.tr("Copy this answer"))

    def enterEvent(self, event: QEnterEvent) -> None:
        """Show the time while the pointer is over the message."""
        self.time_label.setVisible(True)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """Hide the time again."""
        self.time_label.setVisible(False)
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The person's bubble: a rounded tint behind the header and the text."""
        if self.role != USER:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.AlternateBase))
        bubble = QRectF(self.bubble.geometry()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(bubble, RADIUS, RADIUS)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A question's bubble is as wide as its text, at most three quarters of the row."""
        super().resizeEvent(event)
        if self.role == USER:
            self._fit_bubble()

    def _fit_bubble(self) -> None:
        limit = max(int(self.width() * BUBBLE_SHARE), 120)
        chrome = 2 * 4 + 2 * int(self.view.document().documentMargin()) + 4
        probe = self.view.document().clone()  # measuring must not disturb the shown layout
        probe.setTextWidth(limit - chrome)
        wanted = math.ceil(probe.idealWidth()) + chrome
        header = self.role_label.sizeHint().width() + self.time_label.sizeHint().width() + 32
        self.bubble.setFixedWidth(min(limit, max(wanted, header)))
        probe.deleteLater()

    def _on_copy_button_clicked(self) -> None:
        self.copy()

    def _on_view_code_copied(self, _code: str) -> None:
        self.copy_button.setVisible(True)
        self.copy_button.setText(self.tr("Code copied"))
        self._copied.start()
        if self.role == USER:
            QTimer.singleShot(COPIED_MS, lambda: self.copy_button.setVisible(False))


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


class TranscriptView(FollowsLanguage, QScrollArea):
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
        self._rows: dict[int, MessageRow] = {}  # by id() of the message view inside
        self._follow_bottom = True
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scroll_bar_value_changed)
        bar.rangeChanged.connect(self._on_scroll_bar_range_changed)
        self._warmed_up = False
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

    def rows(self) -> list[MessageRow]:
        """The message rows (role line, Copy, time), oldest first."""
        return [row for row in self._rows.values()]

    def row_of(self, view: MessageView) -> MessageRow:
        """The row a message sits in."""
        return self._rows[id(view)]

    def add_user_message(self, text: str, when: datetime | None = None) -> MessageView:
        """Show what the person asked."""
        view = MessageView(USER, self._content)
        view.set_plain_text(text)
        view.setAccessibleName(self.tr("You"))
        return self._add_message(view, when)

    def add_assistant_message(self, when: datetime | None = None) -> MessageView:
        """Add an empty answer to stream into."""
        view = MessageView(ASSISTANT, self._content)
        view.setAccessibleName(self.tr("Answer"))
        view.link_activated.connect(self.link_activated)
        return self._add_message(view, when)

    def add_tool_card(self, title: str, arguments: str) -> ToolCardView:
        """Show a tool call that has started."""
        return self._add(ToolCardView(title, arguments, self._content))

    def add_item(self, widget: _W) -> _W:
        """Show another kind of card (consent, form) at the bottom."""
        widget.setParent(self._content)
        return self._add(widget)

    def add_approval_card(
        self, title: str, description: str, arguments: str, risk: Risk
    ) -> ApprovalCardView:
        """Show a tool call that waits for the person's answer."""
        return self._add(ApprovalCardView(title, description, arguments, risk, self._content))

    def approval_cards(self) -> list[ApprovalCardView]:
        """The approval cards shown, oldest first."""
        return [item for item in self._items if isinstance(item, ApprovalCardView)]

    def add_notice(self, text: str, kind: str) -> NoticeView:
        """Show an error, a stop, or a note."""
        return self._add(NoticeView(text, kind, self._content))

    def remove_item(self, item: QWidget) -> None:
        """Take one message, card or notice away again (a retried answer replaces its start)."""
        if item not in self._items:
            return
        self._items.remove(item)
        shown = self._rows.pop(id(item), item)
        self._layout.removeWidget(shown)
        shown.deleteLater()

    def clear(self) -> None:
        """Remove everything (a new chat)."""
        for item in self._items:
            shown = self._rows.get(id(item), item)
            self._layout.removeWidget(shown)
            shown.deleteLater()
        self._items.clear()
        self._rows.clear()
        self._follow_bottom = True

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.setAccessibleName(self.tr("Conversation"))

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown, pay PySide's one-time type set-up soon, not in the first message."""
        super().showEvent(event)
        if not self._warmed_up:
            self._warmed_up = True
            QTimer.singleShot(WARM_UP_MS, self, self._warm_up_locale)

    def _warm_up_locale(self) -> None:
        # See WARM_UP_MS: what MessageRow.retranslate formats.
        now = datetime.now()
        QLocale().toString(now.time(), QLocale.FormatType.ShortFormat)
        QLocale().toString(now.date(), QLocale.FormatType.LongFormat)
        QTimer.singleShot(WARM_UP_MS, self, self._warm_up_message)

    def _warm_up_message(self) -> None:
        # See WARM_UP_MS. Never shown: it has no parent and is not in the layout.
        row = MessageRow(MessageView(ASSISTANT))
        row.deleteLater()

    def _add(self, widget: _W) -> _W:
        self._layout.insertWidget(self._layout.count() - 1, widget)  # above the stretch
        self._items.append(widget)
        return widget

    def _add_message(self, view: MessageView, when: datetime | None) -> MessageView:
        row = MessageRow(view, when, self._content)
        self._rows[id(view)] = row
        self._layout.insertWidget(self._layout.count() - 1, row)
        self._items.append(view)
        return view

    def _on_scroll_bar_value_changed(self, value: int) -> None:
        bar = self.verticalScrollBar()
        self._follow_bottom = value >= bar.maximum() - 4

    def _on_scroll_bar_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow_bottom:
            self.verticalScrollBar().setValue(maximum)
