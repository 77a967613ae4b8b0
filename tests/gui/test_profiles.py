"""Profiles in the real window (issue 19, item 3): the Account menu lists them with who is
signed in, and switching shows the other profile's sign-in, history and tools, without a
restart. Real widgets offscreen, the embedded servers, the real keyring."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gui.auth.store import KeyringStore
from gui.config import DEFAULT_PROFILE
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.ui.controllers.add_profile import AddProfileController
from gui.ui.views.add_profile import AddProfileDialog
from gui.ui.views.history import TITLE_ROLE
from tests.support.http_server import refused_port
from tests.support.profiles import ALICE_TITLE, BOB_ONLY_TOOL, BOB_TITLE, TwoProfiles
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = [pytest.mark.gui, pytest.mark.keyring]

ALICE = "Alice Example <alice@example.com>"
BOB = "Bob Example <bob@example.com>"
LEFT = Qt.MouseButton.LeftButton


def shows(h: Harness, who: str, title: str, tool_present: bool) -> bool:
    """True once the window shows ``who``'s chat: their history and their gateway's tools."""
    window = h.window
    page = window.chat_page
    if page is None or window.current_page() is not page or window.sidebar is None:
        return False
    tools = {tool.name for tool in page.tools_panel.model.tools()}
    titles = [item.data(TITLE_ROLE) for item in window.sidebar.items_by_id().values()]
    return (
        who in window.user_label.text()
        and titles == [title]
        and "people___getProfile" in tools
        and (BOB_ONLY_TOOL in tools) is tool_present
        and h.controller.idle
    )


@asynccontextmanager
async def window_on(qtbot: Any, world: TwoProfiles, name: str) -> AsyncIterator[Harness]:
    """A started window on ``world``'s profile ``name``: its settings, history and keyring."""
    h = Harness(
        qtbot,
        world.profile(name),
        KeyringStore(),
        history_path=world.history_path,
        config_path=world.config_path,
    )
    try:
        await h.controller.start()
        yield h
    finally:
        await h.close()


def menu(h: Harness) -> dict[str, tuple[str, bool]]:
    """The Account menu's profiles: name -> (text, checked)."""
    return {str(a.data()): (a.text(), a.isChecked()) for a in h.window.profile_actions}


async def test_switching_profiles_shows_the_other_ones_history_and_tools(
    qtbot: Any, two_profiles: TwoProfiles
):
    world = two_profiles
    async with window_on(qtbot, world, DEFAULT_PROFILE) as h:
        await wait_until(lambda: shows(h, ALICE, ALICE_TITLE, False), 20, "Alice's chat")
        assert h.window.windowTitle() == "AgentCore Chat — default"
        assert menu(h) == {"default": (f"default — {ALICE}", True), "bob": ("bob", False)}

        # Opening the menu says who is signed in to the other profile.
        h.window.account_menu.aboutToShow.emit()
        await wait_until(lambda: menu(h)["bob"][0] == f"bob — {BOB}", 10, "Bob's line")

        h.window.profile_action("bob").trigger()  # type: ignore[union-attr]
        await wait_until(lambda: shows(h, BOB, BOB_TITLE, True), 20, "Bob's chat")
        assert h.window.windowTitle() == "AgentCore Chat — bob"
        assert menu(h) == {"default": (f"default — {ALICE}", False), "bob": (f"bob — {BOB}", True)}

        # Signing out of Bob's profile leaves Alice's.
        await h.controller.sign_out()
        assert h.window.current_page() is h.window.sign_in_page
        store = KeyringStore()
        issuer = world.idp.issuer
        assert await store.load(issuer, DEMO_CLIENT_ID, profile="bob") is None
        assert await store.load(issuer, DEMO_CLIENT_ID, profile=DEFAULT_PROFILE) is not None
        assert menu(h)["bob"] == ("bob — not signed in", True)

        h.window.profile_action(DEFAULT_PROFILE).trigger()  # type: ignore[union-attr]
        await wait_until(lambda: shows(h, ALICE, ALICE_TITLE, False), 20, "Alice's chat again")
        assert menu(h)["bob"] == ("bob — not signed in", False)


