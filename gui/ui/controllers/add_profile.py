"""The "Add profile" dialog made to work: look the gateway up, then save the profile.

``AddProfileController`` checks the name and gateway URL, reads what the gateway
publishes about its sign-in (``Services.discover_gateway``: RFC 9728 metadata, the
checks in :mod:`gui.auth.resource_metadata`) and fills in the provider and scopes;
the person adds what is still missing (the client ID, often the audience). Nothing is
saved before the gateway was looked up: either it answered, or the person chose to
enter the details themselves after it did not. Save validates with
:func:`gui.config.validate` (the file's own rules and messages), writes the profile in
a thread and emits ``profile_added(profile)``; the window then switches to it.

May import Qt, the view, gui.aio, gui.config, gui.errors and gui.untrusted; the cores
only for types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from gui.aio import run_blocking
from gui.config import DEFAULT_SCOPES, Profile, check_profile_name, check_url, scopes_with, validate
from gui.errors import AppError, ConfigError
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.wiring import connect_by_name
from gui.ui.views.add_profile import AddProfileDialog
from gui.untrusted import link_host, one_line

if TYPE_CHECKING:
    from gui.auth.resource_metadata import ResourceMetadata

QUOTE_LIMIT = 120

# Which field shows a ConfigError, by the setting name gui.config uses.
FIELD_FOR_SETTING = {
    "profile": "name",
    "AUTH0_DOMAIN": "provider",
    "OIDC_ISSUER": "provider",
    "OIDC_ISSUER or AUTH0_DOMAIN": "provider",
    "AUTH0_CLIENT_ID": "client_id",
    "GATEWAY_URL": "gateway_url",
    "scopes": "scopes",
}


class AddProfileServices(Protocol):
    """What the dialog needs from the composition root (gui/services.py)."""

    async def discover_gateway(self, gateway_url: str, *, ca_file: str = "") -> ResourceMetadata:
        """The gateway's protected resource metadata, checked."""

    def save_profile(self, profile: Profile) -> Path:
        """Write the profile to the settings file (blocking)."""


