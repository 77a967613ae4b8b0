"""What the main window shows, and when: resume, sign in, chat, sign out, settings.

The controller owns the window's pages through their controllers and awaits
the cores (through a :class:`Services` object the composition root hands in),
so every decision about pages lives here and none in the widgets. Each piece
of work is an asyncio task it keeps, so closing the window can cancel all of
it at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from gui.config import Profile
from gui.errors import AppError, AuthError, ConfigError, NetworkError
from gui.ui.main_window import MainWindow, PlaceholderChatPage
from gui.ui.settings import SettingsController, SettingsDialog, first_run_text
from gui.ui.sign_in_controller import Opener, SignInController, open_in_browser

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.auth.tokens import Identity
    from gui.ui.i18n import Translations

log = logging.getLogger(__name__)

CHAT_STOP_TIMEOUT = 1.2  # seconds a chat may take to shut down before it is abandoned


class Services(Protocol):
    """What the window needs from the composition root (gui/app.py)."""

    demo: bool

    async def preload(self) -> None:
        """Import the sign-in core off the GUI thread (it takes ~200 ms)."""

    async def prepare(self, profile: Profile) -> Profile:
        """The profile to use (demo: start the local servers and use theirs)."""

    def auth_session(self, profile: Profile) -> AuthSession:
        """A new sign-in session for the profile."""

    async def chat_session(self, profile: Profile, auth: AuthSession) -> Any:
        """A new ChatSession (loads the chat core, which is heavy, off the GUI thread)."""

    def save_profile(self, profile: Profile, path: Path | None) -> Path:
        """Write the settings (demo mode writes nothing)."""

    def remembered(self, profile: Profile) -> Any:
        """The "always allow" answers for the profile's gateway (``load``/``add``/``remove``)."""

    async def aclose(self) -> None:
        """Stop what ``prepare`` started."""


def can_sign_in(profile: Profile) -> bool:
    """True when the profile names a provider and a client."""
    try:
        profile.require_sign_in()
    except ConfigError:
        return False
    return True


