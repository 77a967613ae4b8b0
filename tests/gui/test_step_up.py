"""Step-up in the window: the gateway asks for tickets:admin, a card offers **Sign in again**,
the person signs in again (the test plays the browser) and the question goes through, in the
same conversation."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.demo.stack import DemoStack
from gui.ui.widgets.step_up_card import DONE, OFFERED, StepUpCardView
from tests.support import browser
from tests.support.auth import approve_in_browser
from tests.support.chat_page import ask, idle
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

AUDIT = "tickets___auditLog"


class Person:
    """Plays the person's browser for links opened once ``ready``: the demo's sign-in page
    (the browser sign-in) or the device code's page, approving as Alice."""

    def __init__(self, stack: DemoStack) -> None:
        self.stack = stack
        self.ready = False

    def __call__(self, url: str) -> None:
        if not self.ready:
            return
        threading.Thread(target=self._visit, args=(url,), daemon=True).start()

    def _visit(self, url: str) -> None:
        if "/authorize?" in url:
            browser.play(url, "alice")
        else:
            (code,) = parse_qs(urlsplit(url).query)["user_code"]
            approve_in_browser(self.stack.idp, code, "alice")


def step_up_cards(harness: Harness) -> list[StepUpCardView]:
    page = harness.window.chat_page
    return [item for item in page.transcript.items() if isinstance(item, StepUpCardView)]


@pytest.mark.parametrize("method", ["device", "browser"])
async def test_signing_in_again_lets_the_question_through(
    qtbot: QtBot, stack: DemoStack, method: str
) -> None:
    profile = stack.profile.__class__(**{**stack.profile.__dict__, "sign_in_method": method})
    person = Person(stack)
    h = Harness(qtbot, profile, opener=person)
    try:
        await h.sign_in(stack.idp)  # the device code, approved as Alice
        page = h.window.chat_page
        assert h.controller.chat_controller is not None
        await wait_until(lambda: idle(page) and page.composer.edit.isEnabled(), 15, "the chat")
        await ask(qtbot, page, "show the ticket audit log")
        await wait_until(lambda: bool(step_up_cards(h)) and idle(page), 20, "the step-up card")
        (card,) = step_up_cards(h)
        assert card.state() == OFFERED and card.scope() == "tickets:admin"
        assert page.transcript.notices() == []  # the card says it: no second error line
        assert stack.gateway is not None and stack.gateway.call_count(AUDIT) == 0

        person.ready = True
        qtbot.mouseClick(card.sign_in_button, Qt.MouseButton.LeftButton)
        await wait_until(
            lambda: stack.gateway.call_count(AUDIT) == 1 and idle(page), 30, "the retried call"
        )
        assert card.state() == DONE and "tickets:admin" in card.status_text()
        opened = h.opened[-1]
        assert ("/authorize?" in opened) is (method == "browser")
        if method == "browser":
            assert "tickets%3Aadmin" in opened and "invoke%3Amcp" in opened
        # Same conversation: the question once, then the answer with the audit log.
        users = [m for m in page.transcript.messages() if m.role == "user"]
        assert len(users) == 1 and "audit log" in users[0].toPlainText()
        cards = page.transcript.tool_cards()
        assert cards[-1].title() == "tickets · auditLog" and not cards[-1].is_error()
        assert h.window.current_page() is page and "Alice" in h.window.user_label.text()
    finally:
        await h.close()


async def test_not_now_leaves_the_card_as_a_record(qtbot: QtBot, stack: DemoStack) -> None:
    h = Harness(qtbot, stack.profile)
    try:
        await h.sign_in(stack.idp)
        page = h.window.chat_page
        await ask(qtbot, page, "show the ticket audit log")
        await wait_until(lambda: bool(step_up_cards(h)) and idle(page), 20, "the step-up card")
        (card,) = step_up_cards(h)
        qtbot.mouseClick(card.dismiss_button, Qt.MouseButton.LeftButton)
        assert card.state() == "dismissed" and not card.sign_in_button.isVisible()
        assert "Not signed in again" in card.status_text()
    finally:
        await h.close()
