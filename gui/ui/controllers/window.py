"""What the main window shows, and when: resume, sign in, chat, sign out, settings, profiles.

The controller owns the window's pages through their controllers and awaits
the cores (through a :class:`Services` object the composition root hands in),
so every decision about pages lives here and none in the widgets. Each piece
of work is an asyncio task it keeps (a :class:`TaskKeeper`), so closing the
window can cancel all of it at once.

Profiles: the Account menu lists them (:class:`ProfilesController`); picking one
switches without a restart (:meth:`WindowController.switch_profile`): the chat, its
tools panel and the sidebar's history close and open again for the other profile,
with its own sign-in, which the profile list may already have resumed. The dialogs
(Settings, **Add profile…**, About, "Delete all history?") are opened and kept by
:class:`~gui.ui.controllers.window_dialogs.WindowDialogs`; what they decide comes back
here as signals.

May import Qt, the window's views and the sign-in, dialogs and profiles controllers at
once; the chat's controllers and views (and the recorder) after the first paint,
in a daemon thread (:func:`_import_chat_ui`); the cores only for types.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import Coroutine
from dataclasses import KW_ONLY, InitVar, dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from gui.aio import run_blocking
from gui.config import Profile
from gui.errors import AppError, AuthError, ConfigError, NetworkError
from gui.ui.controllers.profiles import ProfilesController
from gui.ui.controllers.services import Services
from gui.ui.controllers.settings import first_run_text
from gui.ui.controllers.sign_in import Opener, SignInController, open_in_browser
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.window_dialogs import WindowDialogs
from gui.ui.views.pages import PlaceholderChatPage
from gui.ui.views.settings import SettingsDialog
from gui.ui.views.window import MainWindow

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.auth.tokens import Identity
    from gui.history.recorder import RecordingSession
    from gui.history.store import HistoryStore
    from gui.ui.controllers.chat import ChatController
    from gui.ui.controllers.history import HistoryController
    from gui.ui.i18n import Translations

log = logging.getLogger(__name__)

CHAT_STOP_TIMEOUT = 1.2  # seconds a chat may take to shut down before it is abandoned


def _import_chat_ui() -> None:
    """Import the chat's controller and page and what they bring up (sidebar, banners)."""
    for name in (
        "gui.history.recorder",
        "gui.ui.controllers.history",
        "gui.ui.views.history",
        "gui.ui.widgets.banner",
        "gui.ui.views.chat",
        "gui.ui.controllers.chat",
    ):
        importlib.import_module(name)


def can_sign_in(profile: Profile) -> bool:
    """True when the profile names a provider and a client."""
    try:
        profile.require_sign_in()
    except ConfigError:
        return False
    return True


