"""The main window's dialogs: Settings, Add profile, About and "Delete all history?".

Each is window-modal and opened with ``open()``, never a nested event loop. This
controller keeps the one open of each kind (asked again, it is raised, not opened
twice), forgets it when it closes, and reports what the person decided as signals:
``profile_saved`` (Settings), ``profile_added`` (Add profile) and
``delete_history_confirmed``. What follows (applying a profile, switching, deleting)
is :class:`~gui.ui.controllers.window.WindowController`'s.

Their texts stay in the ``WindowController`` translation context, where the .ts file
has them (``translate("WindowController", ...)``, which lupdate reads).

May import Qt, the settings view and controller, the confirm question, the window view
and gui.config; the Add profile controller when it is first opened.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QDialog, QMessageBox

from gui.config import Profile
from gui.ui.controllers.settings import SettingsController
from gui.ui.views.confirm import ask
from gui.ui.views.settings import SettingsDialog
from gui.ui.views.window import MainWindow

if TYPE_CHECKING:
    from gui.ui.controllers.services import Services

translate = QCoreApplication.translate

ListModels = Callable[[Profile, str], Awaitable[Any]]


class WindowDialogs(QObject):
    """Opens the window's dialogs and says what came of them."""

    profile_saved = Signal(object)  # Profile: Settings saved it
    profile_added = Signal(object)  # Profile: Add profile wrote it
    delete_history_confirmed = Signal()

    def __init__(self, window: MainWindow, services: Services, parent: QObject | None = None):
        super().__init__(parent)
        self.window = window
        self.services = services
        self.settings: SettingsDialog | None = None
        self.delete_history: QMessageBox | None = None  # "Delete all history?" while open
        self.add_profile: QDialog | None = None
        window.about_action.triggered.connect(self._on_about_action_triggered)

    def close_all(self) -> None:
        """Reject the open dialogs (the window is closing)."""
        for dialog in (self.settings, self.add_profile):
            if dialog is not None:
                dialog.reject()

    # -- Settings ----------------------------------------------------------------------------

    def open_settings(
        self, profile: Profile, *, intro: str, list_models: ListModels
    ) -> SettingsDialog:
        """Show the settings of ``profile`` with ``intro`` above them, or raise the open one."""
        if self.settings is not None:
            self.settings.raise_()
            return self.settings
        dialog = SettingsDialog(self.window)
        controller = SettingsController(
            dialog,
            profile,
            save=self.services.save_profile,
            remembered=self.services.remembered(profile),
            list_models=list_models,
            owner=dialog,
        )
        dialog.set_intro(intro)
        controller.profile_saved.connect(self.profile_saved)
        dialog.delete_history_requested.connect(self._on_settings_delete_history_requested)
        dialog.finished.connect(self._on_settings_finished)
        self.settings = dialog
        dialog.open()
        return dialog

    def _on_settings_finished(self, _result: int) -> None:
        if self.settings is not None:
            self.settings.deleteLater()
        self.settings = None

    def _on_settings_delete_history_requested(self) -> None:
        def answered(yes: bool) -> None:
            self.delete_history = None
            if yes:
                self.delete_history_confirmed.emit()

        self.delete_history = ask(
            self.settings or self.window,
            icon=QMessageBox.Icon.Warning,
            title=translate("WindowController", "Delete all history"),
            question=translate(
                "WindowController", "Delete every saved conversation of this account?"
            ),
            detail=translate(
                "WindowController", "They are removed from this computer; this cannot be undone."
            ),
            yes=translate("WindowController", "Delete all"),
            answered=answered,
        )

    # -- Add profile -------------------------------------------------------------------------

    def open_add_profile(self, *, existing: Collection[str], ca_file: str) -> QDialog:
        """Show the Add profile dialog, or raise the open one."""
        if self.add_profile is None:
            from gui.ui.controllers.add_profile import open_dialog

            self.add_profile = open_dialog(
                self.window,
                self.services,
                existing=existing,
                ca_file=ca_file,
                on_added=self.profile_added.emit,
                on_finished=self._on_add_profile_finished,
            )
        self.add_profile.raise_()
        return self.add_profile

    def _on_add_profile_finished(self, _result: int) -> None:
        self.add_profile = None

    # -- About -------------------------------------------------------------------------------

    def _on_about_action_triggered(self) -> None:
        box = QMessageBox(self.window)
        box.setWindowTitle(translate("WindowController", "About AgentCore Chat"))
        box.setIconPixmap(self.window.windowIcon().pixmap(64, 64))
        box.setText(translate("WindowController", "<b>AgentCore Chat</b> 0.1.0"))
        box.setInformativeText(
            translate(
                "WindowController",
                "Ask questions; an agent answers with your company's tools behind an "
                "Amazon Bedrock AgentCore Gateway, using your own sign-in.",
            )
        )
        box.open()
