"""The chat pane with the real ChatSession: keys, streaming, tool cards, stop, errors.

Everything but the language model is real: the sign-in server and the gateway on
loopback, the MCP traffic, ``ChatSession`` and its strands agent. The model is
``ScriptedModel`` (tests/support/chat.py), which plays canned turns. Only the
stuck-session cases use ``ScriptedChatSession``: a session that ignores Stop cannot
be provoked with the real one, and the view's own fallback must still be tested.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from gui.agent.events import TextDelta
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.errors import AccessRevoked, SessionExpired
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import ERROR, STOPPED
from tests.support.auth import make_session, revoke_elsewhere, sign_in_as, signed_in_session
from tests.support.chat import Say, ScriptedModel, Use, restart_gateway
from tests.support.chat_page import ask, idle
from tests.support.fake_chat import ScriptedChatSession, answer
from tests.support.qt import delete_now
from tests.support.waiting import signal_future, wait_until

pytestmark = pytest.mark.gui

NERU_ANSWER = "**neruneruo** is 30 and works in *development*."
NERU_TURNS = [[Use("people___getProfile", {"name": "neruneruo"})], [Say(NERU_ANSWER)]]
SLEEP_30 = [[Use("diagnostics___sleep", {"seconds": 30})], [Say("never reached")]]


@pytest.fixture
async def auth(module_stack: DemoStack) -> AsyncIterator[AuthSession]:
    """Alice, signed in for real (remembered in memory)."""
    async with signed_in_session(module_stack.idp) as session:
        yield session


class Chat:
    """Builds started controllers on ``page`` over real sessions; shuts them all down."""

    def __init__(self, page: ChatPage, stack: DemoStack, auth: AuthSession) -> None:
        self.page, self.stack, self.auth = page, stack, auth
        self.controllers: list[ChatController] = []

    async def start(
        self, model: ScriptedModel | None = None, session: object | None = None, **kwargs: object
    ) -> ChatController:
        """A controller over ``session``, or a real ChatSession playing ``model``."""
        if session is None:
            session = ChatSession(self.stack.profile, self.auth, model=model, **kwargs)  # type: ignore[arg-type]
        controller = ChatController(self.page, session, self.page)
        self.controllers.append(controller)
        await controller.start()
        return controller

    async def close(self) -> None:
        for controller in self.controllers:
            await controller.shutdown()


@pytest.fixture
async def chat(page: ChatPage, module_stack: DemoStack, auth: AuthSession) -> AsyncIterator[Chat]:
    chats = Chat(page, module_stack, auth)
    yield chats
    await chats.close()


@pytest.fixture
async def gateway_back(module_stack: DemoStack) -> AsyncIterator[None]:
    """For tests that stop or change the shared gateway: a full one again afterwards."""
    yield
    await restart_gateway(module_stack, test_tools=True)


def questions(model: ScriptedModel) -> list[str]:
    """The last user text of every model call: what the view asked."""
    asked = []
    for messages in model.calls:
        texts = [
            t for m in messages if m["role"] == "user" for b in m["content"] if (t := b.get("text"))
        ]
        asked.append(texts[-1] if texts else "")
    return asked


async def test_enter_sends_and_shows_tool_card_and_answer(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    model = ScriptedModel(NERU_TURNS)
    await chat.start(model)
    await ask(qtbot, page, "How old is neruneruo?")
    assert page.composer.text() == ""
    assert page.composer.stop_button.isVisible()
    await wait_until(
        lambda: idle(page) and len(page.transcript.messages()) == 2, 20, "the answer to finish"
    )

    assert questions(model)[0] == "How old is neruneruo?"
    user, assistant = page.transcript.messages()
    assert user.role == "user" and user.toPlainText() == "How old is neruneruo?"
    [card] = page.transcript.tool_cards()
    assert card.title() == "people · getProfile"
    assert '"name": "neruneruo"' in card.arguments_text()
    assert '"age": 30' in card.result_text()  # the gateway's answer, not a script's
    assert not card.is_running() and not card.is_error()
    assert not card.is_expanded()  # collapsed once finished
    assert assistant.toPlainText() == "neruneruo is 30 and works in development."
    assert assistant.markdown() == NERU_ANSWER
    # order: question, card, answer
    assert page.transcript.items() == [user, card, assistant]
    assert page.composer.edit.hasFocus()
    assert chat.stack.gateway is not None
    assert chat.stack.gateway.call_count("people___getProfile") >= 1


async def test_send_needs_text_and_the_button_sends(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    model = ScriptedModel([[Say("ok")]])
    await chat.start(model)
    assert not page.composer.send_button.isEnabled()
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)  # empty: nothing happens
    qtbot.keyClicks(page.composer.edit, "   ")
    assert not page.composer.send_button.isEnabled()
    qtbot.keyClicks(page.composer.edit, "hello")
    assert page.composer.send_button.isEnabled()
    qtbot.mouseClick(page.composer.send_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: len(page.transcript.messages()) == 2 and idle(page), 20)
    assert questions(model) == ["hello"]
    assert page.transcript.messages()[-1].toPlainText() == "ok"


async def test_shift_enter_adds_a_line_instead_of_sending(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    model = ScriptedModel([[Say("ok")]])
    await chat.start(model)
    qtbot.keyClicks(page.composer.edit, "first")
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.composer.edit, "second")
    assert page.composer.text() == "first\nsecond"
    assert page.transcript.items() == []
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Enter)  # keypad Enter sends too
    await wait_until(lambda: len(page.transcript.messages()) == 2 and idle(page), 20)
    assert questions(model) == ["first\nsecond"]


async def test_stop_during_a_slow_tool(qtbot: QtBot, page: ChatPage, chat: Chat) -> None:
    model = ScriptedModel(SLEEP_30)
    controller = await chat.start(model)
    gateway = chat.stack.gateway
    assert gateway is not None
    before = gateway.call_count("diagnostics___sleep")
    await ask(qtbot, page, "sleep 30 seconds")
    await wait_until(
        lambda: gateway.call_count("diagnostics___sleep") == before + 1, 20, "the tool to run"
    )
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    # The tool sleeps 30 s: Send is back long before (latency: tests/benchmarks/).
    await wait_until(lambda: idle(page), 15, "Send to come back")
    [notice] = page.transcript.notices()
    assert notice.kind == STOPPED and notice.text() == "Stopped."
    [card] = page.transcript.tool_cards()
    assert not card.is_running()
    assert page.composer.edit.hasFocus()
    assert not controller.is_answering
    assert len(model.calls) == 1  # the model never saw a result: the question ended


async def test_escape_stops_and_a_stuck_session_is_cancelled(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    # A session stuck in a call, deaf to Stop: only the fake can be that broken.
    session = ScriptedChatSession([TextDelta("thinking"), 30.0, *answer("late")], ignore_stop=True)
    await chat.start(session=session)
    await ask(qtbot, page, "take forever")
    await wait_until(lambda: page.transcript.messages()[-1].role == "assistant")
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Escape)
    assert not page.composer.stop_button.isEnabled()  # "Stopping…"
    # The session would answer after 30 s; the view's fallback cancel ends it long before.
    await wait_until(lambda: idle(page), 15, "the fallback cancel")
    assert session.stops == 1
    assert [n.kind for n in page.transcript.notices()] == [STOPPED]
    assert page.transcript.messages()[-1].toPlainText() == "thinking"


async def test_new_chat_clears_transcript_and_conversation(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    model = ScriptedModel([*NERU_TURNS, *SLEEP_30])
    session = ChatSession(chat.stack.profile, chat.auth, model=model)
    await chat.start(session=session)
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: idle(page) and len(page.transcript.items()) == 3, 20)
    assert session.messages
    qtbot.mouseClick(page.composer.new_chat_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.transcript.items() == [], 5, "the transcript to clear")
    assert session.messages == []
    assert page.composer.edit.hasFocus()
    # Ctrl+N does the same, from anywhere in the page, even while an answer runs.
    await ask(qtbot, page, "again")
    await wait_until(lambda: page.transcript.tool_cards(), 20, "the slow tool's card")
    assert questions(model)[-1] == "again"
    assert [t for m in model.calls[-1] for b in m["content"] if (t := b.get("text"))] == [
        "again"
    ]  # the model saw only the new conversation
    page.new_chat_shortcut.activated.emit()
    await wait_until(lambda: idle(page) and page.transcript.items() == [], 15, "Ctrl+N")
    assert session.messages == []


async def test_answers_render_no_html_and_load_nothing(
    qtbot: QtBot, page: ChatPage, chat: Chat, monkeypatch, tmp_path: Path
) -> None:
    # A real image a plain QTextBrowser *does* load (a file: Qt fetches no http itself):
    # if the renderer let resources through, this one would be in the document.
    image_path = tmp_path / "chart.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(image_path))
    image_url = QUrl.fromLocalFile(str(image_path))
    base = "http://127.0.0.1:9"
    text = (
        f'Look: <img src="{image_url.toString()}"> <script>alert("x")</script>\n\n'
        f"![chart]({image_url.toString()}) and [the docs](https://example.com/docs) "
        f"and [a file](file:///etc/passwd) and [local]({base}/chart.png)\n"
    )
    plain = QTextBrowser()
    try:
        plain.setMarkdown(text)
        loaded = plain.document().resource(QTextDocument.ResourceType.ImageResource, image_url)
        assert loaded is not None, "the control should load the image: the test proves nothing"
    finally:
        delete_now(plain)

    await chat.start(ScriptedModel([[Say(text, chunk=5)]]))
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)))
    await ask(qtbot, page, "show me")
    await wait_until(lambda: idle(page) and len(page.transcript.messages()) == 2, 20)
    message = page.transcript.messages()[-1]
    message.viewport().repaint()  # lay out and paint: any resource would be asked for now
    rendered = message.toPlainText()
    assert f'<img src="{image_url.toString()}">' in rendered
    assert '<script>alert("x")</script>' in rendered
    assert "🖼 chart" in rendered
    document = message.document()
    assert "<img" not in document.toHtml().replace("&lt;img", "")  # only the text
    # Nothing was loaded: asking now goes to the renderer, which refuses and records it.
    assert document.resource(QTextDocument.ResourceType.ImageResource, image_url) is None
    assert [url.toString() for url in message.safe_document.refused] == [image_url.toString()]
    # Links stay clickable; only web links are opened, and only when clicked.
    assert opened == []
    message.anchorClicked.emit(QUrl("https://example.com/docs"))
    message.anchorClicked.emit(QUrl("file:///etc/passwd"))
    message.anchorClicked.emit(QUrl(f"{base}/chart.png"))
    assert [url.toString() for url in opened] == ["https://example.com/docs", f"{base}/chart.png"]


async def test_streaming_100_kb_renders_only_the_current_message(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    paragraph = "Some **streamed** text with a [link](https://example.com) and `code`. " * 4
    big = "".join(f"### Part {i}\n\n{paragraph}\n\n" for i in range(10_000))[: 100 * 1024]
    # A pause now and then, as a network would make, so the growth can be watched.
    streamed = Say(big, chunk=20, pause_every=250, pause=0.03)
    await chat.start(ScriptedModel([[Say("First answer.")], [streamed]]))
    await ask(qtbot, page, "one")
    await wait_until(lambda: idle(page) and len(page.transcript.messages()) == 2, 20)
    first_user, first_answer = page.transcript.messages()
    renders_before = first_answer.render_count

    await ask(qtbot, page, "big")
    await wait_until(lambda: len(page.transcript.messages()) == 4, 20, "the second answer")
    streaming = page.transcript.messages()[3]
    sources: list[int] = []
    shown: list[int] = []

    def sample() -> bool:
        sources.append(len(streaming.markdown()))
        shown.append(streaming.document().characterCount())
        return idle(page)

    await wait_until(sample, 60, "the 100 KB answer to finish")
    sample()

    assert streaming.markdown() == big
    assert sources == sorted(sources), "the received text only ever grows"
    assert len(set(shown)) >= 5, "the document should grow while the answer streams"
    deltas = len(big) // 20
    assert streaming.render_count < deltas / 2  # coalesced, not one render per delta
    assert first_answer.render_count == renders_before  # earlier messages untouched
    assert first_user.toPlainText() == "one"


async def test_a_sign_in_revoked_elsewhere_emits_session_failed(
    qtbot: QtBot, page: ChatPage, module_stack: DemoStack
) -> None:
    store = MemoryStore()
    auth = make_session(module_stack.idp, store)
    await sign_in_as(auth, module_stack.idp, "alice")
    chats = Chat(page, module_stack, auth)
    try:
        # A huge margin: every request renews the token, so the provider is asked each time.
        controller = await chats.start(
            ScriptedModel([[Say("Let me "), Use("people___listDepartments")]]),
            refresh_margin=10**7,
        )
        await revoke_elsewhere(module_stack.idp, store)
        failed = signal_future(controller.session_failed)
        await ask(qtbot, page, "who am I?")
        async with asyncio.timeout(20):
            (emitted,) = await failed
        assert isinstance(emitted, SessionExpired)
        await wait_until(lambda: idle(page), 10)
        [notice] = page.transcript.notices()
        assert notice.kind == ERROR and notice.text() == emitted.message
        assert await store.load(module_stack.idp.issuer, DEMO_CLIENT_ID) is None  # forgotten
    finally:
        await chats.close()
        await auth.aclose()


async def test_other_failures_show_inline_without_signing_out(
    qtbot: QtBot, page: ChatPage, chat: Chat, module_stack: DemoStack, gateway_back: None
) -> None:
    model = ScriptedModel(
        [
            [Use("diagnostics___fail", {"message": "boom"})],
            [Say("The tool failed.")],
            [Use("people___listDepartments")],
            [Say("never reached")],
        ]
    )
    controller = await chat.start(model)
    emitted: list[object] = []
    controller.session_failed.connect(emitted.append)
    await ask(qtbot, page, "fail please")
    await wait_until(lambda: idle(page) and len(page.transcript.messages()) == 2, 20)
    [card] = page.transcript.tool_cards()
    assert card.is_error() and "boom" in card.result_text()
    assert page.transcript.notices() == []  # a tool's error is part of the answer

    assert module_stack.gateway is not None
    await asyncio.to_thread(module_stack.gateway.stop)  # the gateway goes away mid-conversation
    await ask(qtbot, page, "departments?")
    await wait_until(lambda: idle(page) and page.transcript.notices(), 20, "the notice")
    [notice] = page.transcript.notices()
    assert notice.kind == ERROR and "Cannot reach the gateway" in notice.text()
    assert emitted == []  # not a reason to sign out


async def test_tool_card_toggles_with_the_keyboard(
    qtbot: QtBot, page: ChatPage, chat: Chat
) -> None:
    await chat.start(ScriptedModel(NERU_TURNS))
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: idle(page) and page.transcript.tool_cards(), 20)
    card = page.transcript.tool_cards()[0]
    header = card.header()
    assert not card.is_expanded()
    header.setFocus()
    qtbot.keyClick(header, Qt.Key.Key_Space)
    assert card.is_expanded()
    qtbot.keyClick(header, Qt.Key.Key_Return)
    assert not card.is_expanded()
    assert header.accessibleName() == "Tool call: people · getProfile"


async def test_tools_panel_lists_and_refreshes(
    qtbot: QtBot, page: ChatPage, chat: Chat, module_stack: DemoStack, gateway_back: None
) -> None:
    await chat.start(ScriptedModel([]))
    panel = page.tools_panel
    titles = panel.visible_titles()
    assert "diagnostics · sleep" in titles and "people · getProfile" in titles
    assert titles == sorted(titles)
    assert all("___" not in title for title in titles)
    qtbot.keyClicks(panel.search, "profile")
    assert panel.visible_titles() == ["people · getProfile"]
    panel.search.clear()
    # The gateway comes back without its test tools: Refresh must ask it again.
    await restart_gateway(module_stack, test_tools=False)
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    await wait_until(
        lambda: (
            panel.refresh_button.isEnabled() and "diagnostics · sleep" not in panel.visible_titles()
        ),
        20,
        "the refreshed list",
    )
    fewer = panel.visible_titles()
    assert "people · getProfile" in fewer and len(fewer) < len(titles)
    assert panel.status.text() == f"{len(fewer)} tool(s)"


async def test_model_label_and_offline_badge(
    page: ChatPage, chat: Chat, module_stack: DemoStack
) -> None:
    await chat.start(ScriptedModel([], label="Claude (Bedrock)"))
    assert page.model_label.text() == "Model: Claude (Bedrock)"
    assert not page.model_notice.isVisible()
    await chat.start()  # the profile's own model: the demo stack's offline router
    assert page.model_label.text() == "Model: Offline router"
    assert page.model_notice.isVisible()
    assert "not a language model" in page.model_notice.text().lower()


async def test_start_error_shows_retry(
    qtbot: QtBot, page: ChatPage, chat: Chat, module_stack: DemoStack, gateway_back: None
) -> None:
    assert module_stack.gateway is not None
    port = module_stack.gateway.port
    await asyncio.to_thread(module_stack.gateway.stop)
    await chat.start(ScriptedModel([[Say("yes")]]))
    assert page.status_frame.isVisible() and page.retry_button.isVisible()
    assert f"127.0.0.1:{port}" in page.status_label.text()
    assert not page.composer.send_button.isEnabled()
    await restart_gateway(module_stack)
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    await wait_until(
        lambda: not page.status_frame.isVisible() and page.tools_panel.visible_titles(), 20
    )
    qtbot.keyClicks(page.composer.edit, "now?")
    assert page.composer.send_button.isEnabled()


async def test_start_with_a_revoked_sign_in_emits_session_failed(
    page: ChatPage, module_stack: DemoStack
) -> None:
    store = MemoryStore()
    auth = make_session(module_stack.idp, store)
    await sign_in_as(auth, module_stack.idp, "alice")
    await revoke_elsewhere(module_stack.idp, store)
    controller = ChatController(
        page, ChatSession(module_stack.profile, auth, refresh_margin=10**7), page
    )
    failed = signal_future(controller.session_failed)
    try:
        await controller.start()
        async with asyncio.timeout(10):
            (error,) = await failed
        assert isinstance(error, SessionExpired | AccessRevoked)
    finally:
        await controller.shutdown()
        await auth.aclose()


async def test_shutdown_stops_the_question_and_closes(qtbot: QtBot, page: ChatPage) -> None:
    # The stuck session again: shutdown must not wait for a session that ignores Stop.
    session = ScriptedChatSession([TextDelta("going"), 30.0], ignore_stop=True)
    controller = ChatController(page, session, page)
    await controller.start()
    await ask(qtbot, page, "long one")
    await wait_until(lambda: controller.is_answering and page.transcript.messages())
    async with asyncio.timeout(15):  # far below the 30 s the session would take
        await controller.shutdown()
    assert session.closed and session.stops == 1
    assert not controller.is_answering


async def test_shutdown_of_a_real_session_mid_tool(
    qtbot: QtBot, page: ChatPage, module_stack: DemoStack, auth: AuthSession
) -> None:
    session = ChatSession(module_stack.profile, auth, model=ScriptedModel(SLEEP_30))
    controller = ChatController(page, session, page)
    await controller.start()
    await ask(qtbot, page, "sleep")
    await wait_until(lambda: page.transcript.tool_cards(), 20, "the slow tool")
    async with asyncio.timeout(15):
        await controller.shutdown()
    assert not controller.is_answering
    events = [event async for event in session.ask("after close")]
    assert "closed" in events[0].error.message  # the session really was closed
