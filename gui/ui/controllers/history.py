"""The sidebar made to work: lists, searches, opens, renames, deletes and exports conversations.

::

    ConversationListView ──signals──► HistoryController ──run_blocking──► HistoryStore
    (views/history.py)
                                          │ open: ChatController.show_saved(fill)
                                          │        fill = session.resume() + replay()
                                          ◄── RecordingSession.on_saved (a question was saved)

Every sqlite call runs in a daemon thread (:func:`gui.aio.run_blocking`); the loop only
lays out what comes back. A saved conversation is shown a few items at a time
(:func:`replay`), yielding to the loop between slices, so opening a long one never
freezes the window. With no store (Keep history off, or the file could not be used)
the sidebar says so and only "New conversation" works.

May import Qt, the sidebar view, the confirm question, the transcript widgets,
gui.history.store and gui.aio; the recording session and the chat controller only for
types.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import KW_ONLY, InitVar, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from gui.aio import run_blocking
from gui.errors import AppError
from gui.history.store import ASSISTANT, NOTICE, TOOL, USER, Conversation, ConversationInfo
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.wiring import connect_by_name
from gui.ui.views.confirm import ask, ask_where_to_save
from gui.ui.views.history import TITLE_ROLE, ConversationListView
from gui.ui.widgets.transcript import ERROR, INFO, STOPPED

if TYPE_CHECKING:
    from gui.history.recorder import RecordingSession
    from gui.history.store import HistoryStore, SavedItem
    from gui.ui.controllers.chat import ChatController
    from gui.ui.widgets.transcript import TranscriptView

log = logging.getLogger(__name__)

SLICE_SECONDS = 0.008  # replay this long, then let the loop paint and handle input
REFRESH_DELAY = 0.05
SHOWN_ITEMS = 40  # of a saved conversation, the newest this many are shown (~8 ms each)


async def replay(
    transcript: TranscriptView, items: list[SavedItem], *, limit: int = SHOWN_ITEMS
) -> None:
    """Show the last ``limit`` saved items in ``transcript``, a slice at a time.

    Each widget costs a few milliseconds to build and every layout pass grows with the
    number shown, so a 500-message conversation shown whole takes seconds and stalls the
    loop for longer each slice. The newest items are what the person continues from; a
    note at the top says how many earlier ones are not shown ("Open with all messages"
    and Export have them all).
    """
    hidden = max(0, len(items) - limit)
    if hidden:
        note = QCoreApplication.translate(
            "HistoryController",
            "%n earlier message(s) not shown; “Open with all messages” in the list shows them.",
            "",
            hidden,
        )
        transcript.add_notice(note, INFO)
    # No paint until all is in: between slices Qt would otherwise paint the half-built
    # transcript each time, which cost about three times the building itself.
    transcript.setUpdatesEnabled(False)
    try:
        await _add_items(transcript, items[hidden:])
    finally:
        transcript.setUpdatesEnabled(True)


async def _add_items(transcript: TranscriptView, items: list[SavedItem]) -> None:
    from gui.ui.controllers.chat import format_arguments, format_result

    stopped = QCoreApplication.translate("HistoryController", "Stopped.")
    deadline = time.perf_counter() + SLICE_SECONDS
    for item in items:
        # When it was said, not when it is shown again (the time shows on hover).
        when = datetime.fromtimestamp(item.created).astimezone() if item.created else None
        if item.kind == USER:
            transcript.add_user_message(item.text, when)
        elif item.kind == ASSISTANT:
            message = transcript.add_assistant_message(when)
            message.set_markdown(item.text)
            message.finish()
        elif item.kind == TOOL:
            card = transcript.add_tool_card(
                item.title or item.tool, format_arguments(item.arguments)
            )
            card.set_result(format_result(item.text)[0], is_error=item.is_error)
            card.set_expanded(False)
        elif item.kind == NOTICE:
            if item.is_error:
                transcript.add_notice(item.text, ERROR)
            else:
                transcript.add_notice(stopped, STOPPED)
        if time.perf_counter() >= deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + SLICE_SECONDS


def group_by_day(
    conversations: list[ConversationInfo], today: date | None = None
) -> dict[str, list[ConversationInfo]]:
    """``today`` / ``yesterday`` / ``earlier`` by when each was last updated (local time)."""
    today = today or date.today()
    groups: dict[str, list[ConversationInfo]] = {"today": [], "yesterday": [], "earlier": []}
    for info in conversations:
        day = datetime.fromtimestamp(info.updated).date()
        key = (
            "today"
            if day >= today
            else "yesterday"
            if day == today - timedelta(days=1)
            else "earlier"
        )
        groups[key].append(info)
    return groups


@dataclass(eq=False, repr=False)
class HistoryController(QObject):
    """Drives a :class:`ConversationListView` with a store, the session and the chat."""

    opened = Signal(int)  # a saved conversation is fully shown
    problem = Signal(str)  # something to tell the person (the window shows a notice)

    view: ConversationListView
    session: RecordingSession  # records the chat into its store (None: history is off)
    chat: ChatController
    _: KW_ONLY
    dialog_parent: QWidget | None = None  # what its dialogs open over (None: the view)
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self._dialogs_over: QWidget = self.dialog_parent or self.view
        self._query = ""
        self._tasks = TaskKeeper()
        self._refresh_pending = False
        self.dialog: QWidget | None = None  # the open confirm / file dialog (tests use it)
        self.session.on_saved = self._on_session_saved
        self.session.on_new = self._on_session_new
        self.session.on_problem = self._lost
        connect_by_name(self.view, self, "view")
        self._show_availability()

    # -- public API ----------------------------------------------------------------------------

    @property
    def store(self) -> HistoryStore | None:
        """The history file in use: the recording session's (None: history is off)."""
        return self.session.store

    @property
    def idle(self) -> bool:
        """True when no work this controller started is still running."""
        return self._tasks.idle

    async def refresh(self) -> None:
        """List the conversations again (or the search results)."""
        self._refresh_pending = False
        store = self.store
        if store is None:
            self.view.set_groups([])
            return
        query = self._query
        try:
            if query:
                found = await run_blocking(lambda: store.search(query))
            else:
                found = await run_blocking(store.conversations)
        except AppError as exc:
            self._lost(exc)
            return
        if query != self._query:
            return  # a newer search is on its way
        if query:
            rows = [(c.id, c.title, c.snippet if c.snippet != c.title else "") for c in found]
            self.view.set_groups([(self.tr("Search results"), rows)])
            self.view.set_status("" if found else self.tr("No conversation matches."))
        else:
            groups = group_by_day(found)
            headings = {
                "today": self.tr("Today"),
                "yesterday": self.tr("Yesterday"),
                "earlier": self.tr("Earlier"),
            }
            self.view.set_groups(
                [(headings[k], [(c.id, c.title, "") for c in v]) for k, v in groups.items()]
            )
            self.view.set_status("")
        self.view.select(self.session.conversation_id)

    async def open(self, conversation: int, *, limit: int | None = SHOWN_ITEMS) -> None:
        """Show a saved conversation (its newest ``limit`` items) and let the agent continue it.

        ``limit=None`` shows every item (slower for a long one; the loop stays responsive).
        """
        store = self.store
        if store is None:
            return
        try:
            saved = await run_blocking(lambda: store.load(conversation))
        except AppError as exc:
            self._lost(exc)
            return
        if saved is None:  # deleted meanwhile (another window, the terminal)
            await self.refresh()
            return
        await self.chat.show_saved(lambda transcript: self._fill(transcript, saved, limit))
        self.view.select(conversation)
        self.opened.emit(conversation)

    async def new(self) -> None:
        """An empty conversation (Ctrl+N)."""
        await self.chat.new_chat()
        self.view.select(None)

    def set_store(self, store: HistoryStore | None) -> None:
        """Keep history was switched: use ``store`` from now on (None: save nothing)."""
        self.session.store = store
        self._show_availability()
        self.spawn(self.refresh())

    async def delete_all(self) -> int:
        """Delete every saved conversation of this profile; returns how many."""
        store = self.store
        if store is None:
            return 0
        count = await run_blocking(store.delete_all)
        self.session.conversation_id = None
        await self.refresh()
        return count

    async def aclose(self) -> None:
        """Finish background work and close the file."""
        self._tasks.cancel_all()
        await self._tasks.wait(within=0.5)
        store, self.session.store = self.session.store, None
        if store is not None:
            await run_blocking(store.close, within=1.0)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run ``coro`` as a task this controller tracks."""
        return self._tasks.spawn(coro)

    # -- internals --------------------------------------------------------------------------

    async def _fill(
        self, transcript: TranscriptView, saved: Conversation, limit: int | None
    ) -> None:
        self.session.resume(saved)
        await replay(transcript, saved.items, limit=len(saved.items) if limit is None else limit)

    def _show_availability(self) -> None:
        kept = self.store is not None
        self.view.set_enabled_for_history(kept)
        self.view.set_status(
            "" if kept else self.tr("History is off: conversations are not saved.")
        )

    def _lost(self, exc: AppError) -> None:
        log.warning("History is no longer available: %s", exc.message)
        self.session.store = None
        self._show_availability()
        self.problem.emit(exc.message)

    # -- slots -------------------------------------------------------------------------------

    def _on_session_new(self) -> None:
        self.view.select(None)  # New chat (button, Ctrl+N): no saved one is open

    def _on_session_saved(self, _conversation: int) -> None:
        if not self._refresh_pending:  # several saves in a row: one refresh
            self._refresh_pending = True
            self.spawn(self._refresh_soon())

    async def _refresh_soon(self) -> None:
        await asyncio.sleep(REFRESH_DELAY)
        await self.refresh()

    def _on_view_new_requested(self) -> None:
        self.spawn(self.new())

    def _on_view_search_changed(self, query: str) -> None:
        self._query = query
        self.spawn(self.refresh())

    def _on_view_open_requested(self, conversation: int) -> None:
        self.spawn(self.open(conversation))

    def _on_view_open_all_requested(self, conversation: int) -> None:
        self.spawn(self.open(conversation, limit=None))

    def _on_view_rename_requested(self, conversation: int, title: str) -> None:
        self.spawn(self._rename(conversation, title))

    async def _rename(self, conversation: int, title: str) -> None:
        store = self.store
        if store is None:
            return
        try:
            await run_blocking(lambda: store.rename(conversation, title))
        except AppError as exc:
            self._lost(exc)
            return
        await self.refresh()

    def _on_view_delete_requested(self, conversation: int) -> None:
        item = self.view.items_by_id().get(conversation)
        title = item.data(TITLE_ROLE) if item is not None else ""

        def answered(yes: bool) -> None:
            self.dialog = None
            if yes:
                self.spawn(self._delete(conversation))

        self.dialog = ask(
            self._dialogs_over,
            icon=QMessageBox.Icon.Question,
            title=self.tr("Delete conversation"),
            question=self.tr("Delete “%1”?").replace("%1", str(title)),
            detail=self.tr("It is removed from this computer; this cannot be undone."),
            yes=self.tr("Delete"),
            answered=answered,
        )

    async def _delete(self, conversation: int) -> None:
        store = self.store
        if store is None:
            return
        try:
            await run_blocking(lambda: store.delete(conversation))
        except AppError as exc:
            self._lost(exc)
            return
        if self.session.conversation_id == conversation:
            await self.chat.new_chat()
        await self.refresh()

    def _on_view_export_requested(self, conversation: int) -> None:
        item = self.view.items_by_id().get(conversation)
        title = str(item.data(TITLE_ROLE)) if item is not None else "conversation"

        def answered(path: Path | None) -> None:
            self.dialog = None
            if path is not None:
                self.spawn(self._export(conversation, path))

        self.dialog = ask_where_to_save(
            self._dialogs_over,
            title=self.tr("Export to Markdown"),
            file_name=_file_name(title),
            name_filter=self.tr("Markdown (*.md)"),
            suffix="md",
            answered=answered,
        )

    async def _export(self, conversation: int, path: Path) -> None:
        from gui.history.export import to_markdown, write_private

        store = self.store
        if store is None:
            return

        def write() -> bool:
            saved = store.load(conversation)
            if saved is None:
                return False
            write_private(path, to_markdown(saved))
            return True

        try:
            await run_blocking(write)
        except AppError as exc:
            self._lost(exc)
        except OSError as exc:
            self.problem.emit(
                self.tr("Could not write %1: %2")
                .replace("%1", str(path))
                .replace("%2", exc.strerror or "")
            )


def _file_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return ("-".join(keep.split())[:60] or "conversation") + ".md"
