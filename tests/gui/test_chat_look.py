"""The transcript reads like a chat: who said what, Copy on answers and code, time on hover."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from PySide6.QtCore import QEvent, QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from gui.agent.models import OFFLINE_LABEL
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import MessageView, TranscriptView
from tests.support.fake_chat import ScriptedChatSession, answer
from tests.support.qt import shown
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui

CODE_ANSWER = "Run this:\n\n```sh\nagentcore-chat login\nagentcore-chat status\n```\n\nThen ask."


@pytest.fixture
def transcript(qtbot: QtBot) -> Iterator[TranscriptView]:
    with shown(TranscriptView(), 800, 600) as view:
        yield view


def click_text(view: MessageView, text: str) -> None:
    """Click the middle of ``text`` in the message, as the mouse would."""
    cursor = view.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not shown"
    middle = QTextCursor(cursor)
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    point = view.cursorRect(middle).center()
    from PySide6.QtTest import QTest

    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


async def test_questions_and_answers_have_role_lines_and_the_question_sits_right(
    transcript: TranscriptView,
) -> None:
    question = transcript.add_user_message("How old is neruneruo?")
    reply = transcript.add_assistant_message()
    reply.set_markdown("**30**")
    await wait_until(lambda: transcript.row_of(question).width() > 400, what="the layout")
    user_row, answer_row = transcript.row_of(question), transcript.row_of(reply)
    assert user_row.role_label.text() == "You"
    assert answer_row.role_label.text() == "Assistant"
    # The question's bubble hugs its short text at the right; the answer spans the row.
    bubble = user_row.bubble.geometry()
    assert bubble.right() >= user_row.width() - 2
    assert bubble.width() <= 0.75 * user_row.width() + 1
    assert bubble.left() > user_row.width() // 4
    assert answer_row.bubble.width() >= answer_row.width() - 2
    # Only answers have Copy.
    assert not user_row.copy_button.isVisibleTo(user_row)
    assert answer_row.copy_button.isVisibleTo(answer_row)


async def test_a_long_question_wraps_inside_three_quarters_of_the_row(
    transcript: TranscriptView,
) -> None:
    question = transcript.add_user_message("word " * 200)
    row = transcript.row_of(question)
    await wait_until(lambda: row.width() > 400, what="the layout")
    assert row.bubble.width() <= 0.75 * row.width() + 1
    assert row.bubble.width() >= 0.7 * row.width()


async def test_copy_puts_the_answer_markdown_on_the_clipboard(
    qtbot: QtBot, transcript: TranscriptView
) -> None:
    reply = transcript.add_assistant_message()
    reply.set_markdown(CODE_ANSWER)
    row = transcript.row_of(reply)
    QGuiApplication.clipboard().setText("something else")
    qtbot.mouseClick(row.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == CODE_ANSWER
    assert row.copy_button.text() == "Copied"


async def test_code_blocks_are_monospaced_and_their_copy_link_copies_the_code(
    transcript: TranscriptView,
) -> None:
    reply = transcript.add_assistant_message()
    reply.set_markdown(CODE_ANSWER)
    await wait_until(lambda: reply.isVisible() and reply.height() > 40)
    code = reply.document().find("agentcore-chat login")
    assert code.charFormat().fontFixedPitch()
    prose = reply.document().find("Then ask.")
    assert not prose.charFormat().fontFixedPitch()
    QGuiApplication.clipboard().setText("something else")
    click_text(reply, "Copy code")
    assert QGuiApplication.clipboard().text() == "agentcore-chat login\nagentcore-chat status"
    assert transcript.row_of(reply).copy_button.text() == "Code copied"


async def test_code_copy_links_survive_streaming(transcript: TranscriptView) -> None:
    reply = transcript.add_assistant_message()
    for piece in ("Run this:\n\n```sh\nagentcore", "-chat login\n", "```\n\nThen", " ask."):
        reply.append_markdown(piece)
    reply.finish()
    assert reply.toPlainText().count("Copy code") == 1
    assert reply.copy_code(next(iter(_keys(reply)))) == "agentcore-chat login"


def _keys(view: MessageView) -> list[str]:
    from gui.ui.markdown import code_blocks

    return list(code_blocks(view.document()))


async def test_the_time_shows_while_the_pointer_is_over_a_message(
    transcript: TranscriptView,
) -> None:
    reply = transcript.add_assistant_message()
    reply.set_markdown("hello")
    row = transcript.row_of(reply)
    await wait_until(row.isVisible, what="the message")
    assert not row.time_label.isVisible()
    QApplication.sendEvent(row, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert row.time_label.isVisible()
    assert row.time_label.text()  # a short time such as 9:24
    QApplication.sendEvent(row, QEvent(QEvent.Type.Leave))
    assert not row.time_label.isVisible()
    # The role line's tooltip gives the whole date and the time, in the person's locale.
    locale = QLocale()
    assert row.role_label.toolTip() == (
        locale.toString(row.when.date(), QLocale.FormatType.LongFormat)
        + " "
        + locale.toString(row.when.time(), QLocale.FormatType.ShortFormat)
    )
    assert str(row.when.year) in row.role_label.toolTip()


@pytest.fixture
async def offline_controller(page: ChatPage) -> AsyncIterator[ChatController]:
    session = ScriptedChatSession(
        lambda q: answer("x"), model_label=OFFLINE_LABEL, is_language_model=False
    )
    controller = ChatController(page, session, page)
    await controller.start()
    yield controller
    await controller.shutdown()


def _shown_texts(page: ChatPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


async def test_the_header_names_the_model_once(page: ChatPage, offline_controller) -> None:
    assert page.model_label.text() == "Model: Offline router"
    texts = " ".join(_shown_texts(page)).lower()
    assert texts.count("offline router") == 1
    assert texts.count("not a language model") == 1


async def test_the_controller_tells_the_session_the_ui_language(
    page: ChatPage, offline_controller: ChatController
) -> None:
    from PySide6.QtCore import QLocale

    session = offline_controller.session
    assert session.language == "en"
    QLocale.setDefault(QLocale("ja"))
    try:
        page.language_changed.emit()
        assert session.language == "ja"
    finally:
        QLocale.setDefault(QLocale("en"))
        page.language_changed.emit()
    assert session.language == "en"


def test_points_are_inside(transcript: TranscriptView) -> None:
    # Guards click_text's geometry: a message maps its own text rectangle to the viewport.
    reply = transcript.add_assistant_message()
    reply.set_markdown("hello")
    assert reply.viewport().rect().contains(QPoint(1, 1))
