"""The chat pane as a view: :class:`ChatPage` lays out the model line, the status line,
the transcript, the composer and the tools panel.

The page only shows things and says what was asked for through its widgets'
signals (and its own ``retry_requested`` and ``language_changed``);
``ChatController`` (gui/ui/controllers/chat.py) owns it and decides what it shows.

May import Qt and the widgets (gui/ui/widgets/); no core and no controller.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.ui.widgets.composer import ComposerView
from gui.ui.widgets.tools_panel import ToolsPanelView
from gui.ui.widgets.transcript import TranscriptView

_STYLE = """
QFrame#chatStatus { border-radius: 6px; padding: 2px 6px; border: 1px solid palette(mid); }
QFrame#chatStatus[error="true"] {
    background: rgba(220, 38, 38, 0.14); border: 1px solid rgba(220, 38, 38, 0.65);
}
QLabel#modelNotice {
    border-radius: 8px; padding: 1px 8px;
    background: rgba(217, 119, 6, 0.18); border: 1px solid rgba(217, 119, 6, 0.7);
}
"""


class ChatPage(QWidget):
    """The chat pane: model line, status line, transcript, composer, and the tools panel."""

    retry_requested = Signal()
    language_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPage")
        self.model_label = QLabel(self)
        self.model_label.setObjectName("modelLabel")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model_notice = QLabel(self)
        self.model_notice.setObjectName("modelNotice")
        self.model_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.model_notice.setWordWrap(True)
        self.model_notice.hide()
        # Styled one by one: a sheet on the page would style every message (memory, see
        # widgets/transcript.py).
        self.model_notice.setStyleSheet(_STYLE)

        self.status_frame = QFrame(self)
        self.status_frame.setObjectName("chatStatus")
        self.status_label = QLabel(self.status_frame)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.status_frame)
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.retry_requested)
        status = QHBoxLayout(self.status_frame)
        status.setContentsMargins(8, 4, 4, 4)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.retry_button)
        self.status_frame.setStyleSheet(_STYLE)
        self.status_frame.hide()

        self.transcript = TranscriptView(self)
        self.composer = ComposerView(self)
        self.tools_panel = ToolsPanelView(self)

        head = QHBoxLayout()
        head.setContentsMargins(12, 8, 12, 0)
        head.addWidget(self.model_label)
        head.addWidget(self.model_notice, 1)
        head.addStretch(0)
        chat = QWidget(self)
        column = QVBoxLayout(chat)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(head)
        column.addWidget(self.status_frame)
        column.addWidget(self.transcript, 1)
        column.addWidget(self.composer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(chat)
        self.splitter.addWidget(self.tools_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        # Page-wide keys, active while focus is anywhere inside the page.
        self.new_chat_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        self.new_chat_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stop_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.stop_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.composer)
        self.retranslate()

    def show_model(self, label: str, notice: str) -> None:
        """Show which model answers; ``notice`` (if any) as a badge beside it."""
        self.model_label.setText(label)
        self.model_label.setAccessibleName(label)
        self.model_notice.setText(notice)
        self.model_notice.setAccessibleName(notice)
        self.model_notice.setVisible(bool(notice))

    def show_status(self, text: str, *, error: bool = False, retry: bool = False) -> None:
        """A line above the transcript: progress, or an error with a Retry button."""
        self.status_frame.setProperty("error", error)
        self.status_frame.style().unpolish(self.status_frame)
        self.status_frame.style().polish(self.status_frame)
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)
        self.retry_button.setVisible(retry)
        self.status_frame.show()

    def hide_status(self) -> None:
        """Remove the status line."""
        self.status_frame.setStyleSheet(_STYLE)
        self.status_frame.hide()

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.retry_button.setText(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry connecting"))

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes; the controller re-sets the texts it chose."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.language_changed.emit()
        super().changeEvent(event)
