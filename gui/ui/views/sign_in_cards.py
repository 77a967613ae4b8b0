"""The sign-in page's two waiting cards: the device code's and the browser's.

:class:`CodeCard` shows the code with Copy, the link with Open and a QR code;
:class:`BrowserCard` the page the browser was sent to. Both then wait: an indeterminate
progress bar, a line saying for what, the countdown and Cancel, built once by
:func:`_waiting_parts`. A card only lays out and shows what
:class:`~gui.ui.views.sign_in.SignInPage` gives it (already bounded); the page connects
its buttons. Their texts keep the page's translation context (``SignInPage``).

May import Qt, the QR widget and the refused link's reasons; no controller, no asyncio (part
of the first paint).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, SignalInstance
from PySide6.QtGui import QFont, QFontDatabase
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

from gui.ui.widgets.qr import QrView
from gui.ui.widgets.refused_link import refusal_reason

# The texts stay in the page's translation context, where the .ts file has them; lupdate
# reads ``translate("SignInPage", ...)`` calls (a name for the context it would not).
translate = QCoreApplication.translate


def format_countdown(seconds: float) -> str:
    """``mm:ss`` for a number of seconds (never negative)."""
    whole = max(0, int(seconds + 0.999))  # 0.2 s left still shows 00:01
    return f"{whole // 60:02d}:{whole % 60:02d}"


def card_column(card: QFrame, spacing: int = 10) -> QVBoxLayout:
    """A card's column, with the margins every sign-in card has."""
    layout = QVBoxLayout(card)
    layout.setContentsMargins(20, 18, 20, 18)
    layout.setSpacing(spacing)
    return layout


def primary_card(parent: QWidget, clicked: SignalInstance) -> tuple[QFrame, QPushButton]:
    """A card with its one primary button (Try again, Open Settings) already wired."""
    card = QFrame(parent)
    card.setObjectName("card")
    button = QPushButton(card)
    button.setObjectName("primaryButton")
    button.setMinimumHeight(40)
    button.clicked.connect(clicked)
    return card, button


def link_warning(refusal: str | None = None, host: str = "") -> str:
    """Why a sign-in link to ``host`` was not opened (see :func:`refusal_reason`), and advice."""
    advice = translate("SignInPage", "Check with your administrator before you visit it.")
    return f"{refusal_reason(refusal, host)} {advice}"


