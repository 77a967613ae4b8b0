"""Consent cards and form cards in the chat window, with the real ChatSession and servers.

Real sign-in server and gateway on loopback; a scripted model picks the tools; the consent
page is visited over HTTP as a browser would; buttons are clicked with pytest-qt.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from gui.agent.approval import Risk
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.consent_card import CONNECTED, NOT_CONNECTED, ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import ask, open_chat
from tests.support.consent import visit_consent_page
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui


class Window:
    def __init__(self, page: ChatPage, controller: ChatController, model: ScriptedModel) -> None:
        self.page, self.controller, self.model = page, controller, model

    def cards(self, kind: type) -> list:
        return [item for item in self.page.transcript.items() if isinstance(item, kind)]

    async def wait_for_cards(self, kind: type, what: str) -> list:
        """Until the transcript shows a card of ``kind``; returns those cards."""
        await wait_until(lambda: self.cards(kind), 20, what)
        return self.cards(kind)

    def idle(self) -> bool:
        return not self.controller.is_answering


class Windows:
    """Opens chat windows on this test's servers (fresh: nobody has consented to anything)."""

    def __init__(self, stack: DemoStack, exits: AsyncExitStack) -> None:
        self._stack, self._exits = stack, exits

    async def open(self, turns: list, user: str = "alice") -> Window:
        """A window signed in as ``user`` whose scripted model plays ``turns``."""
        model = ScriptedModel(turns)
        chat = open_chat(self._stack, username=user, size=(900, 700), model=model)
        page, controller = await self._exits.enter_async_context(chat)
        return Window(page, controller, model)


@pytest.fixture
async def windows(qtbot: QtBot, stack: DemoStack) -> AsyncIterator[Windows]:
    """Every window a test opens is shut down, signed out and destroyed after it."""
    async with AsyncExitStack() as exits:
        yield Windows(stack, exits)


# --- consent links ---------------------------------------------------------------------------


async def test_consent_card_link_page_connected_and_the_retry_succeeds(
    qtbot: QtBot, windows: Windows, opened: list[str]
):
    window = await windows.open([[Use("calendar___listEvents")], [Say("Your week.")]])
    await ask(qtbot, window.page, "What is on my calendar?")
    [card] = await window.wait_for_cards(ConsentCardView, "the consent card")
    # A card added to a shown transcript is shown on a later loop turn: wait for that.
    await wait_until(card.isVisible, 10, "the consent card to be shown")
    assert card.message_text().startswith("Connect your Example Calendar account")
    assert card.host_text() == "Link to: 127.0.0.1"
    assert card.open_button.isVisible() and card.link_text() == "" and card.warning_text() == ""
    # keyboard first: the card takes no focus; Tab from the composer, then Space opens the link
    window.page.composer.focus_input()
    qtbot.keyClick(window.page.composer.edit, Qt.Key.Key_Tab)
    assert card.open_button.hasFocus()
    qtbot.keyClick(card.open_button, Qt.Key.Key_Space)
    [link] = opened
    assert QUrl(link).host() == "127.0.0.1" and "/consent/" in link
    page = await asyncio.to_thread(visit_consent_page, link, "allow")
    assert "is connected" in page
    qtbot.mouseClick(card.connected_button, Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 20, "the answer")
    assert card.state() == CONNECTED and card.status_text() == "Connected"
    [tool] = window.page.transcript.tool_cards()
    assert not tool.is_error() and "Sales weekly" in tool.result_text()
    assert "Your week." in window.page.transcript.messages()[-1].toPlainText()


async def test_consent_still_not_connected_is_said_on_the_card_and_to_the_model(
    qtbot: QtBot, windows: Windows, opened: list[str]
):
    window = await windows.open([[Use("calendar___listEvents")], [Say("Not connected, sorry.")]])
    await ask(qtbot, window.page, "What is on my calendar?")
    [card] = await window.wait_for_cards(ConsentCardView, "the consent card")
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    await asyncio.to_thread(visit_consent_page, opened[0], "deny")
    qtbot.mouseClick(card.connected_button, Qt.MouseButton.LeftButton)
    # At once (the retry needs the loop): one click is enough, the card says it is trying.
    assert card.status_text() == "Trying again…" and not card.connected_button.isEnabled()
    await wait_until(window.idle, 20, "the answer")
    assert card.state() == NOT_CONNECTED and card.status_text() == "Still not connected"
    assert not card.connected_button.isEnabled()
    [tool] = window.page.transcript.tool_cards()
    assert tool.is_error() and "still not connected" in tool.result_text()
    results = [
        b["toolResult"] for m in window.model.calls[-1] for b in m["content"] if "toolResult" in b
    ]
    assert results[0]["status"] == "error"


