"""Links are shown as they will open, and look-alike hosts are not opened (issue #17, item 3).

What we saw: a consent link to ``https://аccounts.google.com/`` (Cyrillic а) was shown as
"accounts.google.com" and opened ``xn--ccounts-1fg.google.com``; ``%2e`` and the ideographic
full stop opened ``accounts.google.com.evil.example``; the device flow's link was never
compared with the issuer. Real sign-in server and gateway on loopback, the real ChatSession.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.agent.session import ChatSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.consent_card import ConsentCardView
from tests.support.auth import device_answer_with, make_session, sign_in_as
from tests.support.chat import ScriptedModel, Use
from tests.support.chat_page import ask, idle
from tests.support.look_alikes import LOOK_ALIKE_CONSENT_LINKS
from tests.support.qt import delete_now
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui


@pytest.fixture
async def chat(qtbot: QtBot, stack: DemoStack) -> AsyncIterator[tuple[ChatPage, ScriptedModel]]:
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp)
    model = ScriptedModel([])  # each test adds its turns
    page = ChatPage()
    page.resize(900, 700)
    page.show()
    controller = ChatController(page, ChatSession(stack.profile, auth, model=model), page)
    await controller.start()
    yield page, model
    await controller.shutdown()
    await auth.aclose()
    delete_now(page)


@pytest.mark.parametrize(("url", "host", "why"), LOOK_ALIKE_CONSENT_LINKS)
async def test_a_look_alike_consent_link_names_its_real_host_and_is_not_opened(
    qtbot: QtBot, chat, opened: list[str], url: str, host: str, why: str
):
    page, model = chat
    model.turns += [
        [Use("diagnostics___needsConsent", {"url": url, "message": "Connect Google"})],
        [],
    ]
    await ask(qtbot, page, "Connect me")
    cards = lambda: [i for i in page.transcript.items() if isinstance(i, ConsentCardView)]  # noqa: E731
    await wait_until(cards, 20, "the consent card")
    [card] = cards()
    assert card.host_text() == f"Link to: {host}"  # as the browser would resolve it
    assert not card.open_button.isVisibleTo(card)
    assert card.link_text() == url  # the raw link, to copy
    assert why in card.warning_text() and host in card.warning_text()
    card.open_requested.emit()  # even if the button were reached somehow
    assert opened == []
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 10, "Stop")


async def test_an_international_name_in_one_script_opens_and_is_shown_in_ascii(
    qtbot: QtBot, chat, opened: list[str]
):
    page, model = chat
    url = "https://m\u00fcnchen.example/consent"
    model.turns += [[Use("diagnostics___needsConsent", {"url": url})], []]
    await ask(qtbot, page, "Connect me")
    cards = lambda: [i for i in page.transcript.items() if isinstance(i, ConsentCardView)]  # noqa: E731
    await wait_until(cards, 20, "the consent card")
    [card] = cards()
    assert card.host_text() == "Link to: xn--mnchen-3ya.example"
    assert card.open_button.isVisibleTo(card) and card.warning_text() == ""
    card.open_button.click()
    assert len(opened) == 1
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), 10, "Stop")


# --- the sign-in page's verification link ----------------------------------------------------


@pytest.fixture
def idp(shared_stack: DemoStack) -> Iterator[DemoIdp]:
    """The sign-in server of ``harness``'s window (faults cleared afterwards)."""
    yield shared_stack.idp
    shared_stack.idp.clear_faults()


@pytest.mark.parametrize(("link", "host", "why"), LOOK_ALIKE_CONSENT_LINKS)
async def test_a_look_alike_verification_link_names_its_real_host_and_is_not_opened(
    harness: Harness, idp: DemoIdp, qtbot: QtBot, link: str, host: str, why: str
):
    device_answer_with(idp, link)
    await harness.controller.start()
    page = harness.page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.current_panel() == "code", 10, "the code panel")
    assert page.link_label.text() == link  # the raw link, to copy
    assert page.link_host_label.text() == f"Link to: {host}"
    assert page.link_warning.isVisibleTo(page) and why in page.link_warning.text()
    assert not page.open_button.isVisibleTo(page) and page.qr.text() == ""
    page.open_link_clicked.emit()
    assert harness.opened == []
    await harness.controller.sign_in.shutdown()


async def test_a_verification_link_on_another_domain_than_the_issuer_is_not_opened_at_once(
    harness: Harness, idp: DemoIdp, qtbot: QtBot
):
    device_answer_with(idp, "https://login.sso-example.com/activate?user_code=ABCD")
    await harness.controller.start()
    page = harness.page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.current_panel() == "code", 10, "the code panel")
    assert page.link_host_label.text() == "Link to: login.sso-example.com"
    assert page.site_warning.isVisibleTo(page)
    assert "sso-example.com" in page.site_warning.text()
    assert "like the sign-in server" in page.site_warning.text()
    assert not page.link_warning.isVisibleTo(page)  # https: openable, by the person's choice
    assert harness.opened == []  # not at once
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert harness.opened == ["https://login.sso-example.com/activate?user_code=ABCD"]
    await harness.controller.sign_in.shutdown()


async def test_the_issuers_own_link_opens_at_once_without_a_warning(harness: Harness, qtbot: QtBot):
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()
    page = harness.page
    assert page.link_host_label.text() == "Link to: 127.0.0.1"
    assert not page.site_warning.isVisibleTo(page) and not page.link_warning.isVisibleTo(page)
    await harness.controller.sign_in.shutdown()
