"""The sign-in page: two ways in, then the code (or the browser's progress) and a countdown.

**Sign in with Auth0** (the device code: the code, the link, a QR code) and **Use this
computer's browser** (authorization code + PKCE; the page waits for the browser to come
back). The profile's preferred way is the primary button; a way the provider does not
offer is hidden. ``SignInPage`` only lays out and shows; ``SignInController``
(:mod:`gui.ui.controllers.sign_in`) runs the flows and tells it what to show. The two
waiting cards are :mod:`gui.ui.views.sign_in_cards`'; the page bounds what they show
and connects their buttons. The page is part of the first paint, so this module
imports no asyncio.

May import Qt, the sign-in cards, the panel stack and gui.untrusted; no controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import AnnouncesLanguage
from gui.ui.views.sign_in_cards import (
    BrowserCard,
    CodeCard,
    card_column,
    format_countdown,
    link_warning,
    primary_card,
)
from gui.ui.widgets.panel_stack import PanelStack
from gui.untrusted import one_line

__all__ = ["CODE_LIMIT", "ERROR_LIMIT", "LINK_LIMIT", "SignInPage", "format_countdown"]

log = logging.getLogger(__name__)

CODE_CARD_HEIGHT = 390
# Bounds for what the provider sends: a user code is a few characters, a link a line or two.
CODE_LIMIT = 64
LINK_LIMIT = 512
BROWSER_LINK_LIMIT = 4096  # the authorization URL carries state, PKCE, scopes, redirect
ERROR_LIMIT = 600


def _centred_label(parent: QWidget, name: str) -> QLabel:
    """A centred, word-wrapped label named ``name`` (for the style sheet)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class SignInPage(AnnouncesLanguage, QWidget):
    """The view: start panel, code panel, error panel and a set-up-needed panel."""

    sign_in_clicked = Signal()
    browser_clicked = Signal()
    copy_clicked = Signal()
    open_link_clicked = Signal()
    cancel_clicked = Signal()
    retry_clicked = Signal()
    settings_clicked = Signal()
    language_changed = Signal()  # after retranslate(): texts the controller set need it too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self._provider = "Auth0"
        self._demo = False
        self._seconds_left = 0.0
        self._preferred = "device"  # or "browser": the primary button
        self._offered = {"device": True, "browser": True}
        self._link_openable = True
        self._link_refusal = ""  # why the link is not opened (gui.untrusted's reasons)
        self._link_host = ""  # the host as the browser resolves it
        self._other_site: tuple[str, str] | None = None  # (link's, issuer's) domain

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = _centred_label(self, "pageLead")
        self.demo_hint = _centred_label(self, "demoHint")
        self.demo_hint.hide()

        self.panels = PanelStack(self)
        self.panels.addWidget(self._build_start())
        self.panels.addWidget(self._build_code())
        self.panels.addWidget(self._build_error())
        self.panels.addWidget(self._build_setup())
        self.panels.addWidget(self._build_browser())

        column = QVBoxLayout()
        column.setSpacing(14)
        column.addWidget(self.title)
        column.addWidget(self.lead)
        column.addWidget(self.demo_hint)
        column.addSpacing(8)
        column.addWidget(self.panels)
        holder = QWidget(self)
        holder.setObjectName("signInColumn")
        holder.setLayout(column)
        # A fixed column: the text must not re-wrap (and jump) as panels change.
        holder.setFixedWidth(580)
        # Centred by stretches, not by an alignment flag: an aligned item is sized by
        # its size hint, which word-wrapped labels make too small (clipping the card).
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(holder)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        # Qt's default "auto" format renders anything that looks like HTML; much of what
        # this page shows comes from the provider, so every label here is plain text.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.retranslate()
        self.show_start()

    # -- building --------------------------------------------------------------------

    def _build_start(self) -> QWidget:
        panel = QWidget(self)
        self.sign_in_button = QPushButton(panel)
        self.sign_in_button.setObjectName("primaryButton")
        self.sign_in_button.setMinimumHeight(48)
        self.sign_in_button.setMinimumWidth(280)
        self.sign_in_button.clicked.connect(self.sign_in_clicked)
        self.browser_button = QPushButton(panel)
        self.browser_button.setMinimumHeight(36)
        self.browser_button.clicked.connect(self.browser_clicked)
        self.start_notice = _centred_label(panel, "notice")
        self.start_notice.hide()
        self.start_hint = _centred_label(panel, "hint")
        layout = QVBoxLayout(panel)
        layout.setSpacing(14)
        layout.addWidget(self.start_notice)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.browser_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.start_hint)
        layout.addStretch(1)
        return panel

    def _build_browser(self) -> QWidget:
        self.browser_card = card = BrowserCard(self)
        card.open_button.clicked.connect(self.open_link_clicked)
        card.cancel_button.clicked.connect(self.cancel_clicked)
        # The parts the controller and the tests reach through the page.
        self.browser_link = card.link_label
        self.browser_open_button = card.open_button
        self.browser_countdown = card.countdown
        self.browser_cancel_button = card.cancel_button
        return card

    def _build_code(self) -> QWidget:
        self.code_card = card = CodeCard(self)
        card.copy_button.clicked.connect(self.copy_clicked)
        card.open_button.clicked.connect(self.open_link_clicked)
        card.cancel_button.clicked.connect(self.cancel_clicked)
        # The parts the controller and the tests reach through the page.
        self.code_label, self.copy_button = card.code_label, card.copy_button
        self.link_label, self.link_warning = card.link_label, card.link_warning
        self.link_host_label, self.site_warning = card.link_host_label, card.site_warning
        self.open_button, self.qr = card.open_button, card.qr
        self.progress, self.waiting_label = card.progress, card.waiting_label
        self.countdown_label, self.cancel_button = card.countdown_label, card.cancel_button
        return card

    def _build_error(self) -> QWidget:
        panel, self.retry_button = primary_card(self, self.retry_clicked)
        self.error_title = QLabel(panel)
        self.error_title.setObjectName("errorTitle")
        self.error_message = QLabel(panel)
        self.error_message.setObjectName("errorMessage")
        self.error_message.setWordWrap(True)
        self.error_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = card_column(panel)
        layout.addWidget(self.error_title)
        layout.addWidget(self.error_message)
        layout.addSpacing(6)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)  # packed at the top if the card is taller than its text
        return panel

    def _build_setup(self) -> QWidget:
        panel, self.settings_button = primary_card(self, self.settings_clicked)
        self.setup_message = QLabel(panel)
        self.setup_message.setWordWrap(True)
        layout = card_column(panel, spacing=12)
        layout.addWidget(self.setup_message)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        return panel

    # -- what the controller calls ------------------------------------------------------

    def set_provider(self, name: str) -> None:
        """Put the provider's name on the button ("Auth0" or the issuer's host)."""
        self._provider = name
        self.retranslate()

    def set_methods(
        self,
        *,
        preferred: str | None = None,
        device: bool | None = None,
        browser: bool | None = None,
    ) -> None:
        """Which ways in are offered (``device``, ``browser``) and which is the primary one.

        A way the provider does not offer is hidden; if the preferred one is hidden, the
        other becomes the primary button.
        """
        if preferred is not None:
            self._preferred = preferred
        if device is not None:
            self._offered["device"] = device
        if browser is not None:
            self._offered["browser"] = browser
        self._lay_out_methods()

    def primary_method(self) -> str:
        """``device`` or ``browser``: the way the primary button signs in."""
        if not self._offered[self._preferred]:
            other = "browser" if self._preferred == "device" else "device"
            if self._offered[other]:
                return other
        return self._preferred

    def _lay_out_methods(self) -> None:
        primary = self.primary_method()
        buttons = {"device": self.sign_in_button, "browser": self.browser_button}
        for method, button in buttons.items():
            button.setVisible(self._offered[method])
            name = "primaryButton" if method == primary else ""
            if button.objectName() != name:
                button.setObjectName(name)
                button.style().unpolish(button)  # the style sheet picks the new name up
                button.style().polish(button)
            button.setMinimumHeight(48 if method == primary else 36)
            button.setMinimumWidth(280 if method == primary else 0)
        self._set_start_hint()

    def set_demo(self, demo: bool) -> None:
        """Show the hint to approve as Alice or Bob."""
        self._demo = demo
        self.demo_hint.setVisible(demo)

    def show_start(self, notice: str = "") -> None:
        """The big button, with an optional notice above it (why we are back here)."""
        notice = one_line(notice, ERROR_LIMIT)
        self.start_notice.setText(notice)
        self.start_notice.setVisible(bool(notice))
        self.sign_in_button.setEnabled(True)
        self.browser_button.setEnabled(True)
        self._show_panel(0)
        self._primary_button().setFocus()

    def show_requesting(self) -> None:
        """A button pressed: asking the provider for a code, or starting the browser sign-in."""
        self.sign_in_button.setEnabled(False)
        self.browser_button.setEnabled(False)

    def show_browser_wait(self, link: str, *, openable: bool = True) -> None:
        """Waiting for the browser to come back; ``link`` is the page it was sent to.

        A link that is not ``openable`` is shown with a warning and no Open button.
        """
        self.browser_card.show_link(one_line(link, BROWSER_LINK_LIMIT), openable=openable)
        self._show_panel(4)
        self.browser_cancel_button.setFocus()

    def show_code(
        self,
        user_code: str,
        link: str,
        *,
        openable: bool = True,
        refusal: str | None = None,
        host: str = "",
        other_site: tuple[str, str] | None = None,
    ) -> None:
        """The code panel, polling; a link that is not ``openable`` is shown with a warning.

        Without a safe link there is no QR code and no Open button: a phone would
        open what the QR code holds without our check. ``refusal`` says why (one of
        gui.untrusted's reasons), ``host`` is where the link really goes (ASCII, as the
        browser resolves it), ``other_site`` the link's and the issuer's registrable
        domains when they differ (a warning, not a refusal).
        """
        user_code = one_line(user_code, CODE_LIMIT)
        link = one_line(link, LINK_LIMIT)
        self.code_card.show_code(user_code, link, openable=openable)
        self._link_openable = openable
        self._link_refusal = refusal or ""
        self._link_host = one_line(host, 253)
        self._other_site = other_site
        self._show_link_warning()
        self._show_panel(1)
        self.copy_button.setFocus()

    def _show_link_warning(self) -> None:
        self.link_host_label.setText(self.tr("Link to: %1").replace("%1", self._link_host))
        self.link_host_label.setVisible(bool(self._link_host))
        self.link_warning.setVisible(not self._link_openable)
        self.link_warning.setText(link_warning(self._link_refusal, self._link_host))
        self.site_warning.setVisible(self._other_site is not None)
        if self._other_site is not None:
            theirs, issuer = self._other_site
            self.site_warning.setText(
                self.tr(
                    "This sign-in link is on %1, not on %2 like the sign-in server, so it "
                    "was not opened for you. Open it only if your administrator expects it."
                )
                .replace("%1", theirs)
                .replace("%2", issuer)
            )

    def set_seconds_left(self, seconds: float) -> None:
        """Update the countdown."""
        self._seconds_left = seconds
        self.code_card.set_seconds_left(seconds)
        self.browser_card.set_seconds_left(seconds)

    def show_error(self, title: str, message: str) -> None:
        """What went wrong, in place, with Try again (both bounded: they may quote a server)."""
        title = one_line(title, 120)
        message = one_line(message, ERROR_LIMIT)
        self.error_title.setText(title)
        self.error_message.setText(message)
        self.error_message.setAccessibleName(message)
        self._show_panel(2)
        self.retry_button.setFocus()

    def show_setup_needed(self) -> None:
        """The profile cannot sign in yet: point at the settings."""
        self._show_panel(3)
        self.settings_button.setFocus()

    def _show_panel(self, index: int) -> None:
        # Word-wrapped labels make the stack under-guess the code card's height (the QR
        # block then overlapped the progress bar): reserve what it needs, for it only.
        self.panels.setMinimumHeight(CODE_CARD_HEIGHT if index == 1 else 0)
        self.panels.setCurrentIndex(index)

    def current_panel(self) -> str:
        """``start``, ``code``, ``error``, ``setup`` or ``browser`` (tests, the controller)."""
        return ("start", "code", "error", "setup", "browser")[self.panels.currentIndex()]

    # -- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.title.setText(self.tr("Sign in to AgentCore Chat"))
        self.lead.setText(
            self.tr(
                "Your company's tools answer with your own permissions, so first "
                "sign in with your work account."
            )
        )
        self.demo_hint.setText(
            self.tr(
                "Demo: approve as Alice (has the gateway role) or as Bob (does not) "
                "on the local sign-in page."
            )
        )
        self.sign_in_button.setText(self.tr("&Sign in with %1").replace("%1", self._provider))
        self.sign_in_button.setAccessibleName(
            self.tr("Sign in with %1").replace("%1", self._provider)
        )
        self.browser_button.setText(self.tr("Use this computer's &browser"))
        self.browser_button.setAccessibleName(self.tr("Sign in with this computer's browser"))
        self._set_start_hint()
        self.browser_card.retranslate()
        self.code_card.retranslate()
        self._show_link_warning()  # the link's own warning, in the new language
        self.set_seconds_left(self._seconds_left)
        self.retry_button.setText(self.tr("&Try again"))
        self.retry_button.setAccessibleName(self.tr("Try signing in again"))
        self.setup_message.setText(
            self.tr(
                "AgentCore Chat needs to know where you sign in before it can start: "
                "your Auth0 domain (or OpenID Connect issuer), the application's client ID "
                "and the gateway's URL. Your administrator can give you these."
            )
        )
        self.settings_button.setText(self.tr("Open &Settings…"))
        self.settings_button.setAccessibleName(self.tr("Open settings"))

    def _set_start_hint(self) -> None:
        if self.primary_method() == "browser":
            hint = self.tr(
                "Your browser opens to sign in and comes back to this app; no password stored."
            )
        else:
            hint = self.tr(
                "Your browser opens to confirm; nothing to type here, no password stored."
            )
        self.start_hint.setText(hint)

    def _primary_button(self) -> QPushButton:
        return self.browser_button if self.primary_method() == "browser" else self.sign_in_button

    # -- keys ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter presses the panel's main button and Esc cancels. Outside a dialog no
        # button claims these keys, so they reach the page from any child with focus.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_enter_activated()
        elif event.key() == Qt.Key.Key_Escape:
            self._on_escape_activated()
        else:
            super().keyPressEvent(event)

    def _on_enter_activated(self) -> None:
        primary = {
            "start": self._primary_button(),
            "code": self.copy_button,
            "error": self.retry_button,
            "setup": self.settings_button,
            "browser": self.browser_open_button,
        }[self.current_panel()]
        if primary.isEnabled():
            primary.click()

    def _on_escape_activated(self) -> None:
        if self.current_panel() == "code":
            self.cancel_button.click()
        elif self.current_panel() == "browser":
            self.browser_cancel_button.click()
