"""The start-up path's pieces: what the first frame does without, and what comes after it."""

from __future__ import annotations

import gc
import sys
import threading
import uuid
from pathlib import Path

import pytest

from gui.services import IMPORT_SWITCH_INTERVAL, imports_without_gc
from gui.ui.startup.language_hint import language_hint
from gui.ui.startup.single_instance import SingleInstance
from gui.ui.views.window import MainWindow


def test_the_socket_file_tells_whether_another_window_may_be_running() -> None:
    name = f"agentcore-chat-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert not first.may_be_taken()  # nobody listens: the window may paint before claiming
    assert first.claim()
    try:
        assert first.claimed
        assert Path(first.socket_path() or "").exists()
        assert SingleInstance(name).may_be_taken()  # a second launch must ask first
    finally:
        first.release()
    assert not SingleInstance(name).may_be_taken()


def test_banners_keep_their_rows_whichever_is_built_first(qtbot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    notice = window.notice_banner  # built first, but goes below the demo banner
    demo = window.demo_banner
    column = window.centralWidget().layout()
    assert [column.indexOf(demo), column.indexOf(notice), column.indexOf(window.stack)] == [0, 1, 2]
    assert window.demo_banner is demo and window.notice_banner is notice  # built once
    body = window.prepare_body()  # the sidebar's splitter takes the pages' row
    assert window.prepare_body() is body and window.stack.parent() is body
    assert [column.indexOf(demo), column.indexOf(notice), column.indexOf(body)] == [0, 1, 2]


def test_shortcuts_can_wait_until_after_the_first_frame(qtbot) -> None:
    window = MainWindow(defer_shortcuts=True)
    qtbot.addWidget(window)
    assert window.quit_action.shortcut().isEmpty()
    window.add_shortcuts()
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert MainWindow().quit_action.shortcut().toString() == "Ctrl+Q"  # the default


def test_the_language_is_read_before_the_settings_are_parsed(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert language_hint(config) == ""  # no file
    config.write_text('client_id = "x"\nlanguage = "ja"  # chosen in Settings\n', encoding="utf-8")
    assert language_hint(config) == "ja"
    config.write_text("language='en'\n", encoding="utf-8")
    assert language_hint(config) == "en"


def test_the_collector_pauses_and_the_gil_turns_shorten_while_any_thread_imports() -> None:
    assert gc.isenabled()
    interval = sys.getswitchinterval()
    inner_started, inner_may_end = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_import() -> None:
        with imports_without_gc():
            inner_started.set()
            inner_may_end.wait(5)

    with imports_without_gc():
        assert not gc.isenabled()
        assert sys.getswitchinterval() == pytest.approx(IMPORT_SWITCH_INTERVAL)
        thread = threading.Thread(target=other_import)
        thread.start()
        assert inner_started.wait(5)
    seen.append(gc.isenabled())  # the other thread still imports: still paused
    seen.append(sys.getswitchinterval() == pytest.approx(IMPORT_SWITCH_INTERVAL))
    inner_may_end.set()
    thread.join(5)
    assert seen == [False, True]
    assert gc.isenabled()
    assert sys.getswitchinterval() == interval  # the GIL's turns are back to normal
    gc.unfreeze()  # the test process's objects are not start-up's
