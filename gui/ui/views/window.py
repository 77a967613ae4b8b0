"""The main window: menus, banners, and a stack of pages (sign-in, busy, chat).

A view only: it lays out the pages and menus and says what the person did
through its actions and signals (``closed``, ``profile_chosen``,
``account_menu_opened``). ``WindowController`` (gui/ui/controllers/window.py)
decides which page shows, and ``ProfilesController`` what the Account menu's list
of profiles says (:meth:`MainWindow.set_profiles`).

The first frame shows the busy page (gui/ui/views/pages.py: "Signing you in…",
which is what a start shows first anyway); the sign-in page, with its QR code
and panels, and the (hidden) banners are built the first time they are asked
for, which at start is after that frame. Nothing here touches ``Qt`` (the
namespace) before then: its first use builds ~100 Python enums (about 20 ms),
so alignments are set as properties by value.

May import Qt, the pages (views/pages.py) and, when first asked for, the sign-in
page and the banner widget; no core and no controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import AnnouncesLanguage
from gui.ui.views.pages import PLAIN_TEXT, BusyPage

if TYPE_CHECKING:
    from collections.abc import Sequence

    from gui.ui.views.sign_in import SignInPage
    from gui.ui.widgets.banner import BannerView

ALIGN_RIGHT_VCENTER = 0x0082  # Qt::AlignRight | Qt::AlignVCenter, set by value (see above)

_BANNER_ROWS = {"demo": 0, "info": 1}


class MainWindow(AnnouncesLanguage, QMainWindow):
    """Menus File/Account/Help, a demo banner, a notice bar and the page stack.

    ``profile_chosen(name)``: a profile was picked in the Account menu;
    ``account_menu_opened``: the Account menu is about to show (time to say who is
    signed in to each profile).
    """

    closed = Signal()
    language_changed = Signal()
    profile_chosen = Signal(str)
    account_menu_opened = Signal()

    def __init__(self, parent: QWidget | None = None, *, defer_shortcuts: bool = False) -> None:
        """``defer_shortcuts``: the caller runs ``add_shortcuts()`` after the first frame
        (setting a shortcut builds the ``Qt`` enums; see the module docstring)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.resize(960, 680)
        self.setMinimumSize(640, 480)
        self._user = ""
        self._profile_title = ""  # the current profile's name, in the title when set

        self._banners: dict[str, BannerView] = {}
        self._sign_in_page: SignInPage | None = None
        self.busy_page = BusyPage(self)
        self.chat_page: QWidget | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.busy_page)

        central = QWidget(self)
        self._column = QVBoxLayout(central)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        self._column.addWidget(self.stack, 1)
        # The conversation sidebar (set with the chat page) sits left of the pages, in a
        # splitter (see prepare_body): the first frame needs neither (nor Qt's enums,
        # which the first QSplitter builds: ~30 ms).
        self.sidebar: QWidget | None = None
        self.body: QSplitter | None = None
        self.setCentralWidget(central)

        self.settings_action = QAction(self)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = QAction(self)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.user_action = QAction(self)
        self.user_action.setEnabled(False)
        self.sign_out_action = QAction(self)
        self.sign_out_action.setEnabled(False)
        self.add_profile_action = QAction(self)
        self.add_profile_action.setObjectName("addProfile")
        # The profiles, one checkable action each (set_profiles), between these separators.
        self.profile_actions: list[QAction] = []
        self._profile_group: QActionGroup | None = None
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
        self.account_menu.addAction(self.add_profile_action)
        self.account_menu.addSeparator()
        self.account_menu.addAction(self.sign_out_action)
        self.account_menu.aboutToShow.connect(self.account_menu_opened)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

        # Who is signed in, always visible in the menu bar's corner.
        self.user_label = QLabel(self)
        self.user_label.setObjectName("userBadge")
        self.user_label.setProperty("textFormat", PLAIN_TEXT)  # a name from the ID token
        self.user_label.setContentsMargins(8, 0, 12, 0)
        self.user_label.setProperty("alignment", ALIGN_RIGHT_VCENTER)
        corner = QFrame(self)
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        corner_layout.addWidget(self.user_label)
        bar.setCornerWidget(corner)  # the default corner: top right
        self.retranslate()
        if not defer_shortcuts:
            self.add_shortcuts()

    def add_shortcuts(self) -> None:
        """Ctrl+, for the settings and Ctrl+Q everywhere (StandardKey.Quit is empty on Windows)."""
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))

    # -- banners and pages ------------------------------------------------------------------

    @property
    def demo_banner(self) -> BannerView:
        """ "Demo mode — …" across the top (hidden until shown); built on first use."""
        return self._banner("demo", dismissible=False, row=0)

    @property
    def notice_banner(self) -> BannerView:
        """A dismissible notice under the demo banner (hidden until shown)."""
        return self._banner("info", dismissible=True, row=1)

    def _banner(self, kind: str, *, dismissible: bool, row: int) -> BannerView:
        if kind not in self._banners:
            from gui.ui.widgets.banner import BannerView

            banner = BannerView(kind, dismissible=dismissible, parent=self)
            # Its row: after the banners that sort before it (demo first), above the pages.
            above = sum(1 for other in self._banners if _BANNER_ROWS[other] < row)
            self._column.insertWidget(above, banner)
            self._banners[kind] = banner
        return self._banners[kind]

    @property
    def sign_in_page(self) -> SignInPage:
        """The sign-in page, built on first use (not needed for the first frame)."""
        if self._sign_in_page is None:
            from gui.ui.views.sign_in import SignInPage

            self._sign_in_page = SignInPage(self)
            self.stack.addWidget(self._sign_in_page)
        return self._sign_in_page

    def set_chat_page(self, page: QWidget) -> None:
        """Put the chat page into the stack (replacing any earlier one)."""
        if self.chat_page is not None:
            self.stack.removeWidget(self.chat_page)
            self.chat_page.deleteLater()
        self.chat_page = page
        self.stack.addWidget(page)

    def prepare_body(self) -> QSplitter:
        """Build the splitter the sidebar will go in, around the pages (once).

        Cheapest early, while the stack holds few pages: moving the pages into the
        splitter re-polishes every one of them (~20 ms with the chat page in).
        """
        if self.body is None:
            body = QSplitter(self)
            body.setChildrenCollapsible(False)
            row = self._column.indexOf(self.stack)
            self._column.removeWidget(self.stack)
            body.addWidget(self.stack)
            self._column.insertWidget(row, body, 1)
            self.body = body
        return self.body

    def set_sidebar(self, sidebar: QWidget | None) -> None:
        """Put the conversation list left of the pages (None removes it)."""
        if self.sidebar is not None:
            self.sidebar.hide()
            self.sidebar.setParent(None)
            self.sidebar.deleteLater()
        self.sidebar = sidebar
        if sidebar is not None:
            body = self.prepare_body()
            body.insertWidget(0, sidebar)
            body.setStretchFactor(0, 0)
            body.setStretchFactor(1, 1)
            body.setSizes([230, max(self.width() - 230, 400)])
            sidebar.setVisible(self.stack.currentWidget() is self.chat_page)

    def show_page(self, page: QWidget) -> None:
        """Make ``page`` the visible one (the sidebar shows with the chat page only)."""
        self.stack.setCurrentWidget(page)
        if self.sidebar is not None:
            self.sidebar.setVisible(page is self.chat_page)

    def current_page(self) -> QWidget:
        """The visible page."""
        return self.stack.currentWidget()

    # -- account ----------------------------------------------------------------------------

    def set_user(self, display: str) -> None:
        """Show who is signed in ("" when nobody is)."""
        from gui.untrusted import one_line  # after the first frame: set_user follows a sign-in

        self._user = one_line(display, 80)  # from the provider's ID token: untrusted
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
        corner = self.menuBar().cornerWidget()  # top right
        if corner is not None:
            corner.adjustSize()
            self.menuBar().setCornerWidget(corner)

    # -- profiles ---------------------------------------------------------------------------

    def set_profiles(self, rows: Sequence[tuple[str, str]], current: str) -> None:
        """List the profiles in the Account menu: (name, text shown) each; ``current`` checked.

        The texts are the controller's (who is signed in); shown as they are, no mnemonic.
        """
        names = [name for name, _ in rows]
        if names != [str(action.data()) for action in self.profile_actions]:
            for action in self.profile_actions:
                self.account_menu.removeAction(action)
                action.deleteLater()
            group = QActionGroup(self)
            group.setExclusive(True)
            self.profile_actions = []
            for name in names:
                action = QAction(self)
                action.setCheckable(True)
                action.setData(name)
                action.setObjectName(f"profile:{name}")
                action.triggered.connect(lambda _checked=False, n=name: self._on_profile_action(n))
                group.addAction(action)
                self.account_menu.insertAction(self.add_profile_action, action)
                self.profile_actions.append(action)
            self._profile_group = group
        for action, (name, text) in zip(self.profile_actions, rows, strict=True):
            action.setText(text.replace("&", "&&"))  # a name or e-mail is not a mnemonic
            action.setChecked(name == current)

    def profile_action(self, name: str) -> QAction | None:
        """The Account menu's action for profile ``name`` (None when not listed)."""
        return next((a for a in self.profile_actions if a.data() == name), None)

    def set_profile_title(self, name: str) -> None:
        """Name the current profile in the title ("" for none: one profile only)."""
        from gui.untrusted import one_line

        self._profile_title = one_line(name, 40)
        self._show_title()

    def _show_title(self) -> None:
        title = self.tr("AgentCore Chat")
        if self._profile_title:
            title = f"{title} — {self._profile_title}"
        self.setWindowTitle(title)

    def _on_profile_action(self, name: str) -> None:
        self.profile_chosen.emit(name)

    # -- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self._show_title()
        self.file_menu.setTitle(self.tr("&File"))
        self.account_menu.setTitle(self.tr("&Account"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.sign_out_action.setText(self.tr("Sign &out"))
        self.add_profile_action.setText(self.tr("Add &profile…"))
        self.about_action.setText(self.tr("&About AgentCore Chat"))
        self.stack.setAccessibleName(self.tr("Pages"))
        self._show_user()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        self.closed.emit()
