"""The history file on disk: its schema and migrations, created private, moved aside when damaged.

Invariants (the store, :mod:`gui.history.store`, relies on them):

- The file is created user-only (0600) *before* sqlite opens it.
- The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` holds one
  function per version, applied in order, each inside its own transaction.
- A file sqlite cannot read is renamed aside with a timestamp, never deleted.

Imports: the standard library and :mod:`gui.errors`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from gui.errors import HistoryUnavailable


def _run_script(db: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it commits first, which would end the migration's transaction.
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    """Conversations and what was shown in them."""
    _run_script(
        db,
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            profile TEXT NOT NULL,
            title TEXT NOT NULL,
            model TEXT NOT NULL DEFAULT '',
            created REAL NOT NULL,
            updated REAL NOT NULL
        );
        CREATE INDEX conversations_by_profile ON conversations (profile, updated);
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            created REAL NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            tool TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            arguments TEXT NOT NULL DEFAULT '{}',
            is_error INTEGER NOT NULL DEFAULT 0,
            cut INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX items_by_conversation ON items (conversation_id, seq);
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    """Resume (the Strands messages) and full-text search, filled from what v1 saved."""
    _run_script(
        db,
        """
        ALTER TABLE conversations ADD COLUMN agent_messages TEXT NOT NULL DEFAULT '[]';
        CREATE VIRTUAL TABLE search USING fts5(
            body, conversation_id UNINDEXED, tokenize = 'trigram'
        );
        INSERT INTO search (rowid, body, conversation_id)
            SELECT id, text, conversation_id FROM items;
        INSERT INTO search (rowid, body, conversation_id)
            SELECT -id, title, id FROM conversations;
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, upto: int | None = None) -> None:
    """Bring the schema from its ``user_version`` to ``upto`` (default: the newest).

    ``db`` is in autocommit mode (``isolation_level=None``). The version is read inside
    each step's write lock, so two processes opening an old file at once do not both
    migrate it; each step is one transaction, so a step that fails is rolled back whole,
    leaving the previous version.
    """
    upto = SCHEMA_VERSION if upto is None else upto
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise HistoryUnavailable(
                    "The conversation history was written by a newer version of AgentCore "
                    "Chat; it is left as it is and not used."
                )
            if version >= upto:
                db.execute("COMMIT")
                return
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise


def create_private(path: Path) -> None:
    """Make sure ``path`` exists and only its owner can read or write it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)  # an older file may have been created looser


def move_aside(path: Path) -> Path:
    """Rename a database sqlite cannot use (and its WAL files) out of the way."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.broken-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.broken-{stamp}-{n}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            side.rename(target.with_name(target.name + suffix))
    return target


def is_damaged(exc: sqlite3.Error) -> bool:
    """True when sqlite says the file itself is not (or no longer) a usable database."""
    # sqlite reports a file that is not (or no longer) a database as a plain DatabaseError;
    # OperationalError (its subclass) is about the circumstances, not the file.
    text = str(exc).lower()
    return not isinstance(exc, sqlite3.OperationalError) or "malformed" in text


def is_locked(exc: sqlite3.Error) -> bool:
    """True when another process holds the file's lock."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower()
