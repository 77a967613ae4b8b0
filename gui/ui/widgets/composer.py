"""Where the question is typed: Enter sends, Shift+Enter breaks the line, Esc stops.

Send and Stop share one place: Send while idle, Stop while an answer runs.
Whether sending is allowed is decided by the controller.

May import Qt and gui.ui.i18n only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from gui.ui.i18n import FollowsLanguage

_LINES_SHOWN = 3


class PromptEdit(QPlainTextEdit):
    """A multi-line text box whose plain Enter submits instead of breaking the line."""

    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter: submit; Shift+Enter: new line; Esc: ask to stop."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                # A real paragraph break; Qt's default would insert U+2028 instead.
                self.textCursor().insertText("\n")
                self.ensureCursorVisible()
            else:
                self.submitted.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class ComposerView(FollowsLanguage, QWidget):
    """The question box with Send / Stop and New chat."""

    submitted = Signal()  # Enter or Send
    stop_requested = Signal()  # Esc or Stop
    new_chat_requested = Signal()
    text_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = PromptEdit(self)
        self.edit.setTabChangesFocus(True)
        line = self.edit.fontMetrics().lineSpacing()
        margins = self.edit.contentsMargins()
        self.edit.setFixedHeight(line * _LINES_SHOWN + margins.top() + margins.bottom() + 12)
        self.send_button = QPushButton(self)
        self.send_button.setDefault(False)
        self.send_button.setAutoDefault(False)
        self.send_button.setEnabled(False)
        self.stop_button = QPushButton(self)
        self.stop_button.setAutoDefault(False)
        self.stop_button.hide()
        self.new_chat_button = QPushButton(self)
        self.new_chat_button.setAutoDefault(False)

        self.edit.submitted.connect(self.submitted)
        self.edit.escape_pressed.connect(self.stop_requested)
        self.edit.textChanged.connect(self.text_edited)
        self.send_button.clicked.connect(self.submitted)
        self.stop_button.clicked.connect(self.stop_requested)
        self.new_chat_button.clicked.connect(self.new_chat_requested)

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.new_chat_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 12)
        layout.addWidget(self.edit, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.edit)
        self.retranslate()

    def text(self) -> str:
        """What is typed."""
        return self.edit.toPlainText()

    def clear(self) -> None:
        """Empty the box."""
        self.edit.clear()

    def set_send_enabled(self, enabled: bool) -> None:
        """Allow or forbid sending."""
        self.send_button.setEnabled(enabled)

    def set_running(self, running: bool) -> None:
        """Show Stop while an answer runs, Send otherwise."""
        self.send_button.setVisible(not running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)
        self.stop_button.setText(self.tr("Stop"))

    def set_stopping(self) -> None:
        """Stop was asked for; waiting for the answer to end."""
        self.stop_button.setEnabled(False)
        self.stop_button.setText(self.tr("Stopping…"))

    def is_running(self) -> bool:
        """True while Stop is shown."""
        return self.stop_button.isVisibleTo(self)

    def focus_input(self) -> None:
        """Put the keyboard focus in the question box."""
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.edit.setPlaceholderText(
            self.tr("Ask a question… (Enter sends, Shift+Enter adds a line)")
        )
        self.edit.setAccessibleName(self.tr("Question"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send the question"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop the answer"))
        self.stop_button.setToolTip(self.tr("Stop (Esc)"))
        self.new_chat_button.setText(self.tr("New chat"))
        self.new_chat_button.setAccessibleName(self.tr("Start a new chat"))
        self.new_chat_button.setToolTip(self.tr("New chat (Ctrl+N)"))
