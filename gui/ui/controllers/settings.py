"""The settings dialog made to work: :class:`SettingsController` validates, saves and
tells the window.

It validates what :class:`~gui.ui.views.settings.SettingsDialog` holds with
:func:`gui.config.validate` — the very same rules and messages as the config file —
shows a bad value next to its field, saves through ``save`` (the window's services, which
know the settings file; without it :func:`gui.config.writing.save_profile`) and emits
``profile_saved`` so the window can apply the new profile without a restart.
It edits the window's current profile (named in the dialog's title when it is not
``default``): the values are saved to that profile's place in the file, and the
language, which every profile shares, to the top. Nothing is saved while any value
is bad. Tools revoked in the dialog leave the profile's "always allow" answers for
its gateway when Save succeeds. It lists the models this person can use (a lister
the window hands in: ``AppServices.list_models``) in a task it keeps, so the listing
runs off the GUI thread; picking one fills the provider and model name, and Save
remembers it as the ``model`` setting.

May import Qt, the settings view, gui.config, gui.errors and the controllers' TaskKeeper;
the approval core and the model catalogue only for types.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import KW_ONLY, InitVar
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialogButtonBox

from gui.config import Profile, validate
from gui.config.writing import save_profile
from gui.errors import AppError, ConfigError
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.views.settings import SettingsDialog

if TYPE_CHECKING:
    from gui.agent.approval import RememberedTools
    from gui.agent.model_catalog import ModelEntry

    #: Lists the models of a provider (the second argument) for these settings.
    ModelLister = Callable[[Profile, str], Awaitable[Sequence[ModelEntry]]]

# The settings a listing of models depends on (besides the provider).
LISTING_SETTINGS = ("openai_base_url", "anthropic_base_url", "aws_role_arn")

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
    "ANTHROPIC_BASE_URL": "anthropic_base_url",
    "anthropic_base_url": "anthropic_base_url",
    "AGENTCORE_AWS_ROLE_ARN": "aws_role_arn",
    "aws_role_arn": "aws_role_arn",
    "model_retry_seconds": "model_retry_seconds",
    "MODEL_RETRY_SECONDS": "model_retry_seconds",
    "tool_search_threshold": "tool_search_threshold",
    "TOOL_SEARCH_THRESHOLD": "tool_search_threshold",
    "language": "language",
    "approval_mode": "approval_mode",
    "scopes": "provider",
    "ca_file": "ca_file",
    "keep_history": "keep_history",
}


@dataclasses.dataclass(eq=False, repr=False)
class SettingsController(QObject):
    """Validates and saves what the dialog holds; ``profile_saved`` carries the new Profile."""

    profile_saved = Signal(object)

    dialog: SettingsDialog
    profile: Profile  # the one shown; then the one saved
    _: KW_ONLY
    config_path: Path | None = None  # where the profile is written without ``save``
    save: Callable[[Profile], Path] | None = None  # how it is written (the window's services)
    #: The gateway's "always allow" answers (``load()``/``remove()``).
    remembered: RememberedTools | None = None
    #: How to list the models this person can use; the dialog lists them when it opens,
    #: when the provider changes and on Refresh (without it, no list).
    list_models: ModelLister | None = None
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self._tasks = TaskKeeper()  # the listing of models
        self._listing: asyncio.Task[None] | None = None
        dialog = self.dialog
        dialog.load(self.profile)
        dialog.set_profile_name("" if self.profile.is_default else self.profile.name)
        try:
            always = self.remembered.load() if self.remembered is not None else set()
        except (OSError, ConfigError):
            always = set()  # an unreadable file: the form itself says what is wrong
        dialog.set_always_allowed(always)
        save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setDefault(True)
        save_button.clicked.connect(self._on_save_button_clicked)
        dialog.set_models_available(self.list_models is not None)
        if self.list_models is not None:
            dialog.model_kind.currentIndexChanged.connect(self._on_model_kind_changed)
            dialog.models_refresh.clicked.connect(self._on_models_refresh_clicked)
            dialog.model_list.activated.connect(self._on_model_list_activated)
            dialog.finished.connect(self._on_dialog_finished)
            self.refresh_models()

    # -- the models this person can use ---------------------------------------------------

    def refresh_models(self) -> asyncio.Task[None] | None:
        """List the chosen provider's models, off the GUI thread; the task (None: not listed).

        The listing uses the base URLs and the role typed so far; a bad one is said
        in the list's own line, as the config file would say it.
        """
        if self.list_models is None:
            return None
        if self._listing is not None and not self._listing.done():
            self._listing.cancel()
        values = self.dialog.values()
        kind = self.dialog.chosen_kind
        try:
            raw = {key: values.get(key, "") for key in LISTING_SETTINGS}
            profile = validate({**raw, "model": self.profile.model})
        except ConfigError as exc:
            self.dialog.set_models([], "")
            self.dialog.show_models_status(exc.message, error=True)
            return None
        self.dialog.models_refresh.setEnabled(False)
        self.dialog.show_models_status(self.tr("Listing the models you can use…"))
        self._listing = self._tasks.spawn(self._list(self.list_models, profile, kind))
        return self._listing

    async def _list(self, lister: ModelLister, profile: Profile, kind: str) -> None:
        dialog = self.dialog
        try:
            entries = list(await lister(profile, kind))
        except AppError as exc:
            dialog.set_models([], "")
            dialog.show_models_status(exc.message, error=True)
            return
        finally:
            if self._listing is asyncio.current_task():
                dialog.models_refresh.setEnabled(True)
        current = self._typed_model()
        dialog.set_models([(e.config_id, e.name) for e in entries], current)
        if entries:
            dialog.show_models_status(self.tr("%n model(s) you can use", "", len(entries)))
        else:
            dialog.show_models_status(self.tr("No models found; type a model name."))

    def _typed_model(self) -> str:
        kind = self.dialog.chosen_kind
        name = self.dialog.model_name.text().strip()
        return "offline" if kind == "offline" else f"{kind}:{name}"

    def _on_model_kind_changed(self, _index: int) -> None:
        self.refresh_models()

    def _on_models_refresh_clicked(self) -> None:
        self.refresh_models()

    def _on_model_list_activated(self, index: int) -> None:
        config_id = self.dialog.model_list.itemData(index)
        if isinstance(config_id, str) and config_id:
            self.dialog.choose_model(config_id)

    def _on_dialog_finished(self, _result: int) -> None:
        self._tasks.cancel_all()

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
            if self.save is not None:
                self.save(profile)
            else:
                save_profile(profile, self.config_path)
            for tool in self.dialog.revoked():
                if self.remembered is not None:
                    self.remembered.remove(tool)
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
