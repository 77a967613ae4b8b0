"""Saved conversations: one SQLite file in the platform data folder, no Qt, no tokens.

::

    conversations  id, profile, title, model, created, updated, agent_messages (JSON)
        └── items  conversation_id, seq, kind (user | assistant | tool | notice), created,
                   text, tool, title, arguments (JSON), is_error, cut (characters left out)
    search         FTS5 (trigram) over titles and item text, rowid = item id or -conversation id

Invariants the code below keeps:

- The file is created user-only (0600) *before* sqlite opens it, so there is no moment
  when another account can read it; WAL journal, foreign keys on.
- Nothing secret goes in. What is saved is what the transcript shows (questions, answers,
  tool arguments and results, notices) and the Strands messages; the tokens in play and
  anything shaped like a JWT are replaced by ``[token removed]`` on the way in
  (:func:`gui.untrusted.scrub_secrets`), in case a tool ever echoes one.
- Each tool result is bounded to :data:`RESULT_LIMIT` characters; ``cut`` says how many
  were left out, and the text ends with a note saying so.
- The schema, its migrations and the damaged-file rule are :mod:`gui.history.schema`.
- A file sqlite cannot read (corrupt, not a database) is renamed aside with a timestamp,
  never deleted, and :class:`~gui.errors.HistoryUnavailable` says where it went. A locked
  file raises the same error and is left alone (another process holds it).

Every method blocks (file I/O): async callers go through :func:`gui.aio.run_blocking`.
One connection, guarded by a lock, so calls from several threads are serialised.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gui.config import APP_NAME, Profile, is_loopback_host
from gui.errors import HistoryUnavailable
from gui.history.schema import (
    create_private,
    is_damaged,
    is_locked,
    migrate,
    move_aside,
)
from gui.untrusted import one_line, scrub_secrets

RESULT_LIMIT = 64 * 1024  # characters of a tool result that are saved
TITLE_LIMIT = 80
USER, ASSISTANT, TOOL, NOTICE = "user", "assistant", "tool", "notice"
BUSY_TIMEOUT = 2.0  # seconds sqlite waits for another process's lock before giving up


def history_path() -> Path:
    """Where the history file lives on this platform (platformdirs' user data folder)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "history.sqlite3"


def open_for(profile: Profile, path: Path | None = None) -> HistoryStore | None:
    """The profile's history, opened; None when "Keep history" is off (nothing is touched).

    Blocking. Raises HistoryUnavailable (corrupt: moved aside; locked).
    """
    if not profile.keeps_history:
        return None
    return HistoryStore(path or history_path(), profile_key(profile)).open()


def profile_key(profile: Profile) -> str:
    """Which conversations belong to ``profile``: issuer + client id + gateway (+ its name).

    A loopback profile (the demo, whose servers take new ports each run) is keyed
    without its ports, so its history survives a restart. The ``default`` profile keeps
    the key it had before named profiles existed, so its history stays visible; another
    profile's key ends with its name (two people may share a tenant and a gateway).
    """
    issuer, gateway = profile.issuer, profile.gateway_url
    if is_loopback_host(urlsplit(issuer).hostname or "") and is_loopback_host(
        urlsplit(gateway).hostname or ""
    ):
        key = f"loopback {profile.client_id}"
    else:
        key = f"{issuer} {profile.client_id} {gateway}"
    return key if profile.is_default else f"{key} profile={profile.name}"


def bound_result(text: str, limit: int = RESULT_LIMIT) -> tuple[str, int]:
    """A tool result cut to ``limit`` characters, with a note; and how many were cut."""
    if len(text) <= limit:
        return text, 0
    cut = len(text) - limit
    return f"{text[:limit]}\n\n[… {cut} more characters were not saved]", cut


def title_from(question: str) -> str:
    """A conversation's title: its first question on one bounded line."""
    return one_line(question, TITLE_LIMIT) or "Conversation"


# --- what comes back ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationInfo:
    """One line of the conversation list."""

    id: int
    title: str
    model: str
    created: float
    updated: float
    snippet: str = ""  # for search results: the matching words in context


@dataclass(frozen=True)
class SavedItem:
    """One thing the transcript showed: a question, an answer, a tool call or a notice."""

    kind: str
    text: str = ""  # question / answer Markdown / notice / tool result
    created: float = 0.0
    tool: str = ""
    title: str = ""
    arguments: dict[str, Any] = field(default_factory=dict)
    is_error: bool = False
    cut: int = 0


@dataclass(frozen=True)
class Conversation:
    """A whole saved conversation: its line, what was shown, and what the model saw."""

    info: ConversationInfo
    items: list[SavedItem]
    agent_messages: list[dict[str, Any]]


# --- the store ----------------------------------------------------------------------------------


class HistoryStore:
    """The conversations of one profile in the history file at ``path``."""

    def __init__(self, path: Path, profile: str) -> None:
        """Nothing is opened yet: :meth:`open` does that (it may raise HistoryUnavailable)."""
        self.path = path
        self.profile = profile
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    # -- opening and closing -------------------------------------------------------------------

    def open(self) -> HistoryStore:
        """Open (creating it user-only) and migrate the file; returns self.

        Raises HistoryUnavailable: corrupt (the file was moved aside) or locked.
        """
        with self._lock:
            if self._db is not None:
                return self
            try:
                create_private(self.path)
            except OSError as exc:
                raise HistoryUnavailable(
                    f"The conversation history cannot be kept in {self.path.parent} "
                    f"({exc.strerror}); conversations are not being saved."
                ) from exc
            try:
                db = sqlite3.connect(
                    self.path, timeout=BUSY_TIMEOUT, check_same_thread=False, isolation_level=None
                )
            except sqlite3.Error as exc:
                raise self._unusable(exc) from exc
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.execute("PRAGMA foreign_keys = ON")
                migrate(db)
                db.execute("SELECT count(*) FROM conversations").fetchone()
            except HistoryUnavailable:
                db.close()
                raise
            except sqlite3.Error as exc:
                db.close()
                raise self._unusable(exc) from exc
            self._db = db
            for suffix in ("-wal", "-shm"):  # sqlite creates them with the umask's mode
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(self.path.with_name(self.path.name + suffix), 0o600)
            return self

    def close(self) -> None:
        """Close the file (quiet when it is not open)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _unusable(self, exc: sqlite3.Error) -> HistoryUnavailable:
        if is_locked(exc):
            return HistoryUnavailable(
                "The conversation history is locked by another program; "
                "conversations are not being saved."
            )
        if not is_damaged(exc):  # disk full, read-only folder...: the file itself is fine
            return HistoryUnavailable(
                f"The conversation history could not be opened ({one_line(exc, 120)}); "
                "conversations are not being saved."
            )
        try:
            moved = move_aside(self.path)
        except OSError:
            return HistoryUnavailable(
                "The conversation history file is damaged and could not be moved aside; "
                "conversations are not being saved."
            )
        return HistoryUnavailable(
            f"The conversation history file was damaged; it was moved to {moved.name} "
            "and a new one will be started. Conversations are not being saved until then.",
            moved_to=moved,
        )

    @contextlib.contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._db is None:
                raise HistoryUnavailable("The conversation history is not open.")
            try:
                if write:
                    self._db.execute("BEGIN IMMEDIATE")
                    try:
                        yield self._db
                    except BaseException:
                        if self._db.in_transaction:
                            self._db.execute("ROLLBACK")
                        raise
                    self._db.execute("COMMIT")
                else:
                    yield self._db
            except sqlite3.Error as exc:
                if is_locked(exc):
                    raise HistoryUnavailable(
                        "The conversation history is locked by another program; "
                        "this change was not saved."
                    ) from exc
                raise HistoryUnavailable(
                    f"The conversation history could not be used ({one_line(exc, 120)})."
                ) from exc

    # -- writing -----------------------------------------------------------------------------------

    def new_conversation(self, title: str, model: str, *, now: float | None = None) -> int:
        """Start a conversation titled ``title``; returns its id."""
        now = time.time() if now is None else now
        title = title_from(scrub_secrets(title))
        with self._connection(write=True) as db:
            cursor = db.execute(
                "INSERT INTO conversations (profile, title, model, created, updated)"
                " VALUES (?, ?, ?, ?, ?)",
                (self.profile, title, model, now, now),
            )
            conversation = int(cursor.lastrowid or 0)
            db.execute(
                "INSERT INTO search (rowid, body, conversation_id) VALUES (?, ?, ?)",
                (-conversation, title, conversation),
            )
        return conversation

    def add_items(
        self,
        conversation: int,
        items: list[SavedItem],
        *,
        agent_messages: list[dict[str, Any]] | None = None,
        now: float | None = None,
    ) -> None:
        """Append ``items`` (and replace the saved Strands messages, if given), atomically."""
        now = time.time() if now is None else now
        with self._connection(write=True) as db:
            row = db.execute(
                "SELECT coalesce(max(seq), 0) FROM items WHERE conversation_id = ?",
                (conversation,),
            ).fetchone()
            seq = int(row[0])
            for item in items:
                seq += 1
                text, cut = scrub_secrets(item.text), item.cut
                if item.kind == TOOL and not cut:
                    text, cut = bound_result(text)
                given = json.dumps(item.arguments, ensure_ascii=False, default=str)
                arguments = scrub_secrets(given)
                cursor = db.execute(
                    "INSERT INTO items (conversation_id, seq, kind, created, text, tool, title,"
                    " arguments, is_error, cut) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        conversation,
                        seq,
                        item.kind,
                        item.created or now,
                        text,
                        item.tool,
                        item.title,
                        arguments,
                        int(item.is_error),
                        cut,
                    ),
                )
                body = text if item.kind != TOOL else f"{item.title}\n{arguments}\n{text}"
                db.execute(
                    "INSERT INTO search (rowid, body, conversation_id) VALUES (?, ?, ?)",
                    (cursor.lastrowid, body, conversation),
                )
            if agent_messages is not None:
                db.execute(
                    "UPDATE conversations SET agent_messages = ? WHERE id = ?",
                    (encode_messages(agent_messages), conversation),
                )
            db.execute("UPDATE conversations SET updated = ? WHERE id = ?", (now, conversation))

    def rename(self, conversation: int, title: str) -> None:
        """Give a conversation a new title."""
        title = one_line(scrub_secrets(title), TITLE_LIMIT)
        if not title:
            return
        with self._connection(write=True) as db:
            db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND profile = ?",
                (title, conversation, self.profile),
            )
            db.execute("DELETE FROM search WHERE rowid = ?", (-conversation,))
            db.execute(
                "INSERT INTO search (rowid, body, conversation_id) VALUES (?, ?, ?)",
                (-conversation, title, conversation),
            )

    def delete(self, conversation: int) -> bool:
        """Remove a conversation; False when there was none with that id."""
        with self._connection(write=True) as db:
            gone = db.execute(
                "DELETE FROM conversations WHERE id = ? AND profile = ?",
                (conversation, self.profile),
            ).rowcount
            if gone:
                db.execute("DELETE FROM search WHERE conversation_id = ?", (conversation,))
        return bool(gone)

    def delete_all(self) -> int:
        """Remove every conversation of this profile (the "delete history" button)."""
        with self._connection(write=True) as db:
            ids = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM conversations WHERE profile = ?", (self.profile,)
                )
            ]
            db.executemany("DELETE FROM search WHERE conversation_id = ?", [(i,) for i in ids])
            db.execute("DELETE FROM conversations WHERE profile = ?", (self.profile,))
        with self._connection() as db:
            # Deleted text must not linger in free pages or the WAL.
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM")
        return len(ids)

    # -- reading -----------------------------------------------------------------------------------

    def conversations(self, limit: int = 500) -> list[ConversationInfo]:
        """This profile's conversations, most recently updated first."""
        with self._connection() as db:
            rows = db.execute(
                "SELECT id, title, model, created, updated FROM conversations"
                " WHERE profile = ? ORDER BY updated DESC, id DESC LIMIT ?",
                (self.profile, limit),
            ).fetchall()
        return [ConversationInfo(*row) for row in rows]

    def latest(self) -> int | None:
        """The id of the most recently updated conversation, if any."""
        found = self.conversations(limit=1)
        return found[0].id if found else None

    def search(self, query: str, limit: int = 100) -> list[ConversationInfo]:
        """Conversations whose title or text contains ``query`` (every word of it)."""
        words = [w for w in query.split() if w]
        if not words:
            return self.conversations(limit)
        with self._connection() as db:
            if all(len(w) >= 3 for w in words):
                # trigram FTS: each word is a substring match; quoted, so no FTS syntax.
                match = " AND ".join('"' + w.replace('"', '""') + '"' for w in words)
                rows = db.execute(
                    "SELECT id, title, model, created, updated FROM conversations"
                    " WHERE profile = ? AND id IN"
                    " (SELECT conversation_id FROM search WHERE search MATCH ?)"
                    " ORDER BY updated DESC, id DESC LIMIT ?",
                    (self.profile, match, limit),
                ).fetchall()
                # snippet() works only on the rows of a MATCH itself, not under IN/GROUP BY.
                snippets: dict[int, str] = {}
                ids = ",".join(str(int(row[0])) for row in rows) or "0"
                for conversation, snip in db.execute(
                    "SELECT conversation_id, snippet(search, 0, '', '', '…', 24)"
                    f" FROM search WHERE search MATCH ? AND conversation_id IN ({ids})"
                    " ORDER BY rowid DESC",
                    (match,),
                ):
                    snippets[int(conversation)] = snip  # the earliest match wins
                rows = [(*row, snippets.get(row[0], "")) for row in rows]
            else:
                # Trigrams need three characters (and the trigram tokenizer answers a LIKE
                # with fewer itself, finding nothing): short words, e.g. two kanji, by instr.
                pattern = [w.lower() for w in words]
                where = " AND ".join("instr(lower(search.body), ?) > 0" for _ in words)
                rows = db.execute(
                    "SELECT c.id, c.title, c.model, c.created, c.updated, search.body"
                    " FROM search JOIN conversations c"
                    " ON c.id = search.conversation_id"
                    f" WHERE {where} AND c.profile = ?"
                    " GROUP BY c.id ORDER BY c.updated DESC LIMIT ?",
                    (*pattern, self.profile, limit),
                ).fetchall()
        return [ConversationInfo(*row[:5], snippet=one_line(row[5], 160)) for row in rows]

    def load(self, conversation: int) -> Conversation | None:
        """A whole conversation, or None when this profile has none with that id."""
        with self._connection() as db:
            row = db.execute(
                "SELECT id, title, model, created, updated, agent_messages FROM conversations"
                " WHERE id = ? AND profile = ?",
                (conversation, self.profile),
            ).fetchone()
            if row is None:
                return None
            rows = db.execute(
                "SELECT kind, text, created, tool, title, arguments, is_error, cut FROM items"
                " WHERE conversation_id = ? ORDER BY seq",
                (conversation,),
            ).fetchall()
        items = [
            SavedItem(
                kind=kind,
                text=text,
                created=created,
                tool=tool,
                title=title,
                arguments=_decode_object(arguments),
                is_error=bool(is_error),
                cut=cut,
            )
            for kind, text, created, tool, title, arguments, is_error, cut in rows
        ]
        return Conversation(ConversationInfo(*row[:5]), items, decode_messages(row[5]))

    def size(self) -> int:
        """Bytes the history takes on disk (the file and its WAL)."""
        total = 0
        for suffix in ("", "-wal"):
            with contextlib.suppress(FileNotFoundError):
                total += self.path.with_name(self.path.name + suffix).stat().st_size
        return total


def encode_messages(messages: list[dict[str, Any]]) -> str:
    """Strands messages as JSON, tool results bounded like the items, tokens scrubbed."""
    bounded = []
    for message in messages:
        content = []
        for block in message.get("content", []):
            result = block.get("toolResult") if isinstance(block, dict) else None
            if isinstance(result, dict):
                parts = []
                for part in result.get("content", []):
                    if isinstance(part, dict) and isinstance(part.get("text"), str):
                        part = {**part, "text": bound_result(part["text"])[0]}
                    parts.append(part)
                block = {**block, "toolResult": {**result, "content": parts}}
            content.append(block)
        bounded.append({**message, "content": content})
    return scrub_secrets(json.dumps(bounded, ensure_ascii=False, default=str))


def decode_messages(text: str) -> list[dict[str, Any]]:
    """The saved Strands messages (an unreadable value is an empty conversation)."""
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return [m for m in value if isinstance(m, dict)] if isinstance(value, list) else []


def _decode_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
