"""The chat pane with the real ChatSession: embedded gateway, offline router, real sign-in."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.agent.session import ChatSession
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import STOPPED
from tests.support.chat_page import ask, idle, open_chat
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui


@pytest.fixture
async def chat(
    qtbot: QtBot, module_stack: DemoStack
) -> AsyncIterator[tuple[ChatPage, ChatController]]:
    """A signed-in ChatPage driven by the real session (the profile's offline router)."""
    async with open_chat(module_stack) as opened:
        yield opened


async def test_question_shows_card_and_answer(qtbot: QtBot, chat) -> None:
    page, _ = chat
    assert page.status_frame.isHidden()
    assert "not a language model" in page.model_notice.text().lower()
    assert page.model_notice.isVisible()
    await ask(qtbot, page, "How old is neruneruo?")
    # The answer can arrive within one poll of wait_until: wait for its card, then idle.
    await wait_until(
        lambda: bool(page.transcript.tool_cards()) and idle(page), timeout=20, what="the answer"
    )
    [card] = page.transcript.tool_cards()
    assert card.title() == "people · getProfile"
    assert not card.is_error() and "30" in card.result_text()
    answer = page.transcript.messages()[-1]
    assert answer.role == "assistant"
    assert "30" in answer.toPlainText() and "development" in answer.toPlainText()
    assert page.transcript.notices() == []


async def test_tools_panel_lists_the_gateway_tools(chat) -> None:
    page, _ = chat
    titles = page.tools_panel.visible_titles()
    assert "people · getProfile" in titles and "diagnostics · sleep" in titles
    assert all("___" not in title for title in titles)


async def test_stop_during_slow_tool(qtbot: QtBot, chat) -> None:
    page, _ = chat
    await ask(qtbot, page, "sleep 30 seconds")
    await wait_until(lambda: page.transcript.tool_cards(), timeout=20, what="the sleep call")
    assert page.transcript.tool_cards()[0].title() == "diagnostics · sleep"
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    # The tool sleeps 30 s; Send is back long before (latency: tests/benchmarks/).
    await wait_until(lambda: idle(page), timeout=15, what="Send to come back")
    assert [notice.kind for notice in page.transcript.notices()] == [STOPPED]
    # The session takes the next question.
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: len(page.transcript.messages()) >= 3 and idle(page), timeout=20)
    assert "30" in page.transcript.messages()[-1].toPlainText()


async def test_new_chat_clears_transcript_and_conversation(qtbot: QtBot, chat) -> None:
    page, controller = chat
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: len(page.transcript.messages()) == 2 and idle(page), timeout=20)
    session: ChatSession = controller.session
    assert session.messages
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    await wait_until(lambda: page.transcript.items() == [], timeout=10, what="Ctrl+N")
    assert session.messages == []