class AddProfileController(QObject):
    """Looks the gateway up and saves the new profile; ``profile_added(Profile)``."""

    profile_added = Signal(object)

    def __init__(
        self,
        dialog: AddProfileDialog,
        services: AddProfileServices,
        *,
        existing: Collection[str],
        ca_file: str = "",
        parent: QObject | None = None,
    ) -> None:
        """``existing``: the profiles' names (a new one must differ); ``ca_file``: trusted
        when reading the gateway (the current profile's extra CA)."""
        super().__init__(parent)
        self.dialog = dialog
        self.services = services
        self.existing = set(existing)
        self.ca_file = ca_file
        self.found: ResourceMetadata | None = None
        self.looked_up_url = ""  # the gateway URL the details page is for
        self._tasks = TaskKeeper()
        connect_by_name(dialog, self, "dialog")
        dialog.show_gateway_page()

    @property
    def idle(self) -> bool:
        """True when no look-up or save is running."""
        return self._tasks.idle

    # -- look-up ------------------------------------------------------------------------------

    def _check_first_page(self) -> str | None:
        """The gateway URL when the name and URL are acceptable; None (messages shown) if not."""
        dialog = self.dialog
        dialog.clear_errors()
        name = dialog.profile_name()
        try:
            check_profile_name(name)
        except ConfigError as exc:
            dialog.show_field_error("name", exc.problem)
            return None
        if name in self.existing:
            dialog.show_field_error(
                "name", self.tr("There is a profile called %1 already.").replace("%1", name)
            )
            return None
        url = dialog.values()["gateway_url"]
        try:
            return check_url("GATEWAY_URL", url)
        except ConfigError as exc:
            dialog.show_field_error("gateway_url", exc.problem)
            return None

    async def look_up(self) -> bool:
        """Read the gateway's sign-in details; True (details page shown) when found."""
        url = self._check_first_page()
        if url is None:
            return False
        self.dialog.set_busy(self.tr("Reading the gateway's sign-in details…"))
        try:
            found = await self.services.discover_gateway(url, ca_file=self.ca_file)
        except AppError as exc:
            self.dialog.set_busy("")
            self.dialog.show_field_error("gateway_url", exc.message)
            self.dialog.offer_manual(True)
            return False
        self.dialog.set_busy("")
        self.found, self.looked_up_url = found, url
        self.dialog.fill(provider=found.issuer, scopes=scopes_with(found.scopes_supported))
        self.dialog.show_details_page(self._found_text(found))
        return True

    def _found_text(self, found: ResourceMetadata) -> str:
        text = self.tr("%1 trusts the sign-in server %2.").replace(
            "%1", link_host(found.resource) or one_line(found.resource, QUOTE_LIMIT)
        )
        text = text.replace("%2", one_line(found.issuer, QUOTE_LIMIT) or self.tr("(none named)"))
        if found.scopes_supported:
            scopes = one_line(" ".join(found.scopes_supported), QUOTE_LIMIT)
            text += " " + self.tr("It asks for the scopes %1.").replace("%1", scopes)
        return text + " " + self.tr("Still needed: the application's client ID.")

    def enter_manually(self) -> None:
        """The details page, empty: the gateway published nothing usable."""
        url = self._check_first_page()
        if url is None:
            return
        self.found, self.looked_up_url = None, url
        self.dialog.fill(provider="", scopes=DEFAULT_SCOPES)
        self.dialog.show_details_page(
            self.tr("Ask your administrator for the sign-in server and the client ID."),
            focus="provider",
        )

    # -- save ---------------------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """The profile the dialog describes, validated; None (message shown) when not valid."""
        dialog = self.dialog
        dialog.clear_errors()
        raw = dialog.values()
        if raw["gateway_url"] != self.looked_up_url:  # changed behind the details page
            dialog.show_gateway_page()
            dialog.show_field_error("gateway_url", self.tr("Continue to look this gateway up."))
            return None
        try:
            profile = dataclasses.replace(validate(raw), name=dialog.profile_name())
            profile.require_sign_in()
        except ConfigError as exc:
            dialog.show_field_error(FIELD_FOR_SETTING.get(exc.setting, ""), exc.message)
            return None
        return profile

    async def save(self) -> Profile | None:
        """Validate and write the profile; the saved Profile (dialog accepted) or None."""
        profile = self.profile()
        if profile is None:
            return None
        self.dialog.set_busy(self.tr("Saving…"))
        try:
            await run_blocking(lambda: self.services.save_profile(profile))
        except (OSError, ConfigError) as exc:
            message = exc.message if isinstance(exc, ConfigError) else (exc.strerror or str(exc))
            self.dialog.set_busy("")
            self.dialog.show_field_error(
                "", self.tr("Could not save the profile: %1").replace("%1", message)
            )
            return None
        self.dialog.set_busy("")
        self.profile_added.emit(profile)
        self.dialog.accept()
        return profile

    # -- slots --------------------------------------------------------------------------------

    def _on_dialog_continue_clicked(self) -> None:
        if self._tasks.idle:
            self._tasks.spawn(self.look_up())

    def _on_dialog_manual_clicked(self) -> None:
        self.enter_manually()

    def _on_dialog_back_clicked(self) -> None:
        self.dialog.clear_errors()
        self.dialog.show_gateway_page()

    def _on_dialog_save_clicked(self) -> None:
        if self._tasks.idle:
            self._tasks.spawn(self.save())

    def _on_dialog_finished(self, _result: int) -> None:
        self._tasks.cancel_all()


def open_dialog(
    window: QWidget,
    services: AddProfileServices,
    *,
    existing: Collection[str],
    ca_file: str,
    on_added: Callable[[Profile], None],
    on_finished: Callable[[int], None],
) -> AddProfileDialog:
    """Build the dialog and its controller over ``window``, open it, and return it.

    ``on_added`` gets the saved profile; ``on_finished`` the dialog's result, after
    which the dialog deletes itself.
    """
    dialog = AddProfileDialog(window)
    controller = AddProfileController(
        dialog,
        services,
        existing=existing,
        ca_file=ca_file,
        parent=dialog,
    )
    controller.profile_added.connect(on_added)
    dialog.finished.connect(on_finished)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