async def test_a_non_https_link_is_shown_with_a_warning_and_no_button(
    qtbot: QtBot, windows: Windows, opened: list[str]
):
    url = "http://consent.example.com/connect?x=1"
    window = await windows.open(
        [[Use("diagnostics___needsConsent", {"url": url, "message": "<b>Connect</b> it"})], []]
    )
    await ask(qtbot, window.page, "Try the odd link")
    [card] = await window.wait_for_cards(ConsentCardView, "the consent card")
    assert not card.open_button.isVisibleTo(card)
    assert card.link_text() == url and "not https" in card.warning_text()
    assert card.message_text() == "<b>Connect</b> it"  # plain text, not markup
    assert card.host_text() == "Link to: consent.example.com"
    assert not card.connected_button.hasFocus()
    window.page.composer.focus_input()
    qtbot.keyClick(window.page.composer.edit, Qt.Key.Key_Tab)
    assert card.findChild(QLineEdit, "consentLink").hasFocus()  # the link, to copy
    qtbot.keyClick(window.page.focusWidget(), Qt.Key.Key_Tab)
    assert card.connected_button.hasFocus()
    qtbot.keyClick(card.connected_button, Qt.Key.Key_Space)
    await wait_until(window.idle, 20, "the answer")
    assert card.state() == NOT_CONNECTED and opened == []


async def test_stop_while_a_consent_waits_marks_the_card_stopped(
    qtbot: QtBot, windows: Windows, opened: list[str]
):
    window = await windows.open(
        [[Use("diagnostics___needsConsent", {"url": "https://x.example/c"})]]
    )
    await ask(qtbot, window.page, "Try it")
    await window.wait_for_cards(ConsentCardView, "the consent card")
    qtbot.mouseClick(window.page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 2, "Stop")
    [card] = window.cards(ConsentCardView)
    assert card.status_text() == "Stopped" and not card.connected_button.isEnabled()


# --- server forms ----------------------------------------------------------------------------


def ticket_turns() -> list:
    return [[Use("tickets___createTicket", {"title": "Printer on fire"})], [Say("Done.")]]


async def allow_the_ticket(qtbot: QtBot, window: Window) -> None:
    """Creating a ticket may change data: its approval card comes first, then the form."""
    transcript = window.page.transcript
    await wait_until(lambda: transcript.approval_cards(), 20, "the approval card")
    [card] = transcript.approval_cards()
    assert card.title() == "tickets · createTicket" and card.risk() is Risk.MAY_CHANGE
    assert window.cards(FormCardView) == [] and transcript.tool_cards() == []  # not called yet
    qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)


async def test_a_form_needs_its_required_fields_before_accept_then_creates_the_ticket(
    qtbot: QtBot, stack: DemoStack, windows: Windows
):
    window = await windows.open(ticket_turns())
    before = len(stack.gateway.tickets.created) if stack.gateway else 0
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    [form] = await window.wait_for_cards(FormCardView, "the form")
    # Required fields left empty: Accept is disabled and the form says which.
    assert not form.accept_button.isEnabled()
    assert form.problem_text() == "Fill in: Priority, Assignee"
    priority = form.editor("priority")
    assert isinstance(priority, QComboBox) and not priority.hasFocus()  # Tab reaches it
    window.page.composer.focus_input()
    qtbot.keyClick(window.page.composer.edit, Qt.Key.Key_Tab)
    assert priority.hasFocus()
    assert [priority.itemData(i) for i in range(priority.count())] == ["low", "normal", "high"]
    assert form.editor("due_in_days").value() == 7  # the server's default
    qtbot.keyClick(priority, Qt.Key.Key_Down)  # the keyboard picks a choice
    assert priority.currentData() == "low"
    priority.setCurrentIndex(2)
    assignee = form.editor("assignee")
    assert isinstance(assignee, QLineEdit)
    assert not form.accept_button.isEnabled() and form.problem_text() == "Fill in: Assignee"
    qtbot.keyClicks(assignee, "grace")
    assert form.accept_button.isEnabled() and form.problem_text() == ""
    form.editor("notify_team").setChecked(True)
    qtbot.mouseClick(form.accept_button, Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 20, "the answer")
    assert form.answer() == "accept" and not form.accept_button.isEnabled()
    [tool] = window.page.transcript.tool_cards()
    assert not tool.is_error() and '"priority": "high"' in tool.result_text()
    assert stack.gateway is not None
    created = stack.gateway.tickets.created[before:]
    assert [(t["assignee"], t["notify_team"], t["due_in_days"]) for t in created] == [
        ("grace", True, 7)
    ]


@pytest.mark.parametrize(("button", "word"), [("decline", "declined"), ("cancel", "cancelled")])
async def test_declining_or_cancelling_the_form_creates_nothing(
    qtbot: QtBot, stack: DemoStack, windows: Windows, button: str, word: str
):
    window = await windows.open(ticket_turns())
    assert stack.gateway is not None
    before = len(stack.gateway.tickets.created)
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    [form] = await window.wait_for_cards(FormCardView, "the form")
    qtbot.mouseClick(getattr(form, f"{button}_button"), Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 20, "the answer")
    [tool] = window.page.transcript.tool_cards()
    assert f"The person {word} the form." in tool.result_text()
    assert len(stack.gateway.tickets.created) == before


async def test_stop_while_a_form_is_open_cancels_it(qtbot: QtBot, windows: Windows):
    window = await windows.open(ticket_turns())
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    await window.wait_for_cards(FormCardView, "the form")
    qtbot.mouseClick(window.page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 2, "Stop")
    [form] = window.cards(FormCardView)
    assert form.answer() == "cancel" and not form.decline_button.isEnabled()
