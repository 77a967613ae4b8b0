"""Saved conversations from a terminal: ``history``, and what ``ask`` does with history.

agentcore-chat history                       one line each: id, date, title (newest first)
agentcore-chat history show ID               the whole conversation (Markdown)
agentcore-chat history export ID [--output FILE]   write it as Markdown (stdout without FILE)
agentcore-chat history delete ID             remove one
agentcore-chat ask --continue "question"     add to the latest conversation
agentcore-chat ask --conversation ID "..."   add to a given one
agentcore-chat ask --no-history "..."        do not save this question

None of these need a sign-in except ``ask``; everything read back from the file is
printed through :func:`gui.untrusted.for_terminal` (answers came from a model and
tool results from a server: no terminal escapes reach the terminal). The options are
parsed in :mod:`gui.cli.parser`; the file is opened by :class:`gui.services.AppServices`.
May import ``gui.history.export`` and ``gui.history.recorder``, ``gui.aio``,
``gui.errors``, ``gui.untrusted`` and ``gui.cli.terminal``; no Qt.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gui.aio import run_blocking
from gui.cli.terminal import EXIT_FAIL, EXIT_OK, Console
from gui.errors import AppError, HistoryUnavailable
from gui.history.export import to_markdown, when, write_private
from gui.history.recorder import RecordingSession
from gui.untrusted import for_terminal, one_line

if TYPE_CHECKING:
    from gui.config import Profile
    from gui.services import AppServices


@dataclass(frozen=True)
class AskHistory:
    """What ``ask`` does with history: save or not, and which conversation to continue."""

    save: bool = True
    continue_latest: bool = False
    conversation: int | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> AskHistory:
        """From ``ask``'s options."""
        return cls(
            save=not getattr(args, "no_history", False),
            continue_latest=bool(getattr(args, "continue_latest", False)),
            conversation=getattr(args, "conversation", None),
        )


def history_file() -> Path | None:
    """``$AGENTCORE_CHAT_HISTORY``: tests and careful people point the commands at another file.

    None: the platform's place (see :func:`gui.history.store.history_path`).
    """
    value = os.environ.get("AGENTCORE_CHAT_HISTORY")
    return Path(value) if value else None


def cmd_history(
    args: argparse.Namespace, services: AppServices, profile: Profile, term: Console
) -> int:
    """Run ``history [list | show | export | delete]``; no sign-in needed."""
    try:
        store = services.open_history(profile)
    except HistoryUnavailable as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_FAIL
    if store is None:
        term.note('Keep history is off (keep_history = "off" in the settings): nothing saved.')
        return EXIT_OK
    try:
        command = args.history_command or "list"
        if command == "list":
            for info in store.conversations():
                term.say(f"{info.id}\t{when(info.updated)}\t{one_line(info.title, 200)}")
            return EXIT_OK
        conversation = store.load(args.id)
        if conversation is None:
            term.note(f"Error: there is no saved conversation {args.id}")
            return EXIT_FAIL
        if command == "delete":
            store.delete(args.id)
            term.note(f"Deleted conversation {args.id}.")
            return EXIT_OK
        markdown = to_markdown(conversation)
        if command == "export" and args.output is not None:
            try:
                write_private(args.output, markdown)
            except OSError as exc:
                term.note(f"Error: cannot write {args.output} ({exc.strerror})")
                return EXIT_FAIL
            term.note(f"Wrote {args.output}")
            return EXIT_OK
        term.stream(for_terminal(markdown))
        return EXIT_OK
    except AppError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_FAIL
    finally:
        store.close()


async def recording_chat(
    services: AppServices, profile: Profile, chat: Any, choice: AskHistory, term: Console
) -> RecordingSession:
    """``chat`` wrapped so ``ask`` is saved (unless told not to), resumed as asked.

    Raises AppError when the conversation asked for cannot be continued.
    """
    wants_old = choice.continue_latest or choice.conversation is not None
    store = None
    if choice.save or wants_old:
        try:
            store = await services.history(profile)
        except HistoryUnavailable as exc:
            if wants_old:
                raise
            term.note(f"Note: {exc.message}")
    if store is None and wants_old:
        raise AppError("Keep history is off, so there is no conversation to continue.")
    session = RecordingSession(chat, store)
    if not wants_old:
        return session
    assert store is not None
    wanted = choice.conversation
    if wanted is None:
        wanted = await run_blocking(store.latest)
        if wanted is None:
            term.note("No saved conversation yet; starting a new one.")
            return session
    conversation = await run_blocking(lambda: store.load(wanted))
    if conversation is None:
        store.close()
        raise AppError(f"There is no saved conversation {wanted}.")
    session.resume(conversation)
    term.note(f"Continuing conversation {wanted}: {one_line(conversation.info.title, 80)}")
    return session


def close_recording(chat: Any) -> None:
    """Close the history file a :func:`recording_chat` opened (quick: a local file)."""
    store = getattr(chat, "store", None)
    if store is not None:
        store.close()
