"""A card offering to sign in again when the gateway asks for another permission (step-up).

It says which permission the gateway asked for, then **Sign in again** and **Not now**.
While the sign-in runs it shows what the person does next: the code and its link (the
device code) or the page the browser was sent to, with **Open the page again** and
**Cancel**; then that it worked, or what went wrong with **Try again**. The conversation
above it stays. The controller (:mod:`gui.ui.controllers.step_up`) runs the sign-in and
sets the state.

May import Qt, gui.ui.i18n, the card layout, the server label and :mod:`gui.untrusted` (the one gate
for server text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QWidget,
)

from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.card_layout import STRETCH, asking_card_style, button_row, card_column
from gui.ui.widgets.server_label import server_label
from gui.untrusted import one_line

OFFERED, SIGNING_IN, DONE, FAILED, DISMISSED = (
    "offered",
    "signing_in",
    "done",
    "failed",
    "dismissed",
)

TEXT_LIMIT = 600  # characters of a message or link shown

_STYLE = asking_card_style(
    "StepUpCardView",
    "stepUp",
    ended=("done", "dismissed"),
    failed="failed",
    extra="QLabel#stepUpCode { font-family: monospace; font-size: 150%; font-weight: 600; }",
)


class StepUpCardView(FollowsLanguage, QFrame):
    """One step-up offer; its buttons' signals go to the controller."""

    sign_in_clicked = Signal()
    dismiss_clicked = Signal()
    open_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self, scope: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._scope = scope
        self._state = OFFERED
        self._status_text = ""
        self._browser = False

        self._title = server_label(self, "stepUpTitle")
        self._message = server_label(self, "stepUpMessage")
        self._code = server_label(self, "stepUpCode")
        self._code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._link = server_label(self, "stepUpLink")
        self._link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._status = server_label(self, "stepUpStatus")
        self.sign_in_button = self._button("stepUpSignIn", self.sign_in_clicked)
        self.dismiss_button = self._button("stepUpDismiss", self.dismiss_clicked)
        self.open_button = self._button("stepUpOpen", self.open_clicked)
        self.cancel_button = self._button("stepUpCancel", self.cancel_clicked)

        buttons = button_row(
            self.sign_in_button, self.open_button, self.cancel_button, self.dismiss_button, STRETCH
        )
        card_column(self, self._title, self._message, self._code, self._link, self._status, buttons)
        self.set_state(OFFERED)

    # -- what the controller calls ---------------------------------------------------------

    def state(self) -> str:
        """``offered``, ``signing_in``, ``done``, ``failed`` or ``dismissed``."""
        return self._state

    def scope(self) -> str:
        """The permission(s) the gateway asked for."""
        return self._scope

    def show_starting(self) -> None:
        """Sign in again was clicked: the sign-in is starting."""
        self._code.hide()
        self._link.hide()
        self.set_state(SIGNING_IN, "")

    def show_code(self, user_code: str, link: str, *, openable: bool) -> None:
        """The device code to check in the browser, and the page it is entered on."""
        self._browser = False
        self._code.setText(one_line(user_code, 64))
        self._code.show()
        self._show_link(link, openable)
        self.set_state(SIGNING_IN, "")

    def show_browser(self, link: str, *, openable: bool) -> None:
        """The browser was sent to ``link``: waiting for it to come back."""
        self._browser = True
        self._code.hide()
        self._show_link(link, openable)
        self.set_state(SIGNING_IN, "")

    def show_done(self, status: str) -> None:
        """Signed in again: ``status`` says what happens next."""
        self._code.hide()
        self._link.hide()
        self.set_state(DONE, status)

    def show_failed(self, status: str) -> None:
        """The sign-in did not finish: ``status`` says why; Try again is offered."""
        self._code.hide()
        self._link.hide()
        self.set_state(FAILED, status)

    def dismiss(self) -> None:
        """Not now: the card stays as a record, without buttons."""
        self.set_state(DISMISSED, "")

    def status_text(self) -> str:
        """What the card says about the sign-in's state."""
        return self._status.text()

    def link_text(self) -> str:
        """The link shown while signing in ("" when none)."""
        return self._link.text() if not self._link.isHidden() else ""

    def code_text(self) -> str:
        """The device code shown while signing in ("" when none)."""
        return self._code.text() if not self._code.isHidden() else ""

    def set_state(self, state: str, status: str | None = None) -> None:
        """Show ``state``'s buttons; ``status`` (plain text) replaces the status line."""
        self._state = state
        if status is not None:
            self._status_text = one_line(status, TEXT_LIMIT)
        for widget in (self, self._status):
            widget.setProperty("state", state)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.sign_in_button.setVisible(state in (OFFERED, FAILED))
        self.dismiss_button.setVisible(state in (OFFERED, FAILED))
        self.open_button.setVisible(state == SIGNING_IN and not self._link.isHidden())
        self.cancel_button.setVisible(state == SIGNING_IN)
        self.retranslate()

    def focus_first_button(self) -> None:
        """Put the keyboard on Sign in again."""
        self.sign_in_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        self._title.setText(self.tr("This needs another permission"))
        self._message.setText(
            self.tr(
                "The gateway asks for “%1”, which your sign-in does not have yet. Sign in "
                "again to ask for it; this conversation stays as it is."
            ).replace("%1", self._scope)
        )
        self.sign_in_button.setText(
            self.tr("Try again") if self._state == FAILED else self.tr("Sign in again")
        )
        self.dismiss_button.setText(self.tr("Not now"))
        self.open_button.setText(self.tr("Open the page again"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self._state == SIGNING_IN:
            waiting = (
                self.tr("Waiting for your browser to come back…")
                if self._browser
                else self.tr("Check that your browser shows this code, then approve…")
            )
            self._status.setText(waiting)
        elif self._state == DISMISSED:
            self._status.setText(self.tr("Not signed in again."))
        else:
            self._status.setText(self._status_text)
        self._status.setVisible(bool(self._status.text()))
        self.setAccessibleName(self._title.text())
        self.setAccessibleDescription(f"{self._message.text()} {self._status.text()}")

    # -- building ----------------------------------------------------------------------------

    def _show_link(self, link: str, openable: bool) -> None:
        self._link.setText(one_line(link, TEXT_LIMIT))
        self._link.show()
        self.open_button.setEnabled(openable)

    def _button(self, name: str, signal: Signal) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(signal)
        return button
