"""Cards that ask never take a keystroke meant for the composer (issue #17, item 2).

What we saw: someone still typing when an approval card appeared ("wait 1 second" and
go on typing) ran a tool, or, with a destructive tool, pressed Deny: the card moved the
keyboard focus to its default button. Here keys go in through the window, as a real
keyboard's do (to whatever has the focus), while the real ChatSession, the embedded
gateway and sign-in server run on loopback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from gui.agent.approval import ApprovalPolicy
from gui.agent.session import ChatSession
from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.consent_card import ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from tests.support.auth import make_session, sign_in_as
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import idle
from tests.support.clock import FakeClock
from tests.support.qt import delete_now
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui

DELETE = "tickets___deleteTicket"
CARD_KINDS = {"approval": ApprovalCardView, "consent": ConsentCardView}
STILL_TYPING = " and wait 1 second, then also close T-2 please "


async def open_chat(stack: DemoStack, model: ScriptedModel | None = None) -> ChatController:
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp)
    page = ChatPage()
    page.resize(900, 700)
    page.show()
    page.activateWindow()
    session = ChatSession(stack.profile, auth, approvals=ApprovalPolicy(), model=model)
    controller = ChatController(page, session, page)
    controller.auth = auth  # type: ignore[attr-defined]
    await controller.start()
    return controller


@pytest.fixture
async def chats() -> AsyncIterator[list[ChatController]]:
    opened: list[ChatController] = []
    yield opened
    for controller in opened:
        page = controller.page
        await controller.shutdown()
        await controller.auth.aclose()  # type: ignore[attr-defined]
        delete_now(page)


def focused(page: QWidget) -> QWidget:
    """Where the window sends a key: its focus widget (the window itself if none)."""
    window = page.window()
    return window.focusWidget() or window


def type_keys(page: QWidget, text: str) -> None:
    """Key presses as a keyboard sends them: each to whatever has the focus then.

    (QTest's QWindow variant would be closer still, but it runs the event loop inside the
    test's task, which qasync refuses.)
    """
    for char in text:
        QTest.keyClick(focused(page), char)


def press(page: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """One key (Tab, Alt+D...) to whatever has the focus."""
    QTest.keyClick(focused(page), key, modifier)


async def ask_and_keep_typing(page: ChatPage, question: str, appeared) -> str:
    """Ask, then type on without a pause until ``appeared()``, then type some more.

    Returns what was typed after the question, all of which belongs in the composer.
    """
    page.composer.focus_input()
    type_keys(page, question)
    press(page, Qt.Key.Key_Return)
    typed = []

    def one_more_key() -> bool:
        char = STILL_TYPING[len(typed) % len(STILL_TYPING)]
        type_keys(page, char)
        typed.append(char)
        return bool(appeared())

    await wait_until(one_more_key, 20, "the card, while typing")
    type_keys(page, STILL_TYPING)  # the card is there now: typing goes on, spaces and all
    return "".join(typed) + STILL_TYPING


async def approval_card_while_typing(
    stack: DemoStack, chats: list[ChatController], question: str
) -> tuple[ChatPage, ApprovalCardView, str]:
    """Open a chat and ask ``question``, typing on until its approval card is shown.

    Returns the page, the card and what was typed after the question.
    """
    controller = await open_chat(stack)
    chats.append(controller)
    page = controller.page
    typed = await ask_and_keep_typing(page, question, page.transcript.approval_cards)
    [card] = page.transcript.approval_cards()
    await wait_until(card.isVisible, 5, "the card to be shown")
    return page, card, typed


async def test_typing_goes_on_in_the_composer_when_an_approval_card_appears(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], press_clock: FakeClock
):
    page, card, typed = await approval_card_while_typing(stack, chats, "delete ticket T-1")
    type_keys(page, "  ")
    assert card.is_pending()  # no space pressed Deny (the default button of a destructive tool)
    assert stack.gateway.call_count(DELETE) == 0 and page.transcript.tool_cards() == []
    assert "T-1" in stack.gateway.tickets.ids()
    assert page.composer.edit.hasFocus()
    assert page.composer.text() == typed + "  "  # every key landed in the composer
    # Answered with the mouse, once the card has been there a moment.
    press_clock.advance(0.6)
    qtbot.mouseClick(card.deny_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 20, "the answer")
    assert card.outcome() == "deny" and "T-1" in stack.gateway.tickets.ids()


async def test_a_click_as_the_card_appears_is_ignored_and_a_later_one_counts(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], press_clock: FakeClock
):
    page, card, _ = await approval_card_while_typing(stack, chats, "delete ticket T-1")
    # A click that was meant for what was there before the card: ignored.
    qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)
    press_clock.advance(0.5)
    qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)
    assert card.is_pending() and card.press_guard.ignored == 2
    # A press begun before the moment is over does not count when released after it.
    QTest.mousePress(card.allow_once_button, Qt.MouseButton.LeftButton)
    press_clock.advance(0.2)
    QTest.mouseRelease(card.allow_once_button, Qt.MouseButton.LeftButton)
    assert card.is_pending()
    assert stack.gateway.call_count(DELETE) == 0
    qtbot.mouseClick(card.allow_once_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 20, "the answer")
    assert card.outcome() == "once" and "T-1" not in stack.gateway.tickets.ids()


async def test_keyboard_users_reach_the_card_with_tab_and_its_shortcuts(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], press_clock: FakeClock
):
    page, card, _ = await approval_card_while_typing(stack, chats, "delete ticket T-2")
    assert page.composer.edit.hasFocus()
    press(page, Qt.Key.Key_Tab)  # from the question box straight to the card
    assert card.allow_once_button.hasFocus()
    press(page, Qt.Key.Key_Tab)
    assert card.always_button.hasFocus()
    press(page, Qt.Key.Key_Tab)
    assert card.deny_button.hasFocus()
    press(page, Qt.Key.Key_Space)  # too soon: ignored
    assert card.is_pending()
    page.composer.focus_input()
    press_clock.advance(0.6)
    press(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Alt+D from the composer
    await wait_until(lambda: idle(page), 20, "the answer")
    assert card.outcome() == "deny"
    assert "T-2" in stack.gateway.tickets.ids() and stack.gateway.call_count(DELETE) == 0


@pytest.mark.parametrize("kind", ["approval", "consent"])
async def test_a_card_in_a_background_window_alerts_it_without_taking_the_focus(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], monkeypatch, kind: str
):
    alerted: list[QWidget] = []
    monkeypatch.setattr(QApplication, "alert", lambda widget, ms=0: alerted.append(widget))
    if kind == "approval":
        model, question = None, "delete ticket T-3"
    else:
        url = "https://consent.example.com/connect"
        model = ScriptedModel([[Use("diagnostics___needsConsent", {"url": url})], [Say("OK.")]])
        question = "Try the link"
    controller = await open_chat(stack, model)
    chats.append(controller)
    page = controller.page
    asking = controller.approvals if kind == "approval" else controller.elicitation
    cards = lambda: [i for i in page.transcript.items() if isinstance(i, CARD_KINDS[kind])]  # noqa: E731
    other = QWidget()  # another window comes to the front while the agent works
    try:
        page.composer.focus_input()
        type_keys(page, question)
        press(page, Qt.Key.Key_Return)
        other.show()
        other.activateWindow()
        await wait_until(cards, 20, "the card")
        assert alerted == [page.window()] and asking.alerts == 1
        assert page.focusWidget() is page.composer.edit  # the window's focus stays put
        press(page, Qt.Key.Key_Escape)  # Stop: the card says so
        await wait_until(lambda: idle(page), 20, "the answer")
    finally:
        delete_now(other)


async def test_a_consent_card_takes_no_keystroke_and_tab_reaches_it(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], press_clock: FakeClock
):
    url = "https://consent.example.com/connect"
    model = ScriptedModel([[Use("diagnostics___needsConsent", {"url": url})], [Say("OK.")]])
    controller = await open_chat(stack, model)
    chats.append(controller)
    page = controller.page
    cards = lambda: [i for i in page.transcript.items() if isinstance(i, ConsentCardView)]  # noqa: E731
    typed = await ask_and_keep_typing(page, "Try the link", cards)
    [card] = cards()
    await wait_until(card.isVisible, 5, "the card to be shown")
    type_keys(page, " ")
    assert page.composer.text() == typed + " " and page.composer.edit.hasFocus()
    assert card.state() == "waiting"  # no space pressed "I've connected"
    press(page, Qt.Key.Key_Tab)
    assert card.open_button.hasFocus()
    press(page, Qt.Key.Key_Tab)
    assert card.connected_button.hasFocus()
    press(page, Qt.Key.Key_Space)  # too soon
    assert card.state() == "waiting"
    press_clock.advance(0.6)
    press(page, Qt.Key.Key_Space)
    assert card.state() == "checking"
    await wait_until(lambda: idle(page), 20, "the answer")


async def test_a_form_card_takes_no_keystroke_and_tab_reaches_its_first_field(
    qtbot: QtBot, stack: DemoStack, chats: list[ChatController], press_clock: FakeClock
):
    model = ScriptedModel(
        [[Use("tickets___createTicket", {"title": "Printer on fire"})], [Say("Done.")]]
    )
    controller = await open_chat(stack, model)
    chats.append(controller)
    page = controller.page
    await ask_and_keep_typing(page, "Open a ticket", page.transcript.approval_cards)
    [approval] = page.transcript.approval_cards()
    press_clock.advance(0.6)
    qtbot.mouseClick(approval.allow_once_button, Qt.MouseButton.LeftButton)
    await wait_until(page.composer.edit.hasFocus, 5, "focus back in the composer")
    forms = lambda: [i for i in page.transcript.items() if isinstance(i, FormCardView)]  # noqa: E731
    before = page.composer.text()
    await wait_until(forms, 20, "the form")
    [form] = forms()
    await wait_until(form.isVisible, 5, "the form to be shown")
    type_keys(page, "more words")
    assert page.composer.text() == before + "more words" and page.composer.edit.hasFocus()
    assert form.answer() == ""
    press(page, Qt.Key.Key_Tab)
    assert form.editor("priority").hasFocus()
    assignee = form.editor("assignee")
    assert isinstance(assignee, QLineEdit)
    form.decline_button.click()  # too soon: ignored
    assert form.answer() == ""
    press_clock.advance(0.6)
    form.decline_button.click()
    await wait_until(lambda: idle(page), 20, "the answer")
    assert form.answer() == "decline"