class WindowController(QObject):
    """Drives the main window; ``chat_shown`` fires when the chat page is up."""

    chat_shown = Signal()
    signed_out = Signal()

    def __init__(
        self,
        window: MainWindow,
        profile: Profile,
        services: Services,
        *,
        opener: Opener = open_in_browser,
        translations: Translations | None = None,
        config_path: Path | None = None,
        config_problem: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.profile = profile
        self.services = services
        self.translations = translations
        self.config_path = config_path
        self.config_problem = config_problem
        self.auth: AuthSession | None = None
        self.identity: Identity | None = None
        self.chat_session: Any = None
        self.chat_controller: Any = None
        self.settings_dialog: SettingsDialog | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing = False
        self.sign_in = SignInController(window.sign_in_page, opener=opener, parent=self)
        self.sign_in.signed_in.connect(self._on_sign_in_signed_in)
        window.sign_in_page.set_demo(services.demo)
        window.sign_in_page.settings_clicked.connect(self._on_sign_in_page_settings_clicked)
        window.busy_page.retry_clicked.connect(self._on_busy_page_retry_clicked)
        window.busy_page.sign_in_clicked.connect(self._on_busy_page_sign_in_clicked)
        window.settings_action.triggered.connect(self._on_settings_action_triggered)
        window.sign_out_action.triggered.connect(self._on_sign_out_action_triggered)
        window.about_action.triggered.connect(self._on_about_action_triggered)
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
        await self._use_profile(self.profile)

    async def shutdown(self) -> None:
        """Stop polling, the chat and the servers; never takes much over a second."""
        self._closing = True
        if self.settings_dialog is not None:
            self.settings_dialog.reject()
        for task in list(self._tasks):
            task.cancel()
        await self.sign_in.shutdown()
        await self._close_chat()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=0.3)
        if self.auth is not None:
            await self.auth.aclose()
        await self.services.aclose()

    @property
    def idle(self) -> bool:
        """True when no work the controller started is still running."""
        return all(task.done() for task in self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task the controller tracks (cancelled on shutdown)."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._on_task_done)
        return task

    def _on_task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    # -- profile and resume ---------------------------------------------------------------

    async def _use_profile(self, profile: Profile) -> None:
        self.profile = profile
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
        self.sign_in.cancel(notice)
        self.window.show_page(self.window.sign_in_page)

    def _show_store_warning(self) -> None:
        if self.auth is not None and self.auth.store_warning:
            self.window.notice_banner.show_message(self.auth.store_warning)

    # -- chat ------------------------------------------------------------------------------

    async def _enter_chat(self, identity: Identity) -> None:
        self.identity = identity
        self.window.set_user(identity.display)
        self._show_store_warning()
        assert self.auth is not None
        chat_ui = importlib.import_module("gui.ui.chat")  # not needed before the first paint
        try:
            session = await self.services.chat_session(self.profile, self.auth)
        except AppError as exc:  # e.g. a model setting the chat cannot use
            self.window.notice_banner.show_message(exc.message)
            placeholder = PlaceholderChatPage(self.window)
            self.window.set_chat_page(placeholder)
            self.window.show_page(placeholder)
            self.chat_shown.emit()
            return
        page = chat_ui.ChatPage()
        controller = chat_ui.ChatController(page, session, parent=self)
        controller.session_failed.connect(self._on_chat_controller_session_failed)
        self.chat_session, self.chat_controller = session, controller
        self.window.set_chat_page(page)
        self.window.show_page(page)
        self.chat_shown.emit()
        try:
            await controller.start()
        except AppError as exc:
            self.window.notice_banner.show_message(exc.message)

    async def _close_chat(self) -> None:
        controller, session = self.chat_controller, self.chat_session
        self.chat_controller = self.chat_session = None
        if controller is not None:
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(controller.shutdown(), CHAT_STOP_TIMEOUT)
        if session is not None:
            with contextlib.suppress(Exception, asyncio.TimeoutError):
                await asyncio.wait_for(session.aclose(), CHAT_STOP_TIMEOUT)

    # -- slots -----------------------------------------------------------------------------

    def _on_sign_in_signed_in(self, identity: Identity) -> None:
        self.spawn(self._enter_chat(identity))

    def _on_chat_controller_session_failed(self, error: object) -> None:
        message = error.message if isinstance(error, AppError) else str(error)
        self.spawn(self._back_to_sign_in(message))

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
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            return self.settings_dialog
        dialog = SettingsDialog(self.window)
        controller = SettingsController(
            dialog,
            self.profile,
            config_path=self.config_path,
            save=self.services.save_profile,
            remembered=self.services.remembered(self.profile),
            parent=dialog,
        )
        intro = self.config_problem or (first_run_text() if first_run else "")
        dialog.set_intro(intro)
        controller.profile_saved.connect(self._on_settings_profile_saved)
        dialog.finished.connect(self._on_settings_dialog_finished)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _on_settings_dialog_finished(self, _result: int) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = None

    def _on_settings_profile_saved(self, profile: Profile) -> None:
        self.config_problem = ""
        old = self.profile
        if self.translations is not None and profile.language != old.language:
            self.translations.apply(profile.language)
        if _without_language(profile) != _without_language(old):
            self.spawn(self._switch_profile(profile))
        else:
            self.profile = profile
            if self.chat_session is not None:  # applies from the next tool call on
                self.chat_session.approvals.mode = profile.approval_mode

    async def _switch_profile(self, profile: Profile) -> None:
        await self.sign_in.shutdown()
        await self._close_chat()
        self.window.set_user("")
        await self._use_profile(profile)

    def _on_window_language_changed(self) -> None:
        # Texts the controller chose (not fixed in a view) are re-chosen here.
        if self.services.demo:
            self.window.demo_banner.show_message(self._demo_text())
            if self.auth is not None:
                self.window.sign_in_page.set_provider(self.tr("the demo provider"))

    def _on_about_action_triggered(self) -> None:
        box = QMessageBox(self.window)
        box.setWindowTitle(self.tr("About AgentCore Chat"))
        box.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        box.setText(self.tr("<b>AgentCore Chat</b> 0.1.0"))
        box.setInformativeText(
            self.tr(
                "Ask questions; an agent answers with your company's tools behind an "
                "Amazon Bedrock AgentCore Gateway, using your own sign-in."
            )
        )
        box.open()

    def _demo_text(self) -> str:
        # The chat header names the model (and says the router is not one); once is enough.
        return self.tr("Demo mode — local sign-in server and gateway, no cloud account")


def _without_language(profile: Profile) -> Profile:
    """The profile minus what applies without signing in again (language, approval mode)."""
    from dataclasses import replace

    return replace(profile, language="", approval_mode="")
