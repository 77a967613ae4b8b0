"""Consent cards and form cards in the chat window, with the real ChatSession and servers.

Real sign-in server and gateway on loopback; a scripted model picks the tools; the consent
page is visited over HTTP as a browser would; buttons are clicked with pytest-qt.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from gui.agent.approval import Risk
from gui.agent.session import ChatSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.consent_card import CONNECTED, NOT_CONNECTED, ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from tests.support.auth import make_session, sign_in_as
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import ask
from tests.support.consent import visit_consent_page
from tests.support.qt import delete_now
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui


@pytest.fixture
def stack() -> Iterator[DemoStack]:
    """Fresh servers with the diagnostics tools: nobody has consented to the calendar yet."""
    demo = DemoStack(idp=DemoIdp(interval=0), test_tools=True).start()
    yield demo
    demo.stop()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The links the window asked the desktop to open (none is really opened)."""
    links: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: links.append(url.toString()))
    return links


class Window:
    def __init__(self, page: ChatPage, controller: ChatController, model: ScriptedModel) -> None:
        self.page, self.controller, self.model = page, controller, model

    def cards(self, kind: type) -> list:
        return [item for item in self.page.transcript.items() if isinstance(item, kind)]

    def idle(self) -> bool:
        return not self.controller.is_answering


async def open_window(qtbot: QtBot, stack: DemoStack, user: str, turns: list) -> Window:
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp, user)
    model = ScriptedModel(turns)
    page = ChatPage()
    page.resize(900, 700)
    page.show()
    controller = ChatController(page, ChatSession(stack.profile, auth, model=model), page)
    await controller.start()
    window = Window(page, controller, model)
    window.auth = auth  # type: ignore[attr-defined]
    return window


@pytest.fixture
async def windows(qtbot: QtBot) -> AsyncIterator[list[Window]]:
    opened_windows: list[Window] = []
    yield opened_windows
    for window in opened_windows:
        await window.controller.shutdown()
        await window.auth.aclose()  # type: ignore[attr-defined]
        delete_now(window.page)


# --- consent links ---------------------------------------------------------------------------


async def test_consent_card_link_page_connected_and_the_retry_succeeds(
    qtbot: QtBot, stack: DemoStack, windows: list[Window], opened: list[str]
):
    window = await open_window(
        qtbot, stack, "alice", [[Use("calendar___listEvents")], [Say("Your week.")]]
    )
    windows.append(window)
    await ask(qtbot, window.page, "What is on my calendar?")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the consent card")
    [card] = window.cards(ConsentCardView)
    # A card added to a shown transcript is shown on a later loop turn: wait for that.
    await wait_until(card.isVisible, 10, "the consent card to be shown")
    assert card.message_text().startswith("Connect your Example Calendar account")
    assert card.host_text() == "Link to: 127.0.0.1"
    assert card.open_button.isVisible() and card.link_text() == "" and card.warning_text() == ""
    # keyboard first: Space opens the link
    await wait_until(card.open_button.hasFocus, 10, "focus on Open in browser")
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
    qtbot: QtBot, stack: DemoStack, windows: list[Window], opened: list[str]
):
    window = await open_window(
        qtbot, stack, "alice", [[Use("calendar___listEvents")], [Say("Not connected, sorry.")]]
    )
    windows.append(window)
    await ask(qtbot, window.page, "What is on my calendar?")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the consent card")
    [card] = window.cards(ConsentCardView)
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
    qtbot: QtBot, stack: DemoStack, windows: list[Window], opened: list[str]
):
    url = "http://consent.example.com/connect?x=1"
    window = await open_window(
        qtbot,
        stack,
        "alice",
        [[Use("diagnostics___needsConsent", {"url": url, "message": "<b>Connect</b> it"})], []],
    )
    windows.append(window)
    await ask(qtbot, window.page, "Try the odd link")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the consent card")
    [card] = window.cards(ConsentCardView)
    assert not card.open_button.isVisibleTo(card)
    assert card.link_text() == url and "not https" in card.warning_text()
    assert card.message_text() == "<b>Connect</b> it"  # plain text, not markup
    assert card.host_text() == "Link to: consent.example.com"
    assert card.connected_button.hasFocus()
    qtbot.keyClick(card.connected_button, Qt.Key.Key_Space)
    await wait_until(window.idle, 20, "the answer")
    assert card.state() == NOT_CONNECTED and opened == []


async def test_stop_while_a_consent_waits_marks_the_card_stopped(
    qtbot: QtBot, stack: DemoStack, windows: list[Window], opened: list[str]
):
    window = await open_window(
        qtbot, stack, "alice", [[Use("diagnostics___needsConsent", {"url": "https://x.example/c"})]]
    )
    windows.append(window)
    await ask(qtbot, window.page, "Try it")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the consent card")
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
    qtbot: QtBot, stack: DemoStack, windows: list[Window]
):
    window = await open_window(qtbot, stack, "alice", ticket_turns())
    windows.append(window)
    before = len(stack.gateway.tickets.created) if stack.gateway else 0
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    await wait_until(lambda: window.cards(FormCardView), 20, "the form")
    [form] = window.cards(FormCardView)
    # Required fields left empty: Accept is disabled and the form says which.
    assert not form.accept_button.isEnabled()
    assert form.problem_text() == "Fill in: Priority, Assignee"
    priority = form.editor("priority")
    assert isinstance(priority, QComboBox) and priority.hasFocus()
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
    qtbot: QtBot, stack: DemoStack, windows: list[Window], button: str, word: str
):
    window = await open_window(qtbot, stack, "alice", ticket_turns())
    windows.append(window)
    assert stack.gateway is not None
    before = len(stack.gateway.tickets.created)
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    await wait_until(lambda: window.cards(FormCardView), 20, "the form")
    [form] = window.cards(FormCardView)
    qtbot.mouseClick(getattr(form, f"{button}_button"), Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 20, "the answer")
    [tool] = window.page.transcript.tool_cards()
    assert f"The person {word} the form." in tool.result_text()
    assert len(stack.gateway.tickets.created) == before


async def test_stop_while_a_form_is_open_cancels_it(
    qtbot: QtBot, stack: DemoStack, windows: list[Window]
):
    window = await open_window(qtbot, stack, "alice", ticket_turns())
    windows.append(window)
    await ask(qtbot, window.page, "Open a ticket")
    await allow_the_ticket(qtbot, window)
    await wait_until(lambda: window.cards(FormCardView), 20, "the form")
    qtbot.mouseClick(window.page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(window.idle, 2, "Stop")
    [form] = window.cards(FormCardView)
    assert form.answer() == "cancel" and not form.decline_button.isEnabled()
