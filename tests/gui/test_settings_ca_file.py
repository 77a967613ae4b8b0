"""The extra CA file in the Settings dialog: checked like the config file, saved, picked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from gui.config import Profile, load_profile
from gui.ui.controllers.settings import SettingsController
from gui.ui.views.settings import SettingsDialog
from tests.support.tls import LocalCA

pytestmark = pytest.mark.gui

BASE = Profile(issuer="https://idp.example.com/", client_id="abc123")


def _dialog(qtbot, path: Path, profile: Profile = BASE):
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    controller = SettingsController(dialog, profile, config_path=path, owner=dialog)
    saved: list[Profile] = []
    controller.profile_saved.connect(saved.append)
    dialog.show()
    return dialog, saved


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_missing_ca_file_is_shown_next_to_its_field_and_nothing_is_saved(qtbot, tmp_path):
    path = tmp_path / "config.toml"
    dialog, saved = _dialog(qtbot, path)
    missing = tmp_path / "corp-ca.pem"
    dialog.ca_file.setText(str(missing))
    _save(qtbot, dialog)
    assert dialog.error_text("ca_file") == f"ca_file: '{missing}' does not exist"
    assert saved == [] and not path.exists() and dialog.isVisible()


def test_a_good_ca_file_is_saved_and_shown_again(qtbot, tmp_path):
    path = tmp_path / "config.toml"
    ca_file = str(LocalCA(tmp_path / "ca").ca_file)
    dialog, saved = _dialog(qtbot, path)
    dialog.ca_file.setText(ca_file)
    _save(qtbot, dialog)
    assert [p.ca_file for p in saved] == [ca_file]
    assert load_profile(path=path, environ={}).ca_file == ca_file

    again, _ = _dialog(qtbot, path, load_profile(path=path, environ={}))
    assert again.ca_file.text() == ca_file


def test_browse_puts_the_picked_file_in_the_field(qtbot, tmp_path, monkeypatch):
    picked = str(LocalCA(tmp_path / "ca").ca_file)
    # The platform's file dialog is modal and native: answered here as a person would.
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (picked, ""))
    dialog, _ = _dialog(qtbot, tmp_path / "config.toml")
    qtbot.mouseClick(dialog.ca_browse, Qt.MouseButton.LeftButton)
    assert dialog.ca_file.text() == picked
