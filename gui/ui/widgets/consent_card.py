"""A card asking the person to open a link before a tool can go on (a consent link).

It shows the server's message (plain text), the host the link points at (in the ASCII
form the browser resolves, from :func:`gui.untrusted.link_host`), **Open in browser**
(only when the controller says the link may be opened; otherwise the link itself to
copy, with a warning saying why it is not opened), and **I've connected**. A server's
URL-mode request (``elicitation/create``, ``answerable``) is also answered **Decline** or
**Cancel**; a -32042 consent (the call is tried again) only waits for **I've connected**. The
controller decides what the buttons do and sets the state as the call goes on. The card
never takes the focus and its buttons ignore presses for a moment after it appears
(:mod:`press_guard`).

May import Qt, gui.ui.i18n, the card layout, the press guard, the server label and the refused
link's reasons.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.card_layout import (
    ERROR_TEXT,
    STRETCH,
    asking_card_style,
    button_row,
    card_column,
)
from gui.ui.widgets.press_guard import PressGuard
from gui.ui.widgets.refused_link import refusal_reason
from gui.ui.widgets.server_label import server_label

WAITING, CHECKING = "waiting", "checking"
CONNECTED, NOT_CONNECTED, STOPPED = "connected", "not_connected", "stopped"
DECLINED, CANCELLED = "declined", "cancelled"

_STYLE = asking_card_style(
    "ConsentCardView",
    "consent",
    ended=(CONNECTED, DECLINED, CANCELLED),
    failed=NOT_CONNECTED,
    extra=f"QLabel#consentWarning {{ color: {ERROR_TEXT}; }}",
)


class ConsentCardView(FollowsLanguage, QFrame):
    """One consent request; its button signals go to the controller."""

    open_requested = Signal()
    connected_clicked = Signal()
    declined_clicked = Signal()
    cancelled_clicked = Signal()

    def __init__(
        self,
        title: str,
        message: str,
        host: str,
        url: str,
        *,
        openable: bool,
        answerable: bool = False,
        refusal: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``refusal``: why a link that is not ``openable`` is not (gui.untrusted's reasons)."""
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._tool_title = title
        self._host = host
        self._openable = openable
        self._answerable = answerable
        self._refusal = refusal or ""
        self._state = WAITING

        self._title = server_label(self, "consentTitle")
        self._message = server_label(self, "consentMessage", message)
        self._host_label = server_label(self, "consentHost")
        # Read-only line: a long link scrolls inside it instead of widening the card, and
        # it can be selected and copied.
        self._link = QLineEdit(url, self)
        self._link.setObjectName("consentLink")
        self._link.setReadOnly(True)
        self._link.setCursorPosition(0)
        self._warning = server_label(self, "consentWarning")
        self._status = server_label(self, "consentStatus")
        self._status.setWordWrap(False)  # a short state beside the buttons, never squeezed
        self._status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.press_guard = PressGuard(self)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("consentOpen")
        self.open_button.setAutoDefault(False)
        self.press_guard.connect(self.open_button, self.open_requested.emit)
        self.connected_button = QPushButton(self)
        self.connected_button.setObjectName("consentConnected")
        self.connected_button.setAutoDefault(False)
        self.press_guard.connect(self.connected_button, self._on_connected_button_clicked)
        self.decline_button = QPushButton(self)
        self.decline_button.setObjectName("consentDecline")
        self.decline_button.setAutoDefault(False)
        self.press_guard.connect(
            self.decline_button, lambda: self._answer(DECLINED, self.declined_clicked)
        )
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("consentCancel")
        self.cancel_button.setAutoDefault(False)
        self.press_guard.connect(
            self.cancel_button, lambda: self._answer(CANCELLED, self.cancelled_clicked)
        )
        self.decline_button.setVisible(answerable)
        self.cancel_button.setVisible(answerable)
        # A link we will not open is shown in full so the person can judge it themselves.
        self.open_button.setVisible(openable)
        self._link.setVisible(not openable)
        self._warning.setVisible(not openable)

        buttons = button_row(
            self.open_button,
            self.connected_button,
            self.decline_button,
            self.cancel_button,
            STRETCH,
            self._status,
        )
        card_column(
            self, self._title, self._message, self._host_label, self._link, self._warning, buttons
        )
        self.retranslate()

    def state(self) -> str:
        """``waiting``, ``checking``, ``connected``, ``not_connected``, ``stopped``,
        ``declined`` or ``cancelled``."""
        return self._state

    def is_answerable(self) -> bool:
        """True for a server's link request (Decline and Cancel are offered)."""
        return self._answerable

    def message_text(self) -> str:
        """The server's message as shown."""
        return self._message.text()

    def host_text(self) -> str:
        """The line naming the link's host."""
        return self._host_label.text()

    def link_text(self) -> str:
        """The link as shown ("" when it is hidden behind Open in browser)."""
        return self._link.text() if not self._link.isHidden() else ""

    def warning_text(self) -> str:
        """The warning about a link the app will not open ("" when there is none)."""
        return self._warning.text() if not self._warning.isHidden() else ""

    def status_text(self) -> str:
        """What the card says about the call's state."""
        return self._status.text()

    def set_state(self, state: str) -> None:
        """Follow the call: waiting, trying again, connected, still not connected, stopped."""
        self._state = state
        for widget in (self, self._status):
            widget.setProperty("state", state)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        waiting = state == WAITING
        for button in (
            self.connected_button,
            self.open_button,
            self.decline_button,
            self.cancel_button,
        ):
            button.setEnabled(waiting)
        self.retranslate()

    def keyboard_chain(self) -> list[QWidget]:
        """What Tab reaches on the card, in order: Open (or the link to copy), I've connected."""
        first: QWidget = self.open_button if self._openable else self._link
        return [first, self.connected_button]

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        title = (
            self.tr("%1 asks you to open a link")
            if self._answerable
            else self.tr("%1 needs you to connect an account")
        )
        self._title.setText(title.replace("%1", self._tool_title))
        host = self._host or self.tr("(no host)")
        self._host_label.setText(self.tr("Link to: %1").replace("%1", host))
        advice = self.tr("Open it yourself only if you trust it.")
        self._warning.setText(f"{refusal_reason(self._refusal, host)} {advice}")
        self.open_button.setText(self.tr("Open in browser"))
        self.open_button.setAccessibleName(self.tr("Open %1 in your browser").replace("%1", host))
        self.connected_button.setText(self.tr("I've connected"))
        self.connected_button.setAccessibleName(
            self.tr("I've connected: the tool goes on")
            if self._answerable
            else self.tr("I've connected: try the tool again")
        )
        self.decline_button.setText(self.tr("Decline"))
        self.decline_button.setAccessibleName(self.tr("Decline: do not open the link"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel: answer later"))
        status = {
            WAITING: self.tr("Waiting for you to connect…"),
            CHECKING: self.tr("Going on…") if self._answerable else self.tr("Trying again…"),
            CONNECTED: self.tr("Connected"),
            NOT_CONNECTED: self.tr("Still not connected"),
            STOPPED: self.tr("Stopped"),
            DECLINED: self.tr("Declined"),
            CANCELLED: self.tr("Cancelled"),
        }[self._state]
        self._status.setText(status)
        self.setAccessibleName(self._title.text())
        self.setAccessibleDescription(f"{self._message.text()} {status}")

    def _on_connected_button_clicked(self) -> None:
        self.set_state(CHECKING)  # one click is enough: the buttons wait for the retry
        self.connected_clicked.emit()

    def _answer(self, state: str, signal: object) -> None:
        if self._state != WAITING:
            return
        self.set_state(state)
        signal.emit()  # type: ignore[attr-defined]
