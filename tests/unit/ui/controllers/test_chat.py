"""gui/ui/controllers/chat.py: how a tool card writes arguments and results, and a
gateway the ChatController cannot reach, shown in the page.

A real ChatSession with a real token source is not needed to fail at start: the
gateway URL is a loopback port nothing listens on.
"""

from __future__ import annotations

from gui.agent.session import ChatSession
from gui.config import Profile
from gui.ui.controllers.chat import ChatController, format_arguments, format_result
from gui.ui.views.chat import ChatPage
from tests.support.chat import StaticTokens
from tests.support.http_server import refused_port
from tests.support.qt import delete_now


def test_arguments_are_indented_json_keeping_unicode() -> None:
    assert (
        format_arguments({"name": "ねるねるお", "n": 1})
        == '{\n  "name": "ねるねるお",\n  "n": 1\n}'
    )
    assert format_arguments({"when": object}).startswith('{\n  "when": "<class')


def test_json_results_are_reindented() -> None:
    assert format_result('{"age":30}') == ('{\n  "age": 30\n}', 0)


def test_text_results_are_kept_and_long_ones_cut() -> None:
    assert format_result("{not json") == ("{not json", 0)
    text, left_out = format_result("x" * 100, limit=40)
    assert (len(text), left_out) == (40, 60)


async def test_an_unreachable_gateway_shows_retry_and_keeps_send_off() -> None:
    port = refused_port()
    profile = Profile(
        issuer="https://login.example.com/",
        client_id="cid",
        gateway_url=f"http://127.0.0.1:{port}/mcp",
        model="offline",
    )
    page = ChatPage()
    page.show()
    controller = ChatController(page, ChatSession(profile, StaticTokens("unused-token")), page)
    try:
        await controller.start()
        assert page.status_frame.isVisible() and page.retry_button.isVisible()
        assert f"127.0.0.1:{port}" in page.status_label.text()
        assert "unused-token" not in page.status_label.text()
        page.composer.edit.setPlainText("anything")
        assert not page.composer.send_button.isEnabled()
        assert page.model_label.text() == "Model: Offline router"
        assert not controller.is_answering
    finally:
        await controller.shutdown()
        delete_now(page)
