"""The conversation sidebar in the real window: demo servers, offline router, a real file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.history.store import HistoryStore, profile_key
from tests.support.auth import remember_sign_in
from tests.support.chat_page import ask as type_question
from tests.support.chat_page import idle as composer_idle
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui


async def signed_in(stack: DemoStack) -> MemoryStore:
    """A sign-in remembered as a previous run would have left it."""
    store = MemoryStore()
    await remember_sign_in(stack.idp, store)
    return store


@asynccontextmanager
async def open_window(
    qtbot: QtBot, stack: DemoStack, store: MemoryStore, path: Path
) -> AsyncIterator[Harness]:
    """A window that resumes the sign-in in ``store``, its history in ``path``; closed after."""
    h = Harness(qtbot, stack.profile, store, history_path=path)
    try:
        h.window.resize(1100, 720)
        await h.controller.start()
        await h.wait_for_chat()
        page = h.window.chat_page
        await wait_until(lambda: page.status_frame.isHidden() and idle(h), 20, "the chat to start")
        yield h
    finally:
        await h.close()


def idle(h: Harness) -> bool:
    page = h.window.chat_page
    history = h.controller.history
    return composer_idle(page) and (history is None or history.idle) and h.controller.idle


async def ask(qtbot: QtBot, h: Harness, question: str) -> None:
    page = h.window.chat_page
    before = len(page.transcript.messages())
    await type_question(qtbot, page, question)
    await wait_until(
        lambda: len(page.transcript.messages()) >= before + 2 and idle(h), 20, "the answer"
    )


def sidebar(h: Harness):
    return h.window.sidebar


def stored(stack: DemoStack, path: Path) -> HistoryStore:
    return HistoryStore(path, profile_key(stack.profile)).open()


async def test_a_restart_restores_the_sidebar_and_the_transcript(
    qtbot: QtBot, shared_stack: DemoStack, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    store = await signed_in(shared_stack)
    async with open_window(qtbot, shared_stack, store, path) as first:
        assert sidebar(first).isVisible()
        await ask(qtbot, first, "How old is neruneruo?")
        await wait_until(lambda: len(sidebar(first).items_by_id()) == 1, 5, "the sidebar")
        assert sidebar(first).headings() == ["Today"]
        [item] = sidebar(first).items_by_id().values()
        assert item.text() == "How old is neruneruo?"
        assert item.isSelected()

    async with open_window(qtbot, shared_stack, store, path) as second:
        view = sidebar(second)
        await wait_until(lambda: len(view.items_by_id()) == 1, 5, "the saved conversation")
        page = second.window.chat_page
        assert page.transcript.items() == []  # a new start is an empty conversation
        [(conversation, item)] = view.items_by_id().items()
        assert not item.isSelected()
        future_opened = second.controller.history.opened
        opened = []
        future_opened.connect(opened.append)
        view.list.setFocus()
        view.list.setCurrentItem(item)
        qtbot.keyClick(view.list, Qt.Key.Key_Return)
        await wait_until(lambda: opened == [conversation], 10, "the conversation to open")
        [question, answer] = page.transcript.messages()
        assert question.toPlainText() == "How old is neruneruo?"
        reader = stored(shared_stack, path)
        saved_at = reader.load(conversation).items[0].created
        reader.close()
        [row, _] = page.transcript.rows()
        assert abs(row.when.timestamp() - saved_at) < 0.01  # when it was asked, not now
        assert "30" in answer.toPlainText()
        [card] = page.transcript.tool_cards()
        assert card.title() == "people · getProfile"
        assert "30" in card.result_text() and '"neruneruo"' in card.arguments_text()
        # The agent has the earlier turn back, and a follow-up goes into the same one.
        session = second.controller.chat_session
        assert "How old is neruneruo?" in repr(session.inner.messages)
        await ask(qtbot, second, "Who works in sales?")
        assert session.conversation_id == conversation
        assert len(view.items_by_id()) == 1
    check = stored(shared_stack, path)
    assert [i.kind for i in check.load(conversation).items].count("user") == 2
    check.close()


async def test_search_rename_export_and_delete_from_the_sidebar(
    qtbot: QtBot, shared_stack: DemoStack, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    async with open_window(qtbot, shared_stack, await signed_in(shared_stack), path) as h:
        view = sidebar(h)
        history = h.controller.history
        await ask(qtbot, h, "How old is neruneruo?")
        qtbot.keyClick(
            h.window.chat_page.composer.edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
        )
        await wait_until(lambda: h.window.chat_page.transcript.items() == [], 5, "Ctrl+N")
        await ask(qtbot, h, "Who works in sales?")
        await wait_until(lambda: len(view.items_by_id()) == 2 and history.idle, 5, "two")
        assert view.current_id() == h.controller.chat_session.conversation_id

        # Ctrl+N from the sidebar too: an empty conversation, none selected.
        view.list.setFocus()
        await wait_until(view.list.hasFocus, 5, "focus in the list")
        qtbot.keyClick(view.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        await wait_until(lambda: h.window.chat_page.transcript.items() == [], 5, "sidebar Ctrl+N")
        assert view.current_id() is None

        # Ctrl+K, then a word that only the first conversation's answer holds.
        qtbot.keyClick(
            h.window.chat_page.composer.edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
        )
        assert view.search.hasFocus()
        qtbot.keyClicks(view.search, "development")
        await wait_until(lambda: view.headings() == ["Search results"], 5, "search results")
        await wait_until(lambda: history.idle, 5)
        found = list(view.items_by_id().values())
        assert [i.data(Qt.ItemDataRole.UserRole + 1) for i in found] == ["How old is neruneruo?"]
        assert "development" in found[0].text()  # the matching words under the title
        qtbot.keyClick(view.search, Qt.Key.Key_Down)  # on to the results
        assert view.current_id() == found[0].data(Qt.ItemDataRole.UserRole)
        view.search.clear()
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
        await wait_until(lambda: len(view.items_by_id()) == 2 and history.idle, 5, "all again")

        # Rename: F2 on the list, type, Enter.
        first_id = min(view.items_by_id())
        view.list.setFocus()
        view.list.setCurrentItem(view.items_by_id()[first_id])
        qtbot.keyClick(view.list, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert editor is not view.list
        editor.selectAll()
        qtbot.keyClicks(editor, "<b>Neruneruo's age</b>")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        await wait_until(
            lambda: (
                view.items_by_id()[first_id].text() == "<b>Neruneruo's age</b>" and history.idle
            ),
            5,
            "the new title",
        )
        check = stored(shared_stack, path)
        assert check.load(first_id).info.title == "<b>Neruneruo's age</b>"  # kept as text

        # Export through the file dialog.
        target = tmp_path / "export.md"
        view.list.setCurrentItem(view.items_by_id()[first_id])
        view.export_action.trigger()
        dialog = history.dialog
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(target))
        dialog.accept()
        await wait_until(lambda: target.exists() and history.idle, 5, "the export")
        markdown = target.read_text(encoding="utf-8")
        assert "How old is neruneruo?" in markdown and "people · getProfile" in markdown
        assert "development" in markdown

        # Delete: the Delete key asks first; Cancel keeps it, Delete removes it.
        view.list.setFocus()
        view.list.setCurrentItem(view.items_by_id()[first_id])
        qtbot.keyClick(view.list, Qt.Key.Key_Delete)
        box = history.dialog
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Cancel).click()
        await wait_until(lambda: history.idle, 5)
        assert first_id in view.items_by_id()
        qtbot.keyClick(view.list, Qt.Key.Key_Delete)
        history.dialog.button(QMessageBox.StandardButton.Yes).click()
        await wait_until(lambda: first_id not in view.items_by_id() and history.idle, 5, "gone")
        assert check.load(first_id) is None
        check.close()


async def test_keep_history_off_saves_nothing_and_delete_all_empties_it(
    qtbot: QtBot, shared_stack: DemoStack, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    async with open_window(qtbot, shared_stack, await signed_in(shared_stack), path) as h:
        view = sidebar(h)
        await ask(qtbot, h, "How old is neruneruo?")
        await wait_until(lambda: len(view.items_by_id()) == 1, 5, "saved")
        h.services.config_path = tmp_path / "config.toml"  # not the session's shared one
        dialog = h.controller.open_settings()
        assert dialog.keep_history.isChecked()
        dialog.keep_history.setChecked(False)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        await wait_until(lambda: h.controller.history.store is None and idle(h), 5, "history off")
        assert "History is off" in view.status.text()
        assert h.controller.profile.keep_history == "off"
        assert h.window.chat_page is not None  # no new sign-in for this setting
        assert 'keep_history = "off"' in (tmp_path / "config.toml").read_text()
        await ask(qtbot, h, "Who works in sales?")
        check = stored(shared_stack, path)
        assert [c.title for c in check.conversations()] == ["How old is neruneruo?"]
        assert "sales" not in repr(check.load(check.latest()).items)

        # Delete all history in one step, even while it is off.
        dialog = h.controller.open_settings()
        dialog.delete_history_button.click()
        h.controller.dialogs.delete_history.button(QMessageBox.StandardButton.Yes).click()
        await wait_until(lambda: check.conversations() == [] and h.controller.idle, 5, "deleted")
        check.close()
        dialog.reject()


async def test_a_corrupt_database_is_moved_aside_and_the_chat_still_works(
    qtbot: QtBot, shared_stack: DemoStack, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"definitely not sqlite " * 200)
    async with open_window(qtbot, shared_stack, await signed_in(shared_stack), path) as h:
        banner = h.window.notice_banner
        assert banner.isVisible()
        assert "damaged" in banner.text() and "history.sqlite3.broken-" in banner.text()
        [moved] = tmp_path.glob("history.sqlite3.broken-*")
        assert moved.read_bytes().startswith(b"definitely not sqlite")
        assert "History is off" in sidebar(h).status.text()
        await ask(qtbot, h, "How old is neruneruo?")
        assert "30" in h.window.chat_page.transcript.messages()[-1].toPlainText()
    # The next start has a fresh, working file.
    async with open_window(qtbot, shared_stack, await signed_in(shared_stack), path) as h:
        await ask(qtbot, h, "Who works in sales?")
        await wait_until(lambda: len(sidebar(h).items_by_id()) == 1, 5, "saved again")


async def test_a_long_conversation_shows_its_newest_items_and_all_on_request(
    qtbot: QtBot, shared_stack: DemoStack, tmp_path: Path
) -> None:
    from gui.history.store import ASSISTANT, USER, SavedItem
    from gui.ui.controllers.history import SHOWN_ITEMS
    from gui.ui.widgets.transcript import INFO

    path = tmp_path / "history.sqlite3"
    seed = stored(shared_stack, path)
    conversation = seed.new_conversation("question 0", "offline")
    items = []
    for n in range(30):
        items += [SavedItem(USER, f"question {n}"), SavedItem(ASSISTANT, f"answer {n}")]
    seed.add_items(conversation, items)
    seed.close()
    async with open_window(qtbot, shared_stack, await signed_in(shared_stack), path) as h:
        view, page = sidebar(h), h.window.chat_page
        history = h.controller.history
        await wait_until(lambda: conversation in view.items_by_id(), 5, "the list")
        view.list.setCurrentItem(view.items_by_id()[conversation])
        view.open_action.trigger()
        await wait_until(lambda: history.idle and page.transcript.messages(), 10, "opened")
        [note] = page.transcript.notices()
        assert note.kind == INFO and note.text().startswith("20 earlier message")
        shown = [m.toPlainText() for m in page.transcript.messages()]
        assert len(shown) == SHOWN_ITEMS and shown[-1] == "answer 29"
        view.open_all_action.trigger()
        await wait_until(
            lambda: history.idle and len(page.transcript.messages()) == 60, 20, "all of it"
        )
        assert page.transcript.notices() == []
        assert page.transcript.messages()[0].toPlainText() == "question 0"
