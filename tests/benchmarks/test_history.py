"""What saved conversations cost: opening 500 messages, loop stalls meanwhile, search, size.

Prints numbers, asserts no timings (machines differ). Run with ``make bench`` or
``pytest tests/benchmarks/test_history.py -s``. The GUI part runs on its own qasync
loop (this folder has no loop hook of its own).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from gui.history.recorder import RecordingSession
from gui.history.store import ASSISTANT, TOOL, USER, HistoryStore, SavedItem
from gui.ui.controllers.chat import ChatController
from gui.ui.controllers.history import SHOWN_ITEMS, HistoryController
from gui.ui.views.chat import ChatPage
from gui.ui.views.history import ConversationListView
from tests.support.fake_chat import ScriptedChatSession
from tests.support.qt import delete_now
from tests.support.stall import StallMeter, run_on_qt_loop

pytestmark = pytest.mark.benchmark

MESSAGES = 500
CONVERSATIONS = 1000
ANSWER = (
    "**neruneruo** is 30 and works in *development*; the `people · getProfile` tool "
    "said so.\n\n- department: development\n- title: Software Engineer\n"
)


class _PaintSpy(QObject):
    """Remembers when anything inside ``root`` was last painted (an application filter)."""

    def __init__(self, root: QWidget) -> None:
        super().__init__()
        self.root = root
        self.painted_at = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self.root or self.root.isAncestorOf(watched))
        ):
            self.painted_at = time.perf_counter()
        return False


class _Resumable(ScriptedChatSession):
    """The scripted session, able to take saved messages back (as ChatSession does)."""

    def __init__(self) -> None:
        super().__init__()
        self.restored: list[Any] = []

    def restore(self, messages: list[Any]) -> None:
        self.restored = list(messages)

    @property
    def messages(self) -> list[Any]:
        return list(self.restored)


def _long_conversation(store: HistoryStore) -> int:
    conversation = store.new_conversation("How old is neruneruo?", "Scripted model")
    items: list[SavedItem] = []
    messages: list[dict[str, Any]] = []
    for i in range(MESSAGES // 2):
        items.append(SavedItem(USER, f"Question {i}: how old is neruneruo?"))
        if i % 10 == 0:
            items.append(
                SavedItem(
                    TOOL,
                    '{"name": "neruneruo", "age": 30, "department": "development"}',
                    tool="people___getProfile",
                    title="people · getProfile",
                    arguments={"name": "neruneruo"},
                )
            )
        items.append(SavedItem(ASSISTANT, f"{ANSWER}\n(answer {i})"))
        messages.append({"role": "user", "content": [{"text": f"Question {i}"}]})
        messages.append({"role": "assistant", "content": [{"text": ANSWER}]})
    store.add_items(conversation, items, agent_messages=messages)
    return conversation


def test_opening_a_500_message_conversation(qapp: QApplication, tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3", "bench").open()
    conversation = _long_conversation(store)
    results: dict[str, float] = {}

    async def main() -> None:
        page = ChatPage()
        page.resize(1000, 700)
        page.show()
        session = RecordingSession(_Resumable(), store)
        chat = ChatController(page, session, page)
        await chat.start()
        view = ConversationListView()
        view.show()
        history = HistoryController(view, session, chat)
        await history.refresh()
        spy = _PaintSpy(page.transcript)
        qapp.installEventFilter(spy)
        for _ in range(3):
            await asyncio.sleep(0.02)
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        await history.open(conversation)
        shown = time.perf_counter()
        async with asyncio.timeout(10):
            while spy.painted_at < shown:  # noqa: ASYNC110 - waiting for the paint is the measure
                await asyncio.sleep(0.001)
        painted = spy.painted_at
        qapp.removeEventFilter(spy)
        meter.stop()
        count = len(page.transcript.items())
        assert count == SHOWN_ITEMS + 1  # the newest, and a note about the earlier ones
        assert session.inner.restored  # the agent got its messages back
        late = sorted(meter.late) or [0.0]
        # The same, every message (the list's "Open with all messages").
        meter_all = StallMeter()
        meter_all.start()
        all_started = time.perf_counter()
        await history.open(conversation, limit=None)
        results["all_ms"] = (time.perf_counter() - all_started) * 1000
        meter_all.stop()
        results["all_worst_ms"] = max(meter_all.late or [0.0])
        results["all_items"] = len(page.transcript.items())
        results.update(
            items=count,
            open_ms=(shown - started) * 1000,
            painted_ms=(painted - started) * 1000,
            ticks=len(meter.late),
            worst_ms=late[-1],
            p99_ms=late[max(0, int(len(late) * 0.99) - 1)],
        )
        await history.aclose()
        await chat.shutdown()
        delete_now(view)
        delete_now(page)

    run_on_qt_loop(main)
    print(
        f"\nopening a saved conversation of {MESSAGES} messages "
        f"(the newest {SHOWN_ITEMS} items shown): "
        f"shown after {results['open_ms']:.0f} ms, painted after {results['painted_ms']:.0f} ms\n"
        f"  5 ms timer meanwhile ({results['ticks']:.0f} ticks): worst "
        f"{results['worst_ms']:.1f} ms late, p99 {results['p99_ms']:.1f} ms late\n"
        f"  with all {results['all_items']:.0f} items (Open with all messages): "
        f"{results['all_ms']:.0f} ms, worst tick {results['all_worst_ms']:.1f} ms late"
    )


def test_search_over_1000_conversations_and_size(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "history.sqlite3", "bench").open()
    words = ["sales", "development", "marketing", "support", "finance"]
    started = time.perf_counter()
    total_items = 0
    for n in range(CONVERSATIONS):
        department = words[n % len(words)]
        cid = store.new_conversation(f"Who works in {department}? ({n})", "offline")
        items = [
            SavedItem(USER, f"Who works in {department}? ({n})"),
            SavedItem(
                TOOL,
                f'{{"department": "{department}", "members": ["alice", "carol", "m{n}"]}}',
                tool="people___listMembers",
                title="people · listMembers",
                arguments={"department": department},
            ),
            SavedItem(ASSISTANT, f"In {department}: alice, carol and m{n}. 東京オフィス {n}"),
            SavedItem(USER, "And how old is neruneruo?"),
            SavedItem(ASSISTANT, ANSWER + f" unique{n}marker"),
        ]
        store.add_items(cid, items, agent_messages=[{"role": "user", "content": [{"text": "x"}]}])
        total_items += len(items)
    fill_s = time.perf_counter() - started

    def timed(query: str) -> tuple[float, int]:
        runs = []
        found = 0
        for _ in range(5):
            t = time.perf_counter()
            found = len(store.search(query, limit=100))
            runs.append((time.perf_counter() - t) * 1000)
        return statistics.median(runs), found

    common_ms, common_n = timed("development")
    rare_ms, rare_n = timed("unique777marker")
    short_ms, short_n = timed("東京")
    list_t = time.perf_counter()
    store.conversations()
    list_ms = (time.perf_counter() - list_t) * 1000
    with store._connection() as db:  # fold the WAL in to measure the file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = store.size()
    store.close()
    assert rare_n == 1 and common_n == 100
    print(
        f"\n{CONVERSATIONS} conversations, {total_items} messages saved in {fill_s:.1f} s "
        f"({fill_s / CONVERSATIONS * 1000:.1f} ms per conversation of 5)\n"
        f"  search 'development' (every one matches; first 100): {common_ms:.1f} ms median\n"
        f"  search 'unique777marker' (one match): {rare_ms:.1f} ms median\n"
        f"  search '東京' (two characters: scanned, not indexed): {short_ms:.1f} ms median "
        f"({short_n} shown)\n"
        f"  listing the newest 500: {list_ms:.1f} ms\n"
        f"database: {size / 1024:.0f} KiB, {size / total_items * 100 / 1024:.1f} KiB per "
        f"100 messages (with the FTS index and the agent's messages)"
    )
