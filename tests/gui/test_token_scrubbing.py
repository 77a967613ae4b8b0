"""The window never shows our token: a tool that echoes its request's headers (issue #17, 4).

The chat pane over the real ChatSession, the real sign-in server and gateway on loopback;
the model is scripted (tests/support/chat.py) to call ``diagnostics___echoHeaders``, which
answers with the request's ``Authorization: Bearer <access token>``.
"""

from __future__ import annotations

import json

import pytest
from pytestqt.qtbot import QtBot

from gui.agent.session import ChatSession
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.untrusted import TOKEN_REMOVED
from tests.support.auth import signed_in_session
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import ask, idle
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui


async def test_the_tool_card_and_the_model_see_no_echoed_token(
    qtbot: QtBot, page: ChatPage, module_stack: DemoStack
) -> None:
    model = ScriptedModel([[Use("diagnostics___echoHeaders")], [Say("Those are the headers.")]])
    async with signed_in_session(module_stack.idp) as auth:
        session = ChatSession(module_stack.profile, auth, model=model)
        controller = ChatController(page, session, page)
        await controller.start()
        try:
            tokens = auth.secrets_in_play()  # what the requests carry, and the others
            await ask(qtbot, page, "Which headers does the gateway see?")
            await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20, "the answer")
        finally:
            await controller.shutdown()
    [card] = page.transcript.tool_cards()
    card.set_expanded(True)
    shown = card.result_text()
    box = card.result_box()
    assert not card.is_error()
    assert "authorization" in shown and f"Bearer {TOKEN_REMOVED}" in shown
    places = {
        "the card": shown,
        "the card's text box": box.toPlainText() if box is not None else "",
        "the transcript": "\n".join(m.toPlainText() for m in page.transcript.messages()),
        "the model's input": json.dumps(model.calls),
    }
    for where, text in places.items():
        for token in tokens:
            assert token not in text and token[-24:] not in text, f"a token in {where}"