def _label(parent: QWidget, name: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


def _link_parts(card: QWidget) -> tuple[QLabel, QLabel]:
    """The link (selectable, wrapping anywhere) and the warning shown when it is unsafe."""
    link = _label(card, "link")
    link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    link.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    warning = _label(card, "linkWarning")
    warning.hide()
    return link, warning


def _waiting_parts(
    card: QWidget,
) -> tuple[QProgressBar, QLabel, QLabel, QPushButton, QHBoxLayout]:
    """The progress bar, the waiting line, the countdown, Cancel, and the footer row."""
    progress = QProgressBar(card)
    progress.setRange(0, 0)  # indeterminate: we are waiting
    progress.setTextVisible(False)
    progress.setMaximumHeight(6)
    waiting = _label(card)
    countdown = _label(card, "countdown", wrap=False)
    cancel = QPushButton(card)
    footer = QHBoxLayout()
    footer.addWidget(countdown, 1)
    footer.addWidget(cancel)
    return progress, waiting, countdown, cancel, footer


def _show_link(
    link_label: QLabel, warning: QLabel, open_button: QPushButton, link: str, *, openable: bool
) -> None:
    """The link; an unsafe one (not ``openable``) with its warning and no Open button."""
    link_label.setText(link)
    link_label.setAccessibleName(link)
    warning.setVisible(not openable)
    open_button.setVisible(openable)


def _retranslate_link(open_button: QPushButton, warning: QLabel, cancel: QPushButton) -> None:
    """The texts both cards share: Open again, the unsafe link's warning, Cancel."""
    open_button.setText(translate("SignInPage", "&Open the page again"))
    open_button.setAccessibleName(
        translate("SignInPage", "Open the sign-in page in the browser again")
    )
    warning.setText(link_warning())
    cancel.setText(translate("SignInPage", "Cancel"))
    cancel.setAccessibleName(translate("SignInPage", "Cancel sign-in"))


class CodeCard(QFrame):
    """The device code, its link and QR code, and the wait for approval."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = _label(self, "caption")
        self.code_label = _label(self, "userCode", wrap=False)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 2.4)
        mono.setWeight(QFont.Weight.DemiBold)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 110)
        self.code_label.setFont(mono)
        self.code_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.copy_button = QPushButton(self)
        self.link_label, self.link_warning = _link_parts(self)
        # Where the link really goes (as the browser resolves it), and a warning when it
        # leaves the issuer's site: the page fills them in (views/sign_in.py).
        self.link_host_label = _label(self, "linkHost")
        self.link_host_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.site_warning = _label(self, "linkWarning")
        self.site_warning.hide()
        self.open_button = QPushButton(self)
        self.qr = QrView(self)
        self.qr.setFixedSize(184, 184)  # 45 modules x 4 px: whole pixels, crisp
        self.qr_caption = _label(self, "hint")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setFixedWidth(184)
        self.progress, self.waiting_label, self.countdown_label, self.cancel_button, footer = (
            _waiting_parts(self)
        )

        code_row = QHBoxLayout()
        code_row.setSpacing(12)
        code_row.addWidget(self.code_label)
        code_row.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignVCenter)
        code_row.addStretch(1)
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.caption)
        left.addLayout(code_row)
        left.addSpacing(6)
        left.addWidget(self.link_label)
        left.addWidget(self.link_host_label)
        left.addWidget(self.link_warning)
        left.addWidget(self.site_warning)
        left.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        # One fixed block for the code and its caption, so no layout can squeeze them
        # into each other.
        qr_block = QWidget(self)
        qr_block.setFixedSize(190, 236)
        right = QVBoxLayout(qr_block)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addWidget(self.qr_caption, 0, Qt.AlignmentFlag.AlignHCenter)
        right.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(20, 18, 20, 18)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        grid.addLayout(left, 0, 0)
        grid.addWidget(qr_block, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.progress, 1, 0, 1, 2)
        grid.addWidget(self.waiting_label, 2, 0, 1, 2)
        grid.addLayout(footer, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def show_code(self, user_code: str, link: str, *, openable: bool) -> None:
        """The code and the link; without a safe link, no QR code and no Open button."""
        self.code_label.setText(user_code)
        self.code_label.setAccessibleName(
            translate("SignInPage", "Sign-in code %1").replace("%1", user_code)
        )
        _show_link(self.link_label, self.link_warning, self.open_button, link, openable=openable)
        self.qr.setVisible(openable)
        self.qr_caption.setVisible(openable)
        self.qr.set_text(link if openable else "")
        self.qr.setAccessibleDescription(link if openable else "")

    def set_seconds_left(self, seconds: float) -> None:
        """How long the code still works."""
        self.countdown_label.setText(
            translate("SignInPage", "Code expires in %1").replace("%1", format_countdown(seconds))
        )

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.caption.setText(translate("SignInPage", "Check that your browser shows this code:"))
        self.copy_button.setText(translate("SignInPage", "&Copy"))
        self.copy_button.setAccessibleName(translate("SignInPage", "Copy the code"))
        _retranslate_link(self.open_button, self.link_warning, self.cancel_button)
        self.countdown_label.setAccessibleName(translate("SignInPage", "Time left"))
        self.qr.setAccessibleName(translate("SignInPage", "QR code of the sign-in link"))
        self.qr.setToolTip(translate("SignInPage", "Scan to approve on your phone"))
        self.qr_caption.setText(translate("SignInPage", "Or scan with your phone"))
        self.progress.setAccessibleName(translate("SignInPage", "Waiting for approval"))
        self.waiting_label.setText(
            translate("SignInPage", "Waiting for you to approve in the browser…")
        )


class BrowserCard(QFrame):
    """The page the browser was sent to, and the wait for it to come back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.caption = _label(self, "caption")
        self.link_label, self.link_warning = _link_parts(self)
        self.open_button = QPushButton(self)
        self.progress, self.waiting_label, self.countdown, self.cancel_button, footer = (
            _waiting_parts(self)
        )
        layout = card_column(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.link_label)
        layout.addWidget(self.link_warning)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addWidget(self.progress)
        layout.addWidget(self.waiting_label)
        layout.addLayout(footer)

    def show_link(self, link: str, *, openable: bool) -> None:
        """The page the browser was sent to; an unsafe one with a warning, no Open button."""
        _show_link(self.link_label, self.link_warning, self.open_button, link, openable=openable)

    def set_seconds_left(self, seconds: float) -> None:
        """How long the browser still has to come back."""
        self.countdown.setText(
            translate("SignInPage", "Time left: %1").replace("%1", format_countdown(seconds))
        )

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.caption.setText(
            translate("SignInPage", "Finish signing in in your browser. It opened this page:")
        )
        _retranslate_link(self.open_button, self.link_warning, self.cancel_button)
        self.progress.setAccessibleName(translate("SignInPage", "Waiting for the browser"))
        self.waiting_label.setText(
            translate(
                "SignInPage",
                "Waiting for your browser to come back to this app… When the page says "
                "you can close the tab, you are signed in here.",
            )
        )
        self.countdown.setAccessibleName(translate("SignInPage", "Time left"))
