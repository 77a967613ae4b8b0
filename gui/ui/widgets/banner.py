"""A one-line information bar across the top of the window (demo mode, quiet notices).

Never modal: it says something worth knowing and, when dismissible, goes away
on a click or Esc-free close button.

May import Qt and gui.ui.i18n only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from gui.ui.i18n import FollowsLanguage


class BannerView(FollowsLanguage, QFrame):
    """Text on a tinted bar; ``kind`` is ``info``, ``demo`` or ``warning`` (styled in qss)."""

    dismissed = Signal()

    def __init__(
        self, kind: str = "info", *, dismissible: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("kind", kind)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._label = QLabel(self)
        self._label.setObjectName("bannerText")
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # notices may quote a server
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QToolButton(self)
        self._close.setObjectName("bannerClose")
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setVisible(dismissible)
        self._close.clicked.connect(self._on_close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self._label, 1)
        layout.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate()
        self.hide()

    def show_message(self, text: str) -> None:
        """Show ``text`` (plain) and make the bar visible."""
        self._label.setText(text)
        self._label.setAccessibleName(text)
        self.show()

    def text(self) -> str:
        """The message shown."""
        return self._label.text()

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self._close.setToolTip(self.tr("Dismiss"))
        self._close.setAccessibleName(self.tr("Dismiss this message"))

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
