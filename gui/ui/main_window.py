"""The main window: menus, banners, and a stack of pages (sign-in, busy, chat).

A view only: it lays out the pages and menus and says what the person did
through its actions and the ``closed`` signal. ``WindowController``
(gui/ui/window_controller.py) decides which page shows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ui.sign_in import SignInPage
from gui.ui.widgets.banner import BannerView


class BusyPage(QWidget):
    """ "Signing you in…" while a remembered sign-in is resumed; an error with Retry if not."""

    retry_clicked = Signal()
    sign_in_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busyPage")
        self._status = ""
        self.label = QLabel(self)
        self.label.setObjectName("pageTitle")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setFixedWidth(280)
        self.message = QLabel(self)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        # Centred by stretches, not by an alignment flag: with one, the layout gives the
        # label its size hint and ignores heightForWidth, so a long message was cut off.
        message_row = QHBoxLayout()
        message_row.addStretch(1)
        message_row.addWidget(self.message, 100)
        message_row.addStretch(1)
        layout.addLayout(message_row)
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class PlaceholderChatPage(QWidget):
    """Stands in for the chat page when the chat cannot start (the notice bar says why)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderChatPage")
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.retranslate()

    def retranslate(self) -> None:
        """Re-set the text in the current language."""
        self.label.setText(
            self.tr("You are signed in, but the chat could not start: the notice above says why.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """Menus File/Account/Help, a demo banner, a notice bar and the page stack."""

    closed = Signal()
    language_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(960, 680)
        self.setMinimumSize(640, 480)
        self._user = ""

        self.demo_banner = BannerView("demo", dismissible=False, parent=self)
        self.notice_banner = BannerView("info", dismissible=True, parent=self)
        self.sign_in_page = SignInPage(self)
        self.busy_page = BusyPage(self)
        self.chat_page: QWidget | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.sign_in_page)
        self.stack.addWidget(self.busy_page)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.notice_banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.settings_action = QAction(self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = QAction(self)
        # Ctrl+Q everywhere (StandardKey.Quit is empty on Windows).
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.user_action = QAction(self)
        self.user_action.setEnabled(False)
        self.sign_out_action = QAction(self)
        self.sign_out_action.setEnabled(False)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.account_menu = bar.addMenu("")
        self.account_menu.addAction(self.user_action)
        self.account_menu.addSeparator()
        self.account_menu.addAction(self.sign_out_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

        # Who is signed in, always visible in the menu bar's corner.
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userBadge")
        self.user_label.setContentsMargins(8, 0, 12, 0)
        self.user_label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        corner = QFrame(self)
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        corner_layout.addWidget(self.user_label)
        bar.setCornerWidget(corner, Qt.Corner.TopRightCorner)
        self.retranslate()

    # -- pages ------------------------------------------------------------------------------

    def set_chat_page(self, page: QWidget) -> None:
        """Put the chat page into the stack (replacing any earlier one)."""
        if self.chat_page is not None:
            self.stack.removeWidget(self.chat_page)
            self.chat_page.deleteLater()
        self.chat_page = page
        self.stack.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        """Make ``page`` the visible one."""
        self.stack.setCurrentWidget(page)

    def current_page(self) -> QWidget:
        """The visible page."""
        return self.stack.currentWidget()

    # -- account ----------------------------------------------------------------------------

    def set_user(self, display: str) -> None:
        """Show who is signed in ("" when nobody is)."""
        self._user = display
        self.sign_out_action.setEnabled(bool(display))
        self._show_user()

    def _show_user(self) -> None:
        if self._user:
            self.user_label.setText(self.tr("Signed in as %1").replace("%1", self._user))
            self.user_action.setText(self._user)
        else:
            self.user_label.setText(self.tr("Not signed in"))
            self.user_action.setText(self.tr("Not signed in"))
        self.user_label.setAccessibleName(self.user_label.text())
        # The menu bar sizes its corner widget only when it is set: set it again.
        corner = self.menuBar().cornerWidget(Qt.Corner.TopRightCorner)
        if corner is not None:
            corner.adjustSize()
            self.menuBar().setCornerWidget(corner, Qt.Corner.TopRightCorner)

    # -- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.setWindowTitle(self.tr("AgentCore Chat"))
        self.file_menu.setTitle(self.tr("&File"))
        self.account_menu.setTitle(self.tr("&Account"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.about_action.setText(self.tr("&About AgentCore Chat"))
        self.stack.setAccessibleName(self.tr("Pages"))
        self._show_user()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.language_changed.emit()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        self.closed.emit()