@dataclass(eq=False, repr=False)
class WindowController(QObject):
    """Drives the main window; ``chat_shown`` fires when the chat page is up."""

    chat_shown = Signal()
    signed_out = Signal()

    window: MainWindow
    profile: Profile  # the one in use (a switch or Settings replaces it)
    services: Services
    _: KW_ONLY
    opener: InitVar[Opener] = open_in_browser  # how the sign-in opens a link
    translations: Translations | None = None  # applied when Settings changes the language
    config_problem: str = ""  # why the settings file could not be used, for Settings to say
    owner: InitVar[QObject | None] = None

    def __post_init__(self, opener: Opener, owner: QObject | None) -> None:
        super().__init__(owner)
        window = self.window  # wired below to its controllers
        services = self.services
        self.auth: AuthSession | None = None
        self.identity: Identity | None = None
        self.chat_session: RecordingSession | None = None
        self.chat_controller: ChatController | None = None
        self.history: HistoryController | None = None  # the sidebar's, while the chat is up
        self._tasks = TaskKeeper()
        self._closing = False
        self._switching = asyncio.Lock()  # one profile switch at a time, in order
        self.dialogs = WindowDialogs(window, services, parent=self)
        self.dialogs.profile_saved.connect(self._on_settings_profile_saved)
        self.dialogs.profile_added.connect(self._on_add_profile_profile_added)
        self.dialogs.delete_history_confirmed.connect(self._on_dialogs_delete_history_confirmed)
        self.profiles = ProfilesController(window, services, self.profile.name, self)
        self.profiles.switch_requested.connect(self._on_profiles_switch_requested)
        window.add_profile_action.triggered.connect(self._on_add_profile_action_triggered)
        window.add_profile_action.setVisible(not services.demo)  # the demo writes no file
        self.sign_in = SignInController(window.sign_in_page, opener=opener, owner=self)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        window.sign_in_page.set_demo(services.demo)
        window.sign_in_page.settings_clicked.connect(self._on_sign_in_page_settings_clicked)
        window.busy_page.retry_clicked.connect(self._on_busy_page_retry_clicked)
        window.busy_page.sign_in_clicked.connect(self._on_busy_page_sign_in_clicked)
        window.settings_action.triggered.connect(self._on_settings_action_triggered)
        window.sign_out_action.triggered.connect(self._on_sign_out_action_triggered)
        window.language_changed.connect(self._on_window_language_changed)
        if services.demo:
            window.demo_banner.show_message(self._demo_text())

    # -- life cycle ---------------------------------------------------------------------

    async def start(self) -> None:
        """Prepare the profile (demo servers), then resume a remembered sign-in or ask."""
        await self.services.preload()
        if self.services.demo:
            self.window.show_page(self.window.busy_page)
            self.window.busy_page.show_busy(self.tr("Starting the local demo servers…"))
            try:
                self.profile = await self.services.prepare(self.profile)
            except Exception as exc:  # the demo cannot run at all: say why, in place
                log.exception("Demo servers did not start")
                self.window.busy_page.show_problem(
                    self.tr("The demo servers did not start"), str(exc)
                )
                return
        self.spawn(self.profiles.refresh())
        await self._use_profile(self.profile)

    async def shutdown(self) -> None:
        """Stop polling, the chat and the servers; never takes much over a second."""
        self._closing = True
        self.dialogs.close_all()
        self._tasks.cancel_all()
        await self.sign_in.shutdown()
        await self._close_chat()
        await self._tasks.wait(within=0.3)
        if self.auth is not None:
            await self.auth.aclose()
        await self.profiles.aclose()
        await self.services.aclose()

    @property
    def idle(self) -> bool:
        """True when no work the controller started is still running."""
        return self._tasks.idle

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task the controller tracks (cancelled on shutdown)."""
        return self._tasks.spawn(coro)

    # -- profile and resume ---------------------------------------------------------------

    async def _use_profile(self, profile: Profile) -> None:
        self.profile = profile
        self.profiles.set_current(profile.name, None)
        if self.auth is not None:
            await self.auth.aclose()
            self.auth = None
        if not can_sign_in(profile):
            self.sign_in.set_session(None)
            self.window.sign_in_page.show_setup_needed()
            self.window.show_page(self.window.sign_in_page)
            self.open_settings(first_run=True)
            return
        self.auth = self.services.auth_session(profile)
        self.sign_in.set_session(self.auth)
        if self.services.demo:  # "Sign in with 127.0.0.1" would mean nothing to anyone
            self.window.sign_in_page.set_provider(self.tr("the demo provider"))
        await self._resume()

    async def _resume(self) -> None:
        auth = self.auth
        if auth is None:
            return
        self.window.show_page(self.window.busy_page)
        self.window.busy_page.show_busy()
        try:
            identity = await auth.resume()
        except NetworkError as exc:
            self.window.busy_page.show_problem(
                self.tr("Cannot reach the sign-in server"),
                exc.message
                + "\n"
                + self.tr("Your sign-in is kept; try again when you are online."),
            )
            return
        except AuthError as exc:  # expired, revoked: sign in afresh, saying why
            self._show_sign_in(exc.message)
            self._show_store_warning()
            return
        except AppError as exc:
            self.window.busy_page.show_problem(self.tr("Could not sign you in"), exc.message)
            return
        self._show_store_warning()
        if identity is None:
            self._show_sign_in()
            return
        await self._enter_chat(identity)

    def _show_sign_in(self, notice: str = "") -> None:
        self.window.set_user("")
        self.profiles.set_current(self.profile.name, "")
        self.sign_in.cancel(notice)
        self.window.show_page(self.window.sign_in_page)

    def _show_store_warning(self) -> None:
        if self.auth is not None and self.auth.store_warning:
            self.window.notice_banner.show_message(self.auth.store_warning)

    # -- chat ------------------------------------------------------------------------------

    async def _enter_chat(self, identity: Identity) -> None:
        self.identity = identity
        self.window.set_user(identity.display)
        self.profiles.set_current(self.profile.name, identity.display)
        self._show_store_warning()
        assert self.auth is not None
        # Not needed before the first paint, and ~50 ms to import: off the GUI thread.
        await run_blocking(_import_chat_ui)
        try:
            inner = await self.services.chat_session(self.profile, self.auth)
        except AppError as exc:  # e.g. a model setting the chat cannot use
            self.window.notice_banner.show_message(exc.message)
            placeholder = PlaceholderChatPage(self.window)
            self.window.set_chat_page(placeholder)
            self.window.show_page(placeholder)
            self.chat_shown.emit()
            return
        # Imported just now, off the GUI thread (_import_chat_ui).
        from gui.history.recorder import RecordingSession
        from gui.ui.controllers.chat import ChatController
        from gui.ui.views.chat import ChatPage

        session = RecordingSession(inner, await self._open_history())
        # Building the page, its controller, adding the page, building the sidebar and
        # showing the page are each up to a frame's work on the first chat: one per loop
        # turn, painting in between.
        self.chat_session = session
        page = ChatPage()
        if not await self._still_opening(session):
            return
        controller = ChatController(
            page,
            session,
            owner=self,
            list_models=lambda: self.services.list_models(self.profile, self.auth),
            current_model=self.profile.model,
        )
        controller.session_failed.connect(self._on_chat_controller_session_failed)
        controller.model_chosen.connect(self._on_chat_controller_model_chosen)
        controller.enable_step_up(self.sign_in)  # 403 insufficient_scope: sign in again here
        self.chat_controller = controller
        for step in (
            lambda: self.window.set_chat_page(page),
            lambda: self._attach_history(session, controller),
            lambda: self.window.show_page(page),
        ):
            if not await self._still_opening(session):
                return
            step()
        self.chat_shown.emit()
        try:
            await controller.start()
        except AppError as exc:
            self.window.notice_banner.show_message(exc.message)

    async def _still_opening(self, session: RecordingSession) -> bool:
        """Let a loop turn pass (Qt paints); False if the chat was closed meanwhile."""
        await asyncio.sleep(0)
        return self.chat_session is session

    async def _open_history(self) -> HistoryStore | None:
        """The profile's history store; None when it is off or cannot be used (said why)."""
        try:
            return await self.services.history(self.profile)
        except AppError as exc:  # HistoryUnavailable: damaged (moved aside) or locked
            self.window.notice_banner.show_message(exc.message)
            return None

    def _attach_history(self, session: RecordingSession, controller: ChatController) -> None:
        from gui.ui.controllers.history import HistoryController
        from gui.ui.views.history import ConversationListView

        view = ConversationListView()
        history = HistoryController(
            view, session, controller, dialog_parent=self.window, owner=self
        )
        history.problem.connect(self._on_history_problem)
        self.history = history
        self.window.set_sidebar(view)
        self.spawn(history.refresh())

    async def _close_chat(self) -> None:
        controller, session = self.chat_controller, self.chat_session
        self.chat_controller = self.chat_session = None
        history, self.history = self.history, None
        if history is not None:
            self.window.set_sidebar(None)
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(history.aclose(), CHAT_STOP_TIMEOUT)
        if controller is not None:
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(controller.shutdown(), CHAT_STOP_TIMEOUT)
        if session is not None:
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(session.aclose(), CHAT_STOP_TIMEOUT)

    # -- slots -----------------------------------------------------------------------------

    def _on_sign_in_signed_in(self, identity: Identity) -> None:
        self.spawn(self._enter_chat(identity))

    def _on_history_problem(self, message: str) -> None:
        # Not connected to the banner directly: that would build it (a frame's work) unused.
        self.window.notice_banner.show_message(message)

    def _on_chat_controller_session_failed(self, error: object) -> None:
        message = error.message if isinstance(error, AppError) else str(error)
        self.spawn(self._back_to_sign_in(message))

    def _on_chat_controller_model_chosen(self, config_id: str) -> None:
        # Picked in the chat's header: saved and applied as Settings would do it.
        profile = replace(self.profile, model=config_id)
        try:
            self.services.save_profile(profile)
        except (OSError, ConfigError) as exc:
            message = exc.message if isinstance(exc, ConfigError) else str(exc.strerror)
            self.window.notice_banner.show_message(message)
            return
        self._on_settings_profile_saved(profile)

    async def _back_to_sign_in(self, message: str) -> None:
        await self._close_chat()
        self.identity = None
        self._show_sign_in(message)

    def _on_busy_page_retry_clicked(self) -> None:
        self.spawn(self._resume())

    def _on_busy_page_sign_in_clicked(self) -> None:
        self._show_sign_in()

    def _on_sign_out_action_triggered(self) -> None:
        self.spawn(self.sign_out())

    async def sign_out(self) -> None:
        """Close the chat, revoke at the provider, forget the sign-in, show the button."""
        self.window.sign_out_action.setEnabled(False)
        await self._close_chat()
        note = None
        if self.auth is not None:
            outcome = await self.auth.sign_out()
            note = outcome.note
        self.identity = None
        self._show_sign_in(self.tr("You have signed out."))
        if note:
            self.window.statusBar().showMessage(note, 10000)
        self.signed_out.emit()

    def _on_sign_in_page_settings_clicked(self) -> None:
        self.open_settings(first_run=not can_sign_in(self.profile))

    def _on_settings_action_triggered(self) -> None:
        self.open_settings()

    def open_settings(self, *, first_run: bool = False) -> SettingsDialog:
        """Show the settings dialog (window-modal, not blocking the loop)."""
        return self.dialogs.open_settings(
            self.profile,
            intro=self.config_problem or (first_run_text() if first_run else ""),
            list_models=lambda profile, kind: self.services.list_models(
                profile, self.auth, provider=kind
            ),
        )

    def _on_settings_profile_saved(self, profile: Profile) -> None:
        self.config_problem = ""
        self.spawn(self.profiles.refresh())
        old = self.profile
        if self.translations is not None and profile.language != old.language:
            self.translations.apply(profile.language)
        if _without_language(profile) != _without_language(old):
            self.spawn(self._switch_profile(profile))
        else:
            self.profile = profile
            if self.chat_session is not None:  # applies from the next tool call on
                self.chat_session.approvals.mode = profile.approval_mode
            if profile.keeps_history != old.keeps_history:
                self.spawn(self._apply_keep_history())

    async def _apply_keep_history(self) -> None:
        """Keep history switched on or off: the open chat saves (or stops saving) at once."""
        history = self.history
        if history is None:
            return
        old = history.store
        store = await self._open_history() if self.profile.keeps_history else None
        history.set_store(store)
        if old is not None and old is not store:
            await run_blocking(old.close, within=1.0)

    def _on_dialogs_delete_history_confirmed(self) -> None:
        self.spawn(self.delete_history())

    async def delete_history(self) -> int:
        """Delete every saved conversation of the profile (even with Keep history off)."""
        if self.history is not None and self.history.store is not None:
            count = await self.history.delete_all()
            if self.chat_controller is not None:
                await self.chat_controller.new_chat()
        else:
            try:
                store = await self.services.history(replace(self.profile, keep_history="on"))
            except AppError as exc:
                self.window.notice_banner.show_message(exc.message)
                return 0
            try:
                count = await run_blocking(store.delete_all)
            finally:
                await run_blocking(store.close)
        self.window.statusBar().showMessage(
            self.tr("Deleted %n saved conversation(s).", "", count), 10000
        )
        return count

    async def _switch_profile(self, profile: Profile) -> None:
        await self.sign_in.shutdown()
        await self._close_chat()
        self.window.set_user("")
        await self._use_profile(profile)

    # -- profiles ----------------------------------------------------------------------------

    def _on_profiles_switch_requested(self, name: str) -> None:
        self.spawn(self.switch_profile(name))

    async def switch_profile(self, name: str) -> None:
        """Use profile ``name`` from now on: its sign-in, chat, tools and history.

        The session of the profile left is kept by the profile list (the menu still
        says who is signed in there; switching back needs no new refresh).
        """
        async with self._switching:
            if name == self.profile.name or self._closing:
                return
            try:
                profile = await run_blocking(lambda: self.services.load_profile(name))
            except AppError as exc:  # its settings are unusable: stay, and say why
                self.window.notice_banner.show_message(exc.message)
                return
            await self.sign_in.shutdown()
            await self._close_chat()
            self.window.set_user("")
            left, self.auth = self.auth, None
            if left is not None:
                self.profiles.keep(self.profile.name, left)
            self.identity = None
            kept = self.profiles.take(name, profile)
            if kept is None or kept.identity is None:
                await self._use_profile(profile)
                return
            self.profile = profile
            self.auth = kept
            self.sign_in.set_session(kept)
            await self._enter_chat(kept.identity)

    def _on_add_profile_action_triggered(self) -> None:
        self.open_add_profile()

    def open_add_profile(self) -> QDialog:
        """Show the Add profile dialog (window-modal, not blocking the loop)."""
        return self.dialogs.open_add_profile(
            existing=self.profiles.names,
            ca_file=self.profile.ca_file,
        )

    def _on_add_profile_profile_added(self, profile: Profile) -> None:
        self.spawn(self._adopt_new_profile(profile.name))

    async def _adopt_new_profile(self, name: str) -> None:
        await self.profiles.refresh()
        await self.switch_profile(name)

    def _on_window_language_changed(self) -> None:
        # Texts the controller chose (not fixed in a view) are re-chosen here.
        if self.services.demo:
            self.window.demo_banner.show_message(self._demo_text())
            if self.auth is not None:
                self.window.sign_in_page.set_provider(self.tr("the demo provider"))

    def _demo_text(self) -> str:
        # The chat header names the model (and says the router is not one); once is enough.
        return self.tr("Demo mode — local sign-in server and gateway, no cloud account")


def _without_language(profile: Profile) -> Profile:
    """The profile minus what applies without signing in again (language, approval mode,
    Keep history)."""
    return replace(profile, language="", approval_mode="", keep_history="on")
