"""gui/ui/views/chat.py's ChatController: a gateway it cannot reach, shown in the page.

A real ChatSession with a real token source is not needed to fail at start: the
gateway URL is a loopback port nothing listens on.
"""

from __future__ import annotations

from gui.agent.session import ChatSession
from gui.config import Profile
from gui.ui.views.chat import ChatController, ChatPage
from tests.support.chat import StaticTokens
from tests.support.http_server import refused_port
from tests.support.qt import delete_now


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
