"""The sign-in page: two ways in, then the code (or the browser's progress) and a countdown.

**Sign in with Auth0** (the device code: the code, the link, a QR code) and **Use this
computer's browser** (authorization code + PKCE; the page waits for the browser to come
back). The profile's preferred way is the primary button; a way the provider does not
offer is hidden. ``SignInPage`` only lays out and shows; ``SignInController``
(:mod:`gui.ui.controllers.sign_in`) runs the flows and tells it what to show.
The page is part of the first paint, so this module imports no asyncio.

May import Qt, the QR widget and gui.untrusted; no controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.ui.widgets.panel_stack import PanelStack
from gui.ui.widgets.qr import QrView
from gui.untrusted import one_line

log = logging.getLogger(__name__)


def format_countdown(seconds: float) -> str:
    """``mm:ss`` for a number of seconds (never negative)."""
    whole = max(0, int(seconds + 0.999))  # 0.2 s left still shows 00:01
    return f"{whole // 60:02d}:{whole % 60:02d}"


CODE_CARD_HEIGHT = 390
# Bounds for what the provider sends: a user code is a few characters, a link a line or two.
CODE_LIMIT = 64
LINK_LIMIT = 512
BROWSER_LINK_LIMIT = 4096  # the authorization URL carries state, PKCE, scopes, redirect
ERROR_LIMIT = 600


class SignInPage(QWidget):
    """The view: start panel, code panel, error panel and a set-up-needed panel."""

    sign_in_clicked = Signal()
    browser_clicked = Signal()
    copy_clicked = Signal()
    open_link_clicked = Signal()
    cancel_clicked = Signal()
    retry_clicked = Signal()
    settings_clicked = Signal()
    retranslated = Signal()  # the language changed: texts the controller set need it too

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInPage")
        self._provider = "Auth0"
        self._demo = False
        self._seconds_left = 0.0
        self._link_openable = True
        self._preferred = "device"  # or "browser": the primary button
        self._offered = {"device": True, "browser": True}

        self.title = QLabel(self)
        self.title.setObjectName("pageTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lead = QLabel(self)
        self.lead.setObjectName("pageLead")
        self.lead.setWordWrap(True)
        self.lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.demo_hint = QLabel(self)
        self.demo_hint.setObjectName("demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self.start_notice = QLabel(panel)
        self.start_notice.setObjectName("notice")
        self.start_notice.setWordWrap(True)
        self.start_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.start_notice.hide()
        self.start_hint = QLabel(panel)
        self.start_hint.setObjectName("hint")
        self.start_hint.setWordWrap(True)
        self.start_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(panel)
        layout.setSpacing(14)
        layout.addWidget(self.start_notice)
        layout.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.browser_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.start_hint)
        layout.addStretch(1)
        return panel

    def _build_browser(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("card")
        self.browser_caption = QLabel(panel)
        self.browser_caption.setObjectName("caption")
        self.browser_caption.setWordWrap(True)
        self.browser_link = QLabel(panel)
        self.browser_link.setObjectName("link")
        self.browser_link.setWordWrap(True)
        self.browser_link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browser_link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.browser_link_warning = QLabel(panel)
        self.browser_link_warning.setObjectName("linkWarning")
        self.browser_link_warning.setWordWrap(True)
        self.browser_link_warning.hide()
        self.browser_open_button = QPushButton(panel)
        self.browser_open_button.clicked.connect(self.open_link_clicked)
        self.browser_progress = QProgressBar(panel)
        self.browser_progress.setRange(0, 0)  # indeterminate: waiting for the browser
        self.browser_progress.setTextVisible(False)
        self.browser_progress.setMaximumHeight(6)
        self.browser_waiting = QLabel(panel)
        self.browser_waiting.setWordWrap(True)
        self.browser_countdown = QLabel(panel)
        self.browser_countdown.setObjectName("countdown")
        self.browser_cancel_button = QPushButton(panel)
        self.browser_cancel_button.clicked.connect(self.cancel_clicked)
        footer = QHBoxLayout()
        footer.addWidget(self.browser_countdown, 1)
        footer.addWidget(self.browser_cancel_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(10)
        layout.addWidget(self.browser_caption)
        layout.addWidget(self.browser_link)
        layout.addWidget(self.browser_link_warning)
        layout.addWidget(self.browser_open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.browser_progress)
        layout.addWidget(self.browser_waiting)
        layout.addLayout(footer)
        return panel

    def _build_code(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("card")
        self.code_caption = QLabel(panel)
        self.code_caption.setObjectName("caption")
        self.code_caption.setWordWrap(True)
        self.code_label = QLabel(panel)
        self.code_label.setObjectName("userCode")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 2.4)
        mono.setWeight(QFont.Weight.DemiBold)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        self.code_label.setFont(mono)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.copy_button = QPushButton(panel)
        self.copy_button.clicked.connect(self.copy_clicked)
        self.link_label = QLabel(panel)
        self.link_label.setObjectName("link")
        self.link_label.setWordWrap(True)
        self.link_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.open_button = QPushButton(panel)
        self.open_button.clicked.connect(self.open_link_clicked)
        self.link_warning = QLabel(panel)
        self.link_warning.setObjectName("linkWarning")
        self.link_warning.setWordWrap(True)
        self.link_warning.hide()
        self.qr = QrView(panel)
        self.qr.setFixedSize(184, 184)  # 45 modules x 4 px: whole pixels, crisp
        self.qr_caption = QLabel(panel)
        self.qr_caption.setObjectName("hint")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setFixedWidth(184)
        self.progress = QProgressBar(panel)
        self.progress.setRange(0, 0)  # indeterminate: we are polling
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.waiting_label = QLabel(panel)
        self.waiting_label.setWordWrap(True)
        self.countdown_label = QLabel(panel)
        self.countdown_label.setObjectName("countdown")
        self.cancel_button = QPushButton(panel)
        self.cancel_button.clicked.connect(self.cancel_clicked)

        code_row = QHBoxLayout()
        code_row.setSpacing(12)
        code_row.addWidget(self.code_label)
        code_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        code_row.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.code_caption)
        left.addLayout(code_row)
        left.addSpacing(6)
        left.addWidget(self.link_label)
        left.addWidget(self.link_warning)
        left.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        # One fixed block for the code and its caption, so no layout can squeeze them
        # into each other.
        qr_block = QWidget(panel)
        qr_block.setFixedSize(190, 236)
        right = QVBoxLayout(qr_block)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.qr_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addStretch(1)
        footer = QHBoxLayout()
        footer.addWidget(self.countdown_label, 1)
        footer.addWidget(self.cancel_button)
        grid = QGridLayout(panel)
        grid.setContentsMargins(20, 18, 20, 18)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        grid.addLayout(left, 0, 0)
        grid.addWidget(qr_block, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.progress, 1, 0, 1, 2)
        grid.addWidget(self.waiting_label, 2, 0, 1, 2)
        grid.addLayout(footer, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        return panel

    def _build_error(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("card")
        self.error_title = QLabel(panel)
        self.error_title.setObjectName("errorTitle")
        self.error_message = QLabel(panel)
        self.error_message.setObjectName("errorMessage")
        self.error_message.setWordWrap(True)
        self.error_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(panel)
        self.retry_button.setObjectName("primaryButton")
        self.retry_button.setMinimumHeight(40)
        self.retry_button.clicked.connect(self.retry_clicked)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(10)
        layout.addWidget(self.error_title)
        layout.addWidget(self.error_message)
        layout.addSpacing(6)
        layout.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)  # packed at the top if the card is taller than its text
        return panel

    def _build_setup(self) -> QWidget:
        panel = QFrame(self)
        panel.setObjectName("card")
        self.setup_message = QLabel(panel)
        self.setup_message.setWordWrap(True)
        self.settings_button = QPushButton(panel)
        self.settings_button.setObjectName("primaryButton")
        self.settings_button.setMinimumHeight(40)
        self.settings_button.clicked.connect(self.settings_clicked)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(12)
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
        link = one_line(link, BROWSER_LINK_LIMIT)
        self.browser_link.setText(link)
        self.browser_link.setAccessibleName(link)
        self._link_openable = openable
        self._show_link_warning()
        self.browser_open_button.setVisible(openable)
        self._show_panel(4)
        self.browser_cancel_button.setFocus()

    def show_code(self, user_code: str, link: str, *, openable: bool = True) -> None:
        """The code panel, polling; a link that is not ``openable`` is shown with a warning.

        Without a safe link there is no QR code and no Open button: a phone would
        open what the QR code holds without our check.
        """
        user_code = one_line(user_code, CODE_LIMIT)
        link = one_line(link, LINK_LIMIT)
        self.code_label.setText(user_code)
        self.code_label.setAccessibleName(self.tr("Sign-in code %1").replace("%1", user_code))
        self.link_label.setText(link)
        self.link_label.setAccessibleName(link)
        self._link_openable = openable
        self._show_link_warning()
        self.open_button.setVisible(openable)
        self.qr.setVisible(openable)
        self.qr_caption.setVisible(openable)
        self.qr.set_text(link if openable else "")
        self.qr.setAccessibleDescription(link if openable else "")
        self._show_panel(1)
        self.copy_button.setFocus()

    def _show_link_warning(self) -> None:
        text = self.tr(
            "This link was not opened: it is not a secure (https) address. "
            "Check with your administrator before you visit it."
        )
        for label in (self.link_warning, self.browser_link_warning):
            label.setVisible(not self._link_openable)
            label.setText(text)

    def set_seconds_left(self, seconds: float) -> None:
        """Update the countdown."""
        self._seconds_left = seconds
        self.countdown_label.setText(
            self.tr("Code expires in %1").replace("%1", format_countdown(seconds))
        )
        self.browser_countdown.setText(
            self.tr("Time left: %1").replace("%1", format_countdown(seconds))
        )

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
        self.browser_caption.setText(
            self.tr("Finish signing in in your browser. It opened this page:")
        )
        self.browser_open_button.setText(self.tr("&Open the page again"))
        self.browser_open_button.setAccessibleName(
            self.tr("Open the sign-in page in the browser again")
        )
        self.browser_progress.setAccessibleName(self.tr("Waiting for the browser"))
        self.browser_waiting.setText(
            self.tr(
                "Waiting for your browser to come back to this app… When the page says "
                "you can close the tab, you are signed in here."
            )
        )
        self.browser_cancel_button.setText(self.tr("Cancel"))
        self.browser_cancel_button.setAccessibleName(self.tr("Cancel sign-in"))
        self.browser_countdown.setAccessibleName(self.tr("Time left"))
        self.code_caption.setText(self.tr("Check that your browser shows this code:"))
        self.copy_button.setText(self.tr("&Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the code"))
        self.open_button.setText(self.tr("&Open the page again"))
        self.open_button.setAccessibleName(self.tr("Open the sign-in page in the browser again"))
        self._show_link_warning()
        self.qr.setAccessibleName(self.tr("QR code of the sign-in link"))
        self.qr.setToolTip(self.tr("Scan to approve on your phone"))
        self.qr_caption.setText(self.tr("Or scan with your phone"))
        self.progress.setAccessibleName(self.tr("Waiting for approval"))
        self.waiting_label.setText(self.tr("Waiting for you to approve in the browser…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel sign-in"))
        self.countdown_label.setAccessibleName(self.tr("Time left"))
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

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
