"""The model picker: Settings and the chat's header list the models this person can use
(listed off the GUI thread, Refresh, errors in one line), and the choice is saved as the
profile's ``model``. Settings also hold the new model settings, checked by gui.config.

Listings come from the providers' real clients against the loopback doubles
(AppServices.list_models), or from a scripted lister where only the view is the subject.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from gui.agent.model_catalog import ModelEntry
from gui.agent.phrases import OFFLINE_LABEL
from gui.config import Profile, load_profile
from gui.demo.stack import DemoStack
from gui.errors import ConfigError, ModelUnavailable
from gui.services import AppServices
from gui.ui.controllers.chat import ChatController
from gui.ui.controllers.settings import SettingsController
from gui.ui.i18n import Translations
from gui.ui.views.chat import ChatPage
from gui.ui.views.settings import MODEL_KINDS, SettingsDialog
from tests.support.anthropic_double import anthropic_double
from tests.support.fake_chat import ScriptedChatSession
from tests.support.model_double import Refuse
from tests.support.model_window import no_provider_env
from tests.support.openai_double import openai_double
from tests.support.qt import delete_now
from tests.support.waiting import signal_future, wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

LISTED = [
    ModelEntry("bedrock:global.anthropic.claude-sonnet-4-6", "Global Claude Sonnet 4.6", "bedrock"),
    ModelEntry("bedrock:us.amazon.nova-pro-v1:0", "US Nova Pro", "bedrock"),
]
TENANT = {"auth0_domain": "example.us.auth0.com", "client_id": "abc123"}


class Lister:
    """A scripted model lister: records what it was asked, answers ``entries`` or ``error``."""

    def __init__(self, entries: Sequence[ModelEntry] = LISTED, error: Exception | None = None):
        self.entries = list(entries)
        self.error = error
        self.asked: list[tuple[str, str]] = []

    async def __call__(self, profile: Profile, kind: str = "") -> list[ModelEntry]:
        self.asked.append((kind or profile.model_kind, profile.openai_base_url))
        await asyncio.sleep(0.05)  # answered later, as a listing over the network is
        if self.error is not None:
            raise self.error
        return list(self.entries)


@pytest.fixture
def provider_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    no_provider_env(monkeypatch, tmp_path)
    return monkeypatch


@pytest.fixture
def dialog(qtbot: Any) -> Any:
    view = SettingsDialog()
    view.show()
    yield view
    delete_now(view)


def listing(
    dialog: SettingsDialog, profile: Profile, tmp_path: Path, list_models: Any
) -> SettingsController:
    """Settings of ``profile`` (saved in ``tmp_path``) whose model list ``list_models`` gives."""
    return SettingsController(
        dialog, profile, config_path=tmp_path / "c.toml", list_models=list_models, owner=dialog
    )


def through_the_app_services(tmp_path: Path) -> Any:
    """The model lister the window gives Settings: ``AppServices.list_models``."""
    services = AppServices(config_path=tmp_path / "c.toml")
    return lambda profile, kind: services.list_models(profile, provider=kind)


def _save(qtbot: Any, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _pick(dialog: SettingsDialog, config_id: str) -> None:
    """Pick a listed model, as a person does (the combo's activated signal)."""
    index = dialog.model_list.findData(config_id)
    assert index >= 0, dialog.listed_models()
    dialog.model_list.setCurrentIndex(index)
    dialog.model_list.activated.emit(index)


# --- Settings ---------------------------------------------------------------------------------


async def test_settings_list_the_models_and_save_the_one_picked(
    qtbot: Any, dialog: SettingsDialog, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    lister = Lister()
    controller = SettingsController(dialog, Profile(**TENANT), config_path=path, list_models=lister)
    assert not dialog.models_refresh.isEnabled()  # listing at once, off the GUI thread
    assert dialog.models_status.text() == "Listing the models you can use…"
    await wait_until(lambda: dialog.listed_models() == [e.config_id for e in LISTED], 5, "list")
    assert dialog.model_list.currentData() == LISTED[0].config_id  # the profile's model
    assert dialog.models_status.text() == "2 model(s) you can use"
    _pick(dialog, "bedrock:us.amazon.nova-pro-v1:0")
    assert dialog.model_name.text() == "us.amazon.nova-pro-v1:0"
    saved: list[Profile] = []
    controller.profile_saved.connect(saved.append)
    _save(qtbot, dialog)
    assert saved and saved[0].model == "bedrock:us.amazon.nova-pro-v1:0"
    assert load_profile(path, environ={}).model == "bedrock:us.amazon.nova-pro-v1:0"
    assert lister.asked == [("bedrock", "")]


def test_settings_name_the_offline_router_in_the_windows_language(
    dialog: SettingsDialog,
) -> None:
    translations = Translations(QApplication.instance())
    try:
        translations.apply("ja")
        dialog.set_models([("offline", OFFLINE_LABEL)], "offline")
        assert dialog.model_list.currentText() == "オフラインルーター（言語モデルなし）"
        assert dialog.listed_models() == ["offline"]
    finally:
        translations.apply("en")


async def test_changing_the_provider_lists_its_models_and_refresh_lists_again(
    dialog: SettingsDialog, tmp_path: Path
) -> None:
    lister = Lister()
    listing(dialog, Profile(**TENANT), tmp_path, lister)
    await wait_until(lambda: dialog.models_refresh.isEnabled(), 5, "the first listing")
    dialog.model_kind.setCurrentIndex(MODEL_KINDS.index("openai"))
    await wait_until(lambda: len(lister.asked) == 2 and dialog.models_refresh.isEnabled(), 5, "")
    dialog.openai_base_url.setText("http://localhost:11434/v1")
    dialog.models_refresh.click()
    await wait_until(lambda: len(lister.asked) == 3 and dialog.models_refresh.isEnabled(), 5, "")
    assert lister.asked == [
        ("bedrock", ""),
        ("openai", ""),  # the provider changed: listed at once
        ("openai", "http://localhost:11434/v1"),  # Refresh, with the base URL typed since
    ]


async def test_a_listing_error_is_one_line_under_the_list(
    dialog: SettingsDialog, tmp_path: Path
) -> None:
    message = "Amazon Bedrock needs AWS credentials: set aws_role_arn …"
    listing(dialog, Profile(**TENANT), tmp_path, Lister(error=ModelUnavailable(message)))
    await wait_until(lambda: dialog.models_status.text() == message, 5, "the error")
    assert dialog.listed_models() == [] and not dialog.model_list.isEnabled()
    assert dialog.models_refresh.isEnabled()  # try again after fixing it


async def test_settings_list_an_openai_compatible_endpoint_through_the_app_services(
    dialog: SettingsDialog, tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double(models=["llama3.1:8b", "qwen3:8b", "nomic-embed-text"]) as double:
        profile = Profile(**TENANT, model="openai:llama3.1:8b", openai_base_url=double.url)
        listing(dialog, profile, tmp_path, through_the_app_services(tmp_path))
        await wait_until(lambda: dialog.listed_models(), 10, "the list")
    assert dialog.listed_models() == ["openai:llama3.1:8b", "openai:qwen3:8b"]
    assert dialog.model_list.currentData() == "openai:llama3.1:8b"


async def test_a_wrong_anthropic_key_is_said_under_the_list(
    dialog: SettingsDialog, tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    provider_env.setenv("ANTHROPIC_API_KEY", "a-wrong-key")
    with anthropic_double() as double:
        double.models_refusal = Refuse(401, message="invalid x-api-key")
        profile = Profile(**TENANT, model="anthropic:claude-x", anthropic_base_url=double.url)
        listing(dialog, profile, tmp_path, through_the_app_services(tmp_path))
        await wait_until(lambda: "rejected the API key" in dialog.models_status.text(), 10, "")
    assert "\n" not in dialog.models_status.text()


@pytest.mark.parametrize(
    ("field", "typed", "setting"),
    [
        ("model_retry_seconds", "soon", "model_retry_seconds"),
        ("tool_search_threshold", "2.5", "tool_search_threshold"),
        ("aws_role_arn", "arn:aws:iam::12:user/x", "aws_role_arn"),
        ("anthropic_base_url", "http://proxy.example.com", "anthropic_base_url"),
    ],
)
def test_the_new_model_settings_show_the_config_files_message(
    qtbot: Any, dialog: SettingsDialog, tmp_path: Path, field: str, typed: str, setting: str
) -> None:
    path = tmp_path / "c.toml"
    controller = SettingsController(dialog, Profile(**TENANT), config_path=path)
    if field == "anthropic_base_url":
        dialog.model_kind.setCurrentIndex(MODEL_KINDS.index("anthropic"))
        dialog.model_name.setText("claude-sonnet-4-6")
    getattr(dialog, field).setText(typed)
    assert controller.submit() is None
    from gui.config import validate

    with pytest.raises(ConfigError) as expected:
        validate({setting: typed})
    assert dialog.error_text(field) == expected.value.message
    assert not path.exists()


def test_the_new_model_settings_are_saved(dialog: SettingsDialog, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    controller = SettingsController(dialog, Profile(**TENANT), config_path=path)
    assert not dialog.models_row.isVisible()  # no lister: no list
    role = "arn:aws:iam::123456789012:role/agentcore-chat-bedrock"
    dialog.aws_role_arn.setText(role)
    dialog.model_retry_seconds.setText("20")
    dialog.tool_search_threshold.setText("0")
    assert controller.submit() is not None
    loaded = load_profile(path, environ={})
    assert (loaded.aws_role_arn, loaded.retry_seconds, loaded.search_threshold) == (role, 20, 0)
    delete_now(dialog)
    again = SettingsDialog()
    try:
        SettingsController(again, loaded, config_path=path)
        assert again.aws_role_arn.text() == role and again.model_retry_seconds.text() == "20"
        again.model_kind.setCurrentIndex(MODEL_KINDS.index("anthropic"))
        assert again.anthropic_base_url.isEnabled() and not again.aws_role_arn.isEnabled()
    finally:
        delete_now(again)


# --- the chat's header ----------------------------------------------------------------------


@asynccontextmanager
async def header_picker(
    page: ChatPage, lister: Lister, model: str
) -> AsyncIterator[ChatController]:
    """A started chat controller over ``page`` whose header lists what ``lister`` gives."""
    controller = ChatController(
        page,
        ScriptedChatSession(),
        page,
        list_models=lambda: lister(Profile()),
        current_model=model,
    )
    try:
        await controller.start()
        yield controller
    finally:
        await controller.shutdown()


async def test_the_header_lists_the_models_and_says_which_was_picked(
    qtbot: Any, page: ChatPage
) -> None:
    sonnet = "bedrock:global.anthropic.claude-sonnet-4-6"
    async with header_picker(page, Lister(), sonnet) as controller:
        await wait_until(lambda: page.listed_models() == [e.config_id for e in LISTED], 5, "")
        assert page.model_picker.isVisible() and page.model_picker.currentText() == (
            "Global Claude Sonnet 4.6"
        )
        chosen = signal_future(controller.model_chosen)
        index = page.model_picker.findData("bedrock:us.amazon.nova-pro-v1:0")
        page.model_picker.setCurrentIndex(index)
        page.model_picker.activated.emit(index)
        assert await asyncio.wait_for(chosen, 2) == ("bedrock:us.amazon.nova-pro-v1:0",)


async def test_the_offline_router_is_named_in_the_windows_language(page: ChatPage) -> None:
    offline = ModelEntry("offline", OFFLINE_LABEL, "offline")
    async with header_picker(page, Lister([*LISTED, offline]), "offline"):
        await wait_until(lambda: len(page.listed_models()) == 3, 5, "the list")
        assert page.model_picker.currentText() == "Offline router"
        translations = Translations(QApplication.instance())
        try:
            translations.apply("ja")  # LanguageChange events are posted, not sent
            await wait_until(lambda: page.model_picker.currentText() == "オフラインルーター", 5, "")
            assert page.listed_models()[-1] == "offline"  # the choice is kept
            assert page.model_picker.itemText(0) == "Global Claude Sonnet 4.6"  # a name, as sent
        finally:
            translations.apply("en")
        await wait_until(lambda: page.model_picker.currentText() == "Offline router", 5, "")


async def test_the_header_keeps_a_typed_model_and_says_why_none_were_listed(
    page: ChatPage,
) -> None:
    lister = Lister(error=ModelUnavailable("Cannot reach Anthropic at proxy.example.com."))
    async with header_picker(page, lister, "anthropic:x"):
        await wait_until(lambda: page.models_error.isVisible(), 5, "the error")
        assert page.models_error.text() == "Cannot reach Anthropic at proxy.example.com."
        assert page.listed_models() == ["anthropic:x"]
        lister.error = None
        page.models_refresh.click()
        await wait_until(lambda: len(page.listed_models()) == 3, 5, "the list")
        assert not page.models_error.isVisible()


async def test_a_model_picked_in_the_window_header_is_saved_and_used(
    qtbot: Any, shared_stack: DemoStack, tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double(models=["double-model"]) as double:
        provider_env.setenv("OPENAI_BASE_URL", double.url)  # as a person's environment has it
        h = Harness(qtbot, shared_stack.profile)
        h.services.config_path = tmp_path / "config.toml"
        listed = [ModelEntry("offline", "Offline router", "offline"), *LISTED[:0]]
        listed.append(ModelEntry("openai:double-model", "double-model", "openai"))

        async def list_models(profile: Profile, auth: Any = None, **_: Any) -> list[ModelEntry]:
            return listed

        h.services.list_models = list_models  # type: ignore[method-assign]
        try:
            await h.sign_in(shared_stack.idp)
            page = h.window.chat_page
            assert isinstance(page, ChatPage)
            await wait_until(lambda: len(page.listed_models()) == 2, 5, "the models")
            index = page.model_picker.findData("openai:double-model")
            page.model_picker.setCurrentIndex(index)
            page.model_picker.activated.emit(index)
            await wait_until(
                lambda: (
                    h.window.chat_page is not page
                    and isinstance(h.window.chat_page, ChatPage)
                    and "double-model" in h.window.chat_page.model_label.text()
                ),
                15,
                "the chat with the picked model",
            )
            await h.wait_for_chat()
            assert h.controller.profile.model == "openai:double-model"
            saved = load_profile(tmp_path / "config.toml", environ={})
            assert saved.model == "openai:double-model"
            assert dataclasses.replace(saved, model="offline").issuer == shared_stack.profile.issuer
        finally:
            await h.close()
