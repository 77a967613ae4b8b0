"""The window's small pages: :class:`BusyPage` and :class:`PlaceholderChatPage`.

Views only: they lay out a few labels and buttons and say what was clicked
through signals; ``WindowController`` (gui/ui/controllers/window.py) decides
what they show. The busy page is part of the first frame, so nothing here
touches ``Qt`` (the namespace): its first use builds ~100 Python enums (about
20 ms), so alignments and text formats are set as properties by value.

May import Qt and gui.ui.i18n only.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import FollowsLanguage

# Qt::Alignment and Qt::TextInteractionFlags values, set through Qt's property system.
ALIGN_CENTER = 0x0084  # AlignHCenter | AlignVCenter
TEXT_SELECTABLE_BY_MOUSE = 0x0001
PLAIN_TEXT = 0  # Qt::PlainText: the labels that may show a server's words never render HTML


class BusyPage(FollowsLanguage, QWidget):
    """ "Signing you in…" while a remembered sign-in is resumed; an error with Retry if not."""

    retry_clicked = Signal()
    sign_in_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyPage")
        self._status = ""
        self.label = QLabel(self)
        self.label.setObjectName("pageTitle")
        self.label.setProperty("alignment", ALIGN_CENTER)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setFixedWidth(280)
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setProperty("textFormat", PLAIN_TEXT)
        self.message.setWordWrap(True)
        self.message.setProperty("alignment", ALIGN_CENTER)
        self.message.setProperty("textInteractionFlags", TEXT_SELECTABLE_BY_MOUSE)
        self.message.setMaximumWidth(520)
        self.retry_button = QPushButton(self)
        self.retry_button.setObjectName("primaryButton")
        self.retry_button.setMinimumHeight(40)
        self.retry_button.clicked.connect(self.retry_clicked)
        self.sign_in_button = QPushButton(self)
        self.sign_in_button.clicked.connect(self.sign_in_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addSpacing(8)
        layout.addLayout(_centred(self.progress))
        # Centred by stretches, not by an alignment flag: with one, the layout gives the
        # label its size hint and ignores heightForWidth, so a long message was cut off.
        layout.addLayout(_centred(self.message, 100))
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(2)
        self.retranslate()
        self.show_busy()

    def show_busy(self, status: str = "") -> None:
        """The spinner, with ``status`` or "Signing you in…"."""
        self._status = status
        self.label.setText(status or self.tr("Signing you in…"))
        self.progress.show()
        self.message.hide()
        self.retry_button.hide()
        self.sign_in_button.hide()

    def show_problem(self, title: str, message: str) -> None:
        """Why it stopped, with Retry (and a way to sign in afresh)."""
        self._status = ""
        self.label.setText(title)
        self.message.setText(message)
        self.message.setAccessibleName(message)
        self.progress.hide()
        self.message.show()
        self.retry_button.show()
        self.sign_in_button.show()
        self.retry_button.setFocus()

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        if self.progress.isVisibleTo(self) and not self._status:
            self.label.setText(self.tr("Signing you in…"))
        self.progress.setAccessibleName(self.tr("Working"))
        self.retry_button.setText(self.tr("&Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry signing in"))
        self.sign_in_button.setText(self.tr("Sign in &again"))
        self.sign_in_button.setAccessibleName(self.tr("Sign in again with the browser"))


def _centred(widget: QWidget, stretch: int = 1) -> QHBoxLayout:
    """``widget`` between two stretches: centred across, without naming Qt.AlignmentFlag.

    A large ``stretch`` lets a wrapped label take the room up to its maximum width.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget, stretch)
    row.addStretch(1)
    return row


class PlaceholderChatPage(FollowsLanguage, QWidget):
    """Stands in for the chat page when the chat cannot start (the notice bar says why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderChatPage")
        self.label = QLabel(self)
        self.label.setProperty("alignment", ALIGN_CENTER)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-set the text in the current language."""
        self.label.setText(
            self.tr("You are signed in, but the chat could not start: the notice above says why.")
        )
