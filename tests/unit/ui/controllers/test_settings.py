"""gui/ui/controllers/settings.py: validate, save to the real file, or say why not."""

from __future__ import annotations

from pathlib import Path

from gui.config import Profile, load_profile
from gui.ui.controllers.settings import SettingsController
from gui.ui.views.settings import SettingsDialog
from tests.support.qt import delete_now


def fill(dialog: SettingsDialog) -> None:
    dialog.connection.provider.setText("example.us.auth0.com")
    dialog.connection.client_id.setText("abc123")
    dialog.connection.gateway_url.setText("https://gw.example.com/mcp")


def test_good_values_are_saved_and_announced(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    dialog = SettingsDialog()
    try:
        controller = SettingsController(dialog, Profile(scopes="openid custom"), config_path=path)
        saved: list[Profile] = []
        controller.profile_saved.connect(saved.append)
        fill(dialog)
        profile = controller.submit()
        assert profile is not None and saved == [profile] and controller.profile == profile
        assert profile.scopes == "openid custom"  # not in the dialog: kept as it was
        assert load_profile(path, environ={}) == profile
    finally:
        delete_now(dialog)


def test_a_file_that_cannot_be_written_is_said_and_nothing_is_announced(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    dialog = SettingsDialog()
    try:
        controller = SettingsController(
            dialog, Profile(), config_path=blocker / "config.toml"
        )  # even root cannot create a file inside a file
        saved: list[Profile] = []
        controller.profile_saved.connect(saved.append)
        fill(dialog)
        assert controller.submit() is None
        assert dialog.save_error.text().startswith("Could not save the settings: ")
        assert not dialog.save_error.isHidden()
        assert saved == [] and controller.profile == Profile()
    finally:
        delete_now(dialog)


def test_a_bad_value_is_shown_under_its_field_and_clears_on_the_next_try(tmp_path: Path) -> None:
    dialog = SettingsDialog()
    try:
        controller = SettingsController(dialog, Profile(), config_path=tmp_path / "c.toml")
        fill(dialog)
        dialog.connection.gateway_url.setText("http://gw.example.com/mcp")
        assert controller.submit() is None
        assert "GATEWAY_URL" in dialog.error_text("gateway_url")
        dialog.connection.gateway_url.setText("https://gw.example.com/mcp")
        assert controller.submit() is not None
        assert dialog.error_text("gateway_url") == ""
    finally:
        delete_now(dialog)
