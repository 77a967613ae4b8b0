"""The approval card in the window: real ChatSession, embedded gateway's tickets, offline router.

What we saw: "delete ticket T-1" deleted the ticket without asking. Now a card asks;
these tests click (and type) its answers as a person would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from gui.agent.approval import ApprovalPolicy, Risk
from gui.auth.store import MemoryStore
from gui.config.writing import read_always_allowed
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import STOPPED
from tests.support.chat_page import ask, idle, open_chat
from tests.support.qt import delete_now
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

DELETE = "tickets___deleteTicket"


@pytest.fixture
async def chat(qtbot: QtBot, stack: DemoStack) -> AsyncIterator[tuple[ChatPage, ChatController]]:
    """A chat page asking before tools, on fresh servers (tickets T-1 to T-4 every time)."""
    async with open_chat(stack, size=(900, 700), approvals=ApprovalPolicy()) as opened:
        yield opened


async def pending_card(page: ChatPage):
    await wait_until(lambda: page.transcript.approval_cards(), 20, "the approval card")
    [card] = page.transcript.approval_cards()
    assert card.is_pending()
    return card


async def test_the_card_shows_the_call_and_allow_once_runs_it(qtbot: QtBot, chat, stack: DemoStack):
    page, _ = chat
    await ask(qtbot, page, "delete ticket T-1")
    card = await pending_card(page)
    assert card.title() == "tickets · deleteTicket"
    assert card.risk() is Risk.DESTRUCTIVE
    assert '"ticket_id": "T-1"' in card.arguments_text()
    assert "cannot be restored" in card.description_text()
    # Waiting: nothing ran, no tool card yet, the question is still running.
    assert stack.gateway.call_count(DELETE) == 0 and page.transcript.tool_cards() == []
    assert not idle(page)
    qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 20, "the answer")
    assert card.outcome() == "once" and not card.allow_once_button.isVisible()
    [tool] = page.transcript.tool_cards()
    assert tool.title() == "tickets · deleteTicket" and not tool.is_error()
    assert "T-1" not in stack.gateway.tickets.ids()
    assert "deleted" in page.transcript.messages()[-1].toPlainText()


async def test_tab_from_the_composer_reaches_the_card_and_enter_denies(
    qtbot: QtBot, chat, stack: DemoStack
):
    page, _ = chat
    await ask(qtbot, page, "delete ticket T-2")
    card = await pending_card(page)
    # The card takes no focus (issue #17: a stray key pressed Deny); Tab reaches it.
    # Tab order: the composer → Allow once → Always allow → Deny.
    assert page.composer.edit.hasFocus()
    for button in (card.allow_once_button, card.always_button, card.deny_button):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        assert button.hasFocus()
    assert "&" in card.allow_once_button.text() and "&" in card.deny_button.text()
    qtbot.keyClick(card.deny_button, Qt.Key.Key_Return)
    await wait_until(lambda: idle(page), 20, "the answer")
    assert card.outcome() == "deny"
    assert page.transcript.tool_cards() == []  # it never ran
    answer = page.transcript.messages()[-1].toPlainText()
    assert "declined" in answer
    assert "T-2" in stack.gateway.tickets.ids() and stack.gateway.call_count(DELETE) == 0


async def test_stop_while_the_card_waits(qtbot: QtBot, chat, stack: DemoStack):
    page, _ = chat
    await ask(qtbot, page, "delete ticket T-3")
    card = await pending_card(page)
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 2, "Send to come back")
    await wait_until(lambda: card.outcome() == "stopped", 2, "the card to say stopped")
    assert not card.deny_button.isVisible()
    assert [n.kind for n in page.transcript.notices()] == [STOPPED]
    assert "T-3" in stack.gateway.tickets.ids() and stack.gateway.call_count(DELETE) == 0
    # The next question works normally.
    await ask(qtbot, page, "list tickets")
    await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the list")
    assert "T-3" in page.transcript.messages()[-1].toPlainText()


async def test_read_only_tools_run_with_no_card(qtbot: QtBot, chat):
    page, _ = chat
    await ask(qtbot, page, "list tickets")
    await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the list")
    assert page.transcript.approval_cards() == []


async def test_tools_panel_shows_each_tools_risk(chat):
    page, _ = chat
    await wait_until(lambda: page.tools_panel.visible_titles(), 10, "the tool list")
    model = page.tools_panel.filter_model
    rows = {
        str(model.data(model.index(r, 0))).split("\n")[0]: str(model.data(model.index(r, 0)))
        for r in range(model.rowCount())
    }
    assert "Destructive" in rows["tickets · deleteTicket"]
    assert "Read-only" in rows["tickets · listTickets"]


async def test_a_window_in_the_background_is_alerted_and_a_foreground_one_is_not(
    qtbot: QtBot, chat
):
    page, controller = chat
    page.activateWindow()
    await wait_until(page.isActiveWindow, 5, "the chat window to be active")
    await ask(qtbot, page, "delete ticket T-4")
    card = await pending_card(page)
    assert controller.approvals.alerts == 0
    qtbot.mouseClick(card.deny_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 20, "the answer")

    other = QWidget()  # another window comes to the front while the agent works
    other.show()
    other.activateWindow()
    try:
        await wait_until(lambda: not page.isActiveWindow(), 5, "the chat window to go back")
        await ask(qtbot, page, "delete ticket T-4")
        await wait_until(lambda: len(page.transcript.approval_cards()) == 2, 20, "a second card")
        assert controller.approvals.alerts == 1
        page.transcript.approval_cards()[-1].deny_button.click()
        await wait_until(lambda: idle(page), 20, "the answer")
    finally:
        delete_now(other)


async def test_mode_never_asks_for_nothing(qtbot: QtBot, chat, stack: DemoStack):
    page, controller = chat
    controller.session.approvals.mode = "never"
    await ask(qtbot, page, "delete ticket T-1")
    await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the delete")
    assert page.transcript.approval_cards() == []
    assert "T-1" not in stack.gateway.tickets.ids()


# --- "Always allow": remembered across a restart, revocable in Settings -----------------------


def window_with_config(qtbot: QtBot, stack: DemoStack, store: MemoryStore, config: Path) -> Harness:
    """A window whose settings file is ``config`` (a "restart" opens another on the same)."""
    h = Harness(qtbot, stack.profile, store)
    h.services.config_path = config
    return h


async def test_always_allow_survives_a_restart_and_is_revoked_in_settings(
    qtbot: QtBot, stack: DemoStack, tmp_path: Path
):
    config = tmp_path / "config.toml"
    store = MemoryStore()
    first = window_with_config(qtbot, stack, store, config)
    try:
        await first.sign_in(stack.idp)
        page = first.window.chat_page
        await ask(qtbot, page, "delete ticket T-1")
        card = await pending_card(page)
        qtbot.mouseClick(card.always_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: idle(page), 20, "the answer")
        assert card.outcome() == "always"
    finally:
        await first.close()
    assert read_always_allowed(stack.profile.gateway_url, config) == [DELETE]

    second = window_with_config(qtbot, stack, store, config)  # "restart": same config
    try:
        await second.controller.start()  # remembered: no sign-in
        await second.wait_for_chat()
        page = second.window.chat_page
        await ask(qtbot, page, "delete ticket T-2")
        await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the delete")
        assert page.transcript.approval_cards() == []
        assert "T-2" not in stack.gateway.tickets.ids()

        dialog = second.controller.open_settings()
        assert dialog.listed_always_allowed() == [DELETE]
        assert dialog.always_allowed.item(0).text() == "tickets · deleteTicket"
        qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
        assert dialog.listed_always_allowed() == [] and dialog.always_empty.isVisible()
        assert read_always_allowed(stack.profile.gateway_url, config) == [DELETE]  # not yet
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        await wait_until(lambda: second.controller.dialogs.settings is None, 5, "Save")
        assert read_always_allowed(stack.profile.gateway_url, config) == []

        await ask(qtbot, page, "delete ticket T-3")  # asked again at once, no restart
        card = await pending_card(page)
        qtbot.mouseClick(card.deny_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: idle(page), 20, "the answer")
        assert "T-3" in stack.gateway.tickets.ids()
    finally:
        await second.close()


async def test_the_approval_mode_is_a_setting_applied_without_signing_in_again(
    qtbot: QtBot, stack: DemoStack, tmp_path: Path
):
    config = tmp_path / "config.toml"
    h = window_with_config(qtbot, stack, MemoryStore(), config)
    try:
        await h.sign_in(stack.idp)
        session = h.controller.chat_session
        dialog = h.controller.open_settings()
        dialog.approval_mode.setCurrentIndex(1)  # before every tool
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        await wait_until(lambda: h.controller.dialogs.settings is None, 5, "Save")
        assert h.controller.chat_session is session  # the same sign-in and conversation
        assert session.approvals.mode == "every"
        page = h.window.chat_page
        await ask(qtbot, page, "list tickets")
        card = await pending_card(page)
        assert card.risk() is Risk.READ_ONLY
        assert not card.allow_once_button.hasFocus()  # the card takes no focus
        qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the list")
    finally:
        await h.close()
    assert 'approval_mode = "every"' in config.read_text(encoding="utf-8")