async def test_add_profile_reads_the_gateway_then_saves_and_switches_to_it(
    qtbot: Any, stack: DemoStack, filed_harness: Harness
):
    h = filed_harness
    config = h.services.config_path
    assert config is not None
    await wait_until(
        lambda: h.window.current_page() is h.page and h.controller.idle, 10, "sign-in page"
    )
    assert h.window.add_profile_action.isVisible()
    h.window.add_profile_action.trigger()
    dialog = h.controller.dialogs.add_profile
    assert isinstance(dialog, AddProfileDialog)
    controller = dialog.findChild(AddProfileController)

    # A name taken, then a bad URL: said in place, nothing looked up.
    dialog.name.setText(DEFAULT_PROFILE)
    dialog.connection.gateway_url.setText(stack.profile.gateway_url)
    qtbot.mouseClick(dialog.continue_button, LEFT)
    await wait_until(lambda: controller.idle, 5, "the check")
    assert "already" in dialog.error_text("name")
    dialog.name.setText("work")
    dialog.connection.gateway_url.setText("http://gateway.example.com/mcp")
    qtbot.mouseClick(dialog.continue_button, LEFT)
    await wait_until(lambda: controller.idle, 5, "the check")
    assert "plain http://" in dialog.error_text("gateway_url")
    assert not dialog.on_details_page()

    dialog.connection.gateway_url.setText(stack.profile.gateway_url)
    qtbot.mouseClick(dialog.continue_button, LEFT)
    await wait_until(lambda: dialog.on_details_page() and controller.idle, 10, "details")
    assert dialog.connection.provider.text() == stack.idp.issuer
    assert dialog.scopes.text() == "openid profile email offline_access invoke:mcp"
    assert "trusts the sign-in server" in dialog.found.text()
    assert "Still needed: the application's client ID." in dialog.found.text()

    qtbot.mouseClick(dialog.save_button, LEFT)  # no client ID yet
    await wait_until(lambda: controller.idle, 5, "the check")
    assert "AUTH0_CLIENT_ID" in dialog.error_text("client_id")
    dialog.connection.client_id.setText(DEMO_CLIENT_ID)
    dialog.connection.audience.setText(DEMO_AUDIENCE)
    qtbot.mouseClick(dialog.save_button, LEFT)
    await wait_until(lambda: h.controller.profile.name == "work" and h.controller.idle, 10, "work")
    saved = tomllib.loads(config.read_text(encoding="utf-8"))["profiles"]["work"]
    assert saved == {
        "issuer": stack.idp.issuer,
        "client_id": DEMO_CLIENT_ID,
        "audience": DEMO_AUDIENCE,
        "gateway_url": stack.profile.gateway_url,
    }
    assert h.window.windowTitle() == "AgentCore Chat — work"
    assert list(menu(h)) == [DEFAULT_PROFILE, "work"] and menu(h)["work"][1]
    assert h.window.current_page() is h.page  # work is not signed in yet
    assert h.controller.dialogs.add_profile is None


async def test_a_gateway_that_publishes_nothing_offers_to_enter_the_details(
    qtbot: Any, filed_harness: Harness
):
    h = filed_harness
    config = h.services.config_path
    assert config is not None
    dialog = h.controller.open_add_profile()
    assert isinstance(dialog, AddProfileDialog)
    dialog.name.setText("other")
    dialog.connection.gateway_url.setText(f"http://127.0.0.1:{refused_port()}/mcp")
    qtbot.mouseClick(dialog.continue_button, LEFT)
    await wait_until(lambda: dialog.manual_button.isVisible(), 10, "the offer")
    assert "Cannot connect" in dialog.error_text("gateway_url")
    qtbot.mouseClick(dialog.manual_button, LEFT)
    assert dialog.on_details_page() and dialog.connection.provider.text() == ""
    dialog.reject()
    assert "profiles" not in tomllib.loads(config.read_text(encoding="utf-8"))


async def test_settings_edit_the_current_profile(qtbot: Any, two_profiles: TwoProfiles):
    world = two_profiles
    async with window_on(qtbot, world, "bob") as h:
        await wait_until(lambda: shows(h, BOB, BOB_TITLE, True), 20, "Bob's chat")
        dialog = h.controller.open_settings()
        assert dialog.windowTitle() == "Settings — profile bob"
        dialog.approval_mode.setCurrentIndex(1)  # "every"
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), LEFT)
        data = tomllib.loads(world.config_path.read_text(encoding="utf-8"))
        assert data["profiles"]["bob"]["approval_mode"] == "every"
        assert "approval_mode" not in data  # the default profile is untouched
        assert h.controller.profile.name == "bob"
        assert h.controller.profile.approval_mode == "every"


def test_the_menu_shows_names_and_emails_as_they_are(qtbot: Any) -> None:
    from gui.ui.views.window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_profiles([("default", "default — R&D <rd@example.com>"), ("x", "x")], "x")
    assert [a.text() for a in window.profile_actions] == [
        "default — R&&D <rd@example.com>",  # "&" shown, not a mnemonic
        "x",
    ]
    assert [a.isChecked() for a in window.profile_actions] == [False, True]
    window.set_profile_title("x")
    assert window.windowTitle() == "AgentCore Chat — x"
    window.set_profile_title("")
    assert window.windowTitle() == "AgentCore Chat"
