"""The chat pane against a scripted session: keys, streaming, tool cards, stop, errors."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import AsyncIterator, Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from gui.chat.events import Done, Failed, TextDelta
from gui.errors import Forbidden, GatewayUnreachable, SessionExpired
from gui.ui.chat import ChatController, ChatPage
from gui.ui.widgets.transcript import ERROR, STOPPED
from tests.support.fake_chat import (
    ScriptedChatSession,
    answer,
    tool_call,
)
from tests.support.qt import delete_now
from tests.support.waiting import signal_future, wait_until

pytestmark = pytest.mark.gui

NERU_ANSWER = "**neruneruo** is 30 and works in *development*."


def neruneruo_script(question: str) -> list[object]:
    return [
        *tool_call(
            "c1",
            "people___getProfile",
            {"name": "neruneruo"},
            '{"name": "neruneruo", "age": 30, "department": "development"}',
        ),
        *answer(NERU_ANSWER),
    ]


@pytest.fixture
def page(qtbot: QtBot) -> Iterator[ChatPage]:
    view = ChatPage()
    view.resize(900, 640)
    view.show()
    yield view
    delete_now(view)  # not qtbot.addWidget: see delete_now


@pytest.fixture
async def make_controller(page: ChatPage) -> AsyncIterator[object]:
    controllers: list[ChatController] = []

    async def make(session: ScriptedChatSession) -> ChatController:
        controller = ChatController(page, session, page)
        controllers.append(controller)
        await controller.start()
        return controller

    yield make
    for controller in controllers:
        await controller.shutdown()


async def ask(qtbot: QtBot, page: ChatPage, question: str) -> None:
    """Type the question into the real composer and press Enter."""
    page.composer.focus_input()
    qtbot.keyClicks(page.composer.edit, question)
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)


def idle(page: ChatPage) -> bool:
    return page.composer.send_button.isVisible() and not page.composer.stop_button.isVisible()


async def test_enter_sends_and_shows_tool_card_and_answer(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession(neruneruo_script)
    await make_controller(session)
    await ask(qtbot, page, "How old is neruneruo?")
    assert page.composer.text() == ""
    assert page.composer.stop_button.isVisible()
    await wait_until(lambda: idle(page), what="the answer to finish")

    assert session.questions == ["How old is neruneruo?"]
    user, assistant = page.transcript.messages()
    assert user.role == "user" and user.toPlainText() == "How old is neruneruo?"
    [card] = page.transcript.tool_cards()
    assert card.title() == "people · getProfile"
    assert '"name": "neruneruo"' in card.arguments_text()
    assert '"age": 30' in card.result_text()
    assert not card.is_running() and not card.is_error()
    assert not card.is_expanded()  # collapsed once finished
    assert assistant.toPlainText() == "neruneruo is 30 and works in development."
    assert assistant.markdown() == NERU_ANSWER
    # order: question, card, answer
    assert page.transcript.items() == [user, card, assistant]
    assert page.composer.edit.hasFocus()


async def test_send_needs_text_and_the_button_sends(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession(answer("ok"))
    await make_controller(session)
    assert not page.composer.send_button.isEnabled()
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)  # empty: nothing happens
    qtbot.keyClicks(page.composer.edit, "   ")
    assert not page.composer.send_button.isEnabled()
    qtbot.keyClicks(page.composer.edit, "hello")
    assert page.composer.send_button.isEnabled()
    qtbot.mouseClick(page.composer.send_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: len(page.transcript.messages()) == 2 and idle(page))
    assert session.questions == ["hello"]


async def test_shift_enter_adds_a_line_instead_of_sending(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession(answer("ok"))
    await make_controller(session)
    qtbot.keyClicks(page.composer.edit, "first")
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(page.composer.edit, "second")
    assert page.composer.text() == "first\nsecond"
    assert session.questions == [] and page.transcript.items() == []
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Enter)  # keypad Enter sends too
    await wait_until(lambda: session.questions == ["first\nsecond"])


async def test_stop_during_a_slow_tool(qtbot: QtBot, page: ChatPage, make_controller) -> None:
    session = ScriptedChatSession(
        tool_call("s1", "diagnostics___sleep", {"seconds": 30}, '{"slept": 30}', delay=30)
    )
    await make_controller(session)
    await ask(qtbot, page, "sleep 30 seconds")
    await wait_until(lambda: page.transcript.tool_cards(), what="the tool card")
    loop = asyncio.get_running_loop()
    started = loop.time()
    qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: idle(page), timeout=1.0, what="Send to come back")
    assert loop.time() - started < 1.0
    assert session.stops == 1
    [notice] = page.transcript.notices()
    assert notice.kind == STOPPED and notice.text() == "Stopped."
    [card] = page.transcript.tool_cards()
    assert not card.is_running()
    assert page.composer.edit.hasFocus()


async def test_escape_stops_and_a_stuck_session_is_cancelled(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession([TextDelta("thinking"), 30.0, *answer("late")], ignore_stop=True)
    await make_controller(session)
    await ask(qtbot, page, "take forever")
    await wait_until(lambda: page.transcript.messages()[-1].role == "assistant")
    started = asyncio.get_running_loop().time()
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Escape)
    assert not page.composer.stop_button.isEnabled()  # "Stopping…"
    await wait_until(lambda: idle(page), timeout=1.0, what="the fallback cancel")
    assert asyncio.get_running_loop().time() - started < 1.0
    assert [n.kind for n in page.transcript.notices()] == [STOPPED]
    assert page.transcript.messages()[-1].toPlainText() == "thinking"


async def test_new_chat_clears_transcript_and_conversation(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession(neruneruo_script)
    await make_controller(session)
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: idle(page) and len(page.transcript.items()) == 3)
    qtbot.mouseClick(page.composer.new_chat_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: session.new_conversations == 1)
    assert page.transcript.items() == []
    assert page.composer.edit.hasFocus()
    # Ctrl+N does the same, from anywhere in the page, even while an answer runs.
    session.script = [TextDelta("partial"), 30.0]
    await ask(qtbot, page, "again")
    await wait_until(lambda: len(page.transcript.messages()) == 2)
    page.new_chat_shortcut.activated.emit()
    await wait_until(lambda: session.new_conversations == 2 and idle(page))
    assert page.transcript.items() == []
    assert session.stops == 1


async def test_answers_render_no_html_and_load_nothing(
    qtbot: QtBot, page: ChatPage, make_controller, monkeypatch, web_server: tuple[str, list[str]]
) -> None:
    base, requests_seen = web_server
    text = (
        f'Look: <img src="{base}/pixel.png"> <script>alert("x")</script>\n\n'
        f"![chart]({base}/chart.png) and [the docs](https://example.com/docs) "
        f"and [a file](file:///etc/passwd)\n"
    )
    session = ScriptedChatSession(answer(text, chunk=5))
    await make_controller(session)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)))
    await ask(qtbot, page, "show me")
    await wait_until(lambda: idle(page) and len(page.transcript.messages()) == 2)
    message = page.transcript.messages()[-1]
    qtbot.wait(0)  # let it lay out and paint
    message.viewport().repaint()
    plain = message.toPlainText()
    assert f'<img src="{base}/pixel.png">' in plain and '<script>alert("x")</script>' in plain
    assert "🖼 chart" in plain
    html = message.document().toHtml()
    assert "<img" not in html.replace("&lt;img", "")  # no image element, only the text
    assert message.safe_document.refused == []
    assert requests_seen == []
    # Links stay clickable; only web links are opened, and only when clicked.
    assert opened == []
    message.anchorClicked.emit(QUrl("https://example.com/docs"))
    message.anchorClicked.emit(QUrl("file:///etc/passwd"))
    message.anchorClicked.emit(QUrl(f"{base}/chart.png"))
    assert [url.toString() for url in opened] == ["https://example.com/docs", f"{base}/chart.png"]
    assert requests_seen == []  # opening is the browser's job, not ours


async def test_streaming_100_kb_renders_only_the_current_message(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    paragraph = "Some **streamed** text with a [link](https://example.com) and `code`. " * 4
    big = "".join(f"### Part {i}\n\n{paragraph}\n\n" for i in range(10_000))[: 100 * 1024]
    sizes: list[int] = []

    def script(question: str) -> list[object]:
        if question == "one":
            return [TextDelta("First answer."), Done("First answer.")]
        steps = answer(big, chunk=20)
        # A pause now and then, as a network would make, so the growth can be watched.
        return [
            s for i, step in enumerate(steps) for s in ([0.03, step] if i % 250 == 249 else [step])
        ]

    session = ScriptedChatSession(script)
    await make_controller(session)
    await ask(qtbot, page, "one")
    await wait_until(lambda: idle(page) and len(page.transcript.messages()) == 2)
    first_answer = page.transcript.messages()[1]
    first_user = page.transcript.messages()[0]
    renders_before = first_answer.render_count

    await ask(qtbot, page, "big")
    await wait_until(lambda: len(page.transcript.messages()) == 4)
    streaming = page.transcript.messages()[3]
    while not idle(page):
        sizes.append(streaming.document().characterCount())
        await asyncio.sleep(0.01)
    sizes.append(streaming.document().characterCount())

    assert streaming.markdown() == big
    grown = sorted(set(sizes))
    assert len(grown) >= 5, "the document should grow while the answer streams"
    assert sizes == sorted(sizes) or max(sizes) == sizes[-1]
    deltas = len(big) // 20
    assert streaming.render_count < deltas / 2  # coalesced, not one render per delta
    assert first_answer.render_count == renders_before  # earlier messages untouched
    assert first_user.toPlainText() == "one"


async def test_failed_session_expired_emits_session_failed(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    error = SessionExpired()
    session = ScriptedChatSession([TextDelta("Let me "), Failed(error), Done("", False)])
    controller = await make_controller(session)
    failed = signal_future(controller.session_failed)
    await ask(qtbot, page, "who am I?")
    (emitted,) = await asyncio.wait_for(failed, 5)
    assert emitted is error
    await wait_until(lambda: idle(page))
    [notice] = page.transcript.notices()
    assert notice.kind == ERROR and notice.text() == error.message


async def test_other_failures_show_inline_without_signing_out(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession(
        [
            *tool_call("f1", "diagnostics___fail", {"message": "boom"}, "boom", is_error=True),
            Failed(Forbidden("The gateway refused: missing scope")),
            Done(""),
        ]
    )
    controller = await make_controller(session)
    emitted: list[object] = []
    controller.session_failed.connect(emitted.append)
    await ask(qtbot, page, "fail please")
    await wait_until(lambda: idle(page) and page.transcript.notices())
    [card] = page.transcript.tool_cards()
    assert card.is_error() and card.result_text() == "boom"
    assert page.transcript.notices()[0].text() == "The gateway refused: missing scope"
    assert emitted == []


async def test_tool_card_toggles_with_the_keyboard(
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    await make_controller(ScriptedChatSession(neruneruo_script))
    await ask(qtbot, page, "How old is neruneruo?")
    await wait_until(lambda: idle(page) and page.transcript.tool_cards())
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
    qtbot: QtBot, page: ChatPage, make_controller
) -> None:
    session = ScriptedChatSession()
    await make_controller(session)
    panel = page.tools_panel
    assert panel.visible_titles() == [
        "diagnostics · sleep",
        "people · getProfile",
        "people · listDepartments",
    ]
    assert session.tools_calls == [False]
    qtbot.keyClicks(panel.search, "profile")
    assert panel.visible_titles() == ["people · getProfile"]
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    await wait_until(
        lambda: session.tools_calls == [False, True] and panel.refresh_button.isEnabled()
    )
    assert panel.status.text() == "3 tool(s)"


async def test_model_label_and_offline_badge(page: ChatPage, make_controller) -> None:
    await make_controller(ScriptedChatSession(model_label="Claude (Bedrock)"))
    assert page.model_label.text() == "Model: Claude (Bedrock)"
    assert not page.model_notice.isVisible()
    await make_controller(
        ScriptedChatSession(model_label="Offline router", is_language_model=False)
    )
    assert page.model_label.text() == "Model: Offline router"
    assert page.model_notice.isVisible()
    assert "not a language model" in page.model_notice.text().lower()


async def test_start_error_shows_retry(qtbot: QtBot, page: ChatPage, make_controller) -> None:
    session = ScriptedChatSession(start_error=GatewayUnreachable("Cannot reach the gateway."))
    await make_controller(session)
    assert page.status_frame.isVisible() and page.retry_button.isVisible()
    assert page.status_label.text() == "Cannot reach the gateway."
    assert not page.composer.send_button.isEnabled()
    qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: not page.status_frame.isVisible() and session.tools_calls)
    assert session.started == 2
    qtbot.keyClicks(page.composer.edit, "now?")
    assert page.composer.send_button.isEnabled()


async def test_start_with_expired_sign_in_emits_session_failed(page: ChatPage) -> None:
    session = ScriptedChatSession(start_error=SessionExpired())
    controller = ChatController(page, session, page)
    failed = signal_future(controller.session_failed)
    await controller.start()
    assert isinstance((await asyncio.wait_for(failed, 1))[0], SessionExpired)
    await controller.shutdown()


async def test_shutdown_stops_the_question_and_closes(qtbot: QtBot, page: ChatPage) -> None:
    session = ScriptedChatSession([TextDelta("going"), 30.0], ignore_stop=True)
    controller = ChatController(page, session, page)
    await controller.start()
    await ask(qtbot, page, "long one")
    await wait_until(lambda: controller.is_answering and page.transcript.messages())
    await asyncio.wait_for(controller.shutdown(), 2)
    assert session.closed and session.stops == 1
    assert not controller.is_answering


@pytest.fixture
def web_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
