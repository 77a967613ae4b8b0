"""The settings dialog made to work: :class:`SettingsController` validates, saves and
tells the window.

It validates what :class:`~gui.ui.views.settings.SettingsDialog` holds with
:func:`gui.config.validate` — the very same rules and messages as the config file —
shows a bad value next to its field, saves with :func:`gui.config.writing.save_profile` and
emits ``profile_saved`` so the window can apply the new profile without a restart.
It edits the window's current profile (named in the dialog's title when it is not
``default``): the values are saved to that profile's place in the file, and the
language, which every profile shares, to the top. Nothing is saved while any value
is bad. Tools revoked in the dialog leave the profile's "always allow" answers for
its gateway when Save succeeds.

May import Qt, the settings view, gui.config and gui.errors; the approval core only
for types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialogButtonBox

from gui.config import Profile, validate
from gui.config.writing import save_profile
from gui.errors import ConfigError
from gui.ui.views.settings import SettingsDialog

if TYPE_CHECKING:
    from gui.agent.approval import RememberedTools

# Which field shows a ConfigError, by the setting name the config module uses.
FIELD_FOR_SETTING = {
    "AUTH0_DOMAIN": "provider",
    "OIDC_ISSUER": "provider",
    "OIDC_ISSUER or AUTH0_DOMAIN": "provider",
    "issuer": "provider",
    "auth0_domain": "provider",
    "AUTH0_CLIENT_ID": "client_id",
    "client_id": "client_id",
    "audience": "audience",
    "GATEWAY_URL": "gateway_url",
    "AGENT_MODEL": "model",
    "model": "model",
    "OPENAI_BASE_URL": "openai_base_url",
    "language": "language",
    "approval_mode": "approval_mode",
    "scopes": "provider",
    "ca_file": "ca_file",
    "keep_history": "keep_history",
}


class SettingsController(QObject):
    """Validates and saves what the dialog holds; ``profile_saved`` carries the new Profile."""

    profile_saved = Signal(object)

    def __init__(
        self,
        dialog: SettingsDialog,
        profile: Profile,
        *,
        config_path: Path | None = None,
        save: Callable[[Profile, Path | None], Path] = save_profile,
        remembered: RememberedTools | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``remembered``: the gateway's "always allow" answers (``load()``/``remove()``)."""
        super().__init__(parent)
        self.dialog = dialog
        self.profile = profile
        self._config_path = config_path
        self._save = save
        self._remembered = remembered
        dialog.load(profile)
        dialog.set_profile_name("" if profile.is_default else profile.name)
        try:
            always = remembered.load() if remembered is not None else set()
        except (OSError, ConfigError):
            always = set()  # an unreadable file: the form itself says what is wrong
        dialog.set_always_allowed(always)
        save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setDefault(True)
        save_button.clicked.connect(self._on_save_button_clicked)

    def submit(self) -> Profile | None:
        """Validate and save; the saved Profile, or None (messages shown) when a value is bad."""
        self.dialog.clear_errors()
        raw = dict(self.dialog.values())
        raw["scopes"] = self.profile.scopes  # not edited here; kept as it is
        try:
            profile = dataclasses.replace(validate(raw), name=self.profile.name)
        except ConfigError as exc:
            self.dialog.show_field_error(FIELD_FOR_SETTING.get(exc.setting, ""), exc.message)
            return None
        try:
            self._save(profile, self._config_path)
            for tool in self.dialog.revoked():
                if self._remembered is not None:
                    self._remembered.remove(tool)
        except OSError as exc:
            self.dialog.show_field_error(
                "", self.tr("Could not save the settings: %1").replace("%1", exc.strerror or "")
            )
            return None
        except ConfigError as exc:  # the file became unreadable: do not overwrite it
            self.dialog.show_field_error("", exc.message)
            return None
        self.profile = profile
        self.profile_saved.emit(profile)
        return profile

    def _on_save_button_clicked(self) -> None:
        if self.submit() is not None:
            self.dialog.accept()


def first_run_text() -> str:
    """The explanation shown when the app cannot sign in yet."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "SettingsDialog",
        "Welcome! To sign you in, AgentCore Chat needs your organisation's sign-in "
        "provider (an Auth0 domain such as example.us.auth0.com, or an OpenID Connect "
        "issuer URL), the application's client ID and the AgentCore Gateway URL. "
        "Your administrator can give you these.",
    )
