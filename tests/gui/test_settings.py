"""The settings dialog: the config file's own messages, next to the field; save and apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget

from gui.config import Profile, load_profile, validate
from gui.errors import ConfigError
from gui.ui.controllers.settings import SettingsController
from gui.ui.i18n import Translations
from gui.ui.views.settings import SettingsDialog
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

TENANT = {"provider": "example.us.auth0.com", "client_id": "abc123"}  # a well-formed pair


def _dialog(qtbot, profile: Profile, path: Path) -> tuple[SettingsDialog, SettingsController]:
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    return dialog, SettingsController(dialog, profile, config_path=path)


def _type(dialog: SettingsDialog, **fields: str) -> None:
    """Fill the named fields in the order given, as a person types into them."""
    for name, text in fields.items():
        # The provider, client ID, audience and gateway URL are the connection fields.
        owner = dialog.connection if hasattr(dialog.connection, name) else dialog
        getattr(owner, name).setText(text)


def _saved(controller: SettingsController) -> list[Profile]:
    """The profiles the dialog's controller says it saved."""
    saved: list[Profile] = []
    controller.profile_saved.connect(saved.append)
    return saved


def _save(qtbot, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_bad_value_shows_the_config_message_and_saves_nothing(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    dialog, controller = _dialog(qtbot, Profile(), path)
    dialog.show()
    _type(dialog, **TENANT, gateway_url="http://gateway.example.com/mcp")
    saved = _saved(controller)
    _save(qtbot, dialog)

    with pytest.raises(ConfigError) as expected:
        validate({"gateway_url": "http://gateway.example.com/mcp"})
    assert dialog.error_text("gateway_url") == expected.value.message
    assert dialog.error_text("provider") == ""
    assert not path.exists()
    assert saved == []
    assert dialog.isVisible()


def test_a_bad_client_id_is_shown_next_to_the_client_field(qtbot, tmp_path: Path) -> None:
    dialog, _ = _dialog(qtbot, Profile(), tmp_path / "c.toml")
    _type(dialog, provider="example.us.auth0.com", client_id="has space")
    _save(qtbot, dialog)
    assert dialog.error_text("client_id") == "AUTH0_CLIENT_ID: must not contain spaces"


def test_a_good_profile_is_saved(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    dialog, controller = _dialog(qtbot, Profile(), path)
    dialog.show()
    _type(
        dialog,
        **TENANT,
        audience="https://api.example.com",
        gateway_url="https://gw.example.com/mcp",
    )
    dialog.model_kind.setCurrentIndex(2)  # OpenAI-compatible
    _type(dialog, model_name="llama3.2", openai_base_url="http://localhost:11434/v1")
    dialog.language.setCurrentIndex(2)  # 日本語
    saved = _saved(controller)
    _save(qtbot, dialog)
    assert not dialog.isVisible()
    loaded = load_profile(path, environ={})
    assert loaded == saved[0]
    assert loaded.issuer == "https://example.us.auth0.com/"
    assert loaded.model == "openai:llama3.2"
    assert loaded.openai_base_url == "http://localhost:11434/v1"
    assert loaded.language == "ja"


async def test_saving_applies_the_profile_and_language_live(
    qtbot, tmp_path: Path, shared_stack
) -> None:
    app = QApplication.instance()
    translations = Translations(app)
    translations.apply("en")
    h = Harness(qtbot, Profile())
    h.controller.translations = translations
    h.services.config_path = tmp_path / "config.toml"
    try:
        await h.controller.start()
        dialog = h.controller.dialogs.settings
        assert dialog is not None
        profile = shared_stack.profile
        _type(
            dialog,
            provider=profile.issuer,
            client_id=profile.client_id,
            audience=profile.audience,
            gateway_url=profile.gateway_url,
        )
        dialog.model_kind.setCurrentIndex(3)  # offline
        dialog.language.setCurrentIndex(2)  # 日本語
        _save(qtbot, dialog)
        await wait_until(lambda: h.page.current_panel() == "start", 10, "the sign-in button")
        assert h.controller.profile.issuer == shared_stack.profile.issuer
        assert h.controller.auth is not None
        assert translations.language == "ja"
        # Applied live, to the window that is already open: its menu is Japanese now.
        await wait_until(lambda: h.window.file_menu.title() == "ファイル(&F)", 5, "the menu")
    finally:
        translations.apply("en")
        await h.close()


def test_always_allowed_tooltips_show_tool_names_as_typed(qtbot) -> None:
    from PySide6.QtGui import Qt as GuiQt  # where PySide keeps mightBeRichText
    from PySide6.QtGui import QTextDocument

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    evil = "tickets___<b>evil</b><img src=file:///etc/passwd>"
    dialog.set_always_allowed([evil])
    tip = dialog.always_allowed.item(0).toolTip()
    assert "<img" not in tip and "<b>" not in tip
    if GuiQt.mightBeRichText(tip):  # how a tooltip decides; then shown as its plain text
        document = QTextDocument()
        document.setHtml(tip)
        tip = document.toPlainText()
    assert tip == evil
    assert dialog.listed_always_allowed() == [evil]


def _fits(label: QLabel, row: QWidget) -> bool:
    """``label`` spans ``row``'s width and is tall enough for its wrapped text."""
    return label.width() >= row.width() and label.height() >= label.heightForWidth(label.width())


def test_the_lines_under_fields_use_the_fields_width_and_show_all_their_text(qtbot) -> None:
    # What we saw: "1 model(s) you can use" wrapped in a 130-pixel column, its second
    # line drawn over the next field; a long message under a field was cut the same way.
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    dialog.load(Profile())
    dialog.set_models_available(True)
    dialog.show()
    dialog.show_models_status("1 model(s) you can use")
    dialog.show_field_error(
        "ca_file", "ca_file: '/home/alice/certs/company-root-ca.pem' does not exist"
    )
    QApplication.processEvents()
    error = dialog.errors["ca_file"]
    assert dialog.models_status.isVisible() and error.isVisible()
    assert _fits(dialog.models_status, dialog.models_row)
    assert _fits(error, dialog.ca_row)
