"""The history store on a real SQLite file: mode, schema, search, bounds, damage, locks."""

from __future__ import annotations

import sqlite3
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from gui.config import Profile
from gui.errors import HistoryUnavailable
from gui.history import schema
from gui.history import store as history
from gui.history.store import (
    ASSISTANT,
    NOTICE,
    RESULT_LIMIT,
    TOOL,
    USER,
    HistoryStore,
    SavedItem,
    profile_key,
)
from gui.untrusted import hold_secrets


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    s = HistoryStore(tmp_path / "history.sqlite3", "profile-a").open()
    yield s
    s.close()


def _conversation(store: HistoryStore, question: str, answer: str, *, now: float = 0) -> int:
    cid = store.new_conversation(question, "offline", now=now or None)
    store.add_items(
        cid,
        [SavedItem(USER, question), SavedItem(ASSISTANT, answer)],
        agent_messages=[{"role": "user", "content": [{"text": question}]}],
        now=now or None,
    )
    return cid


def test_the_file_is_user_only_and_in_wal_mode(store: HistoryStore) -> None:
    _conversation(store, "hello there", "hi")
    for path in store.path.parent.iterdir():  # the database and its -wal / -shm
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_a_looser_existing_file_is_made_user_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    HistoryStore(path, "p").open().close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_saves_and_loads_a_whole_conversation(store: HistoryStore) -> None:
    cid = store.new_conversation("How old is neruneruo?", "offline")
    store.add_items(
        cid,
        [
            SavedItem(USER, "How old is neruneruo?"),
            SavedItem(
                TOOL,
                '{"age": 34}',
                tool="people___getProfile",
                title="Get profile",
                arguments={"name": "neruneruo"},
            ),
            SavedItem(ASSISTANT, "neruneruo is **34**."),
            SavedItem(NOTICE, "Stopped."),
        ],
        agent_messages=[{"role": "user", "content": [{"text": "How old is neruneruo?"}]}],
    )
    saved = store.load(cid)
    assert saved is not None
    assert saved.info.title == "How old is neruneruo?"
    assert saved.info.model == "offline"
    assert [i.kind for i in saved.items] == [USER, TOOL, ASSISTANT, NOTICE]
    assert saved.items[1].arguments == {"name": "neruneruo"}
    assert saved.items[1].tool == "people___getProfile"
    assert saved.agent_messages[0]["content"][0]["text"] == "How old is neruneruo?"
    assert store.latest() == cid


def test_a_result_is_bounded_with_a_note(store: HistoryStore) -> None:
    cid = store.new_conversation("big", "offline")
    store.add_items(cid, [SavedItem(TOOL, "x" * (RESULT_LIMIT + 500), title="Big")])
    item = store.load(cid).items[0]
    assert item.cut == 500
    assert item.text.startswith("x" * RESULT_LIMIT)
    assert "500 more characters were not saved" in item.text
    assert len(item.text) < RESULT_LIMIT + 100


def test_the_agent_messages_keep_tool_results_bounded(store: HistoryStore) -> None:
    cid = store.new_conversation("big", "offline")
    result = {"toolUseId": "1", "status": "success", "content": [{"text": "y" * 100_000}]}
    store.add_items(cid, [], agent_messages=[{"role": "user", "content": [{"toolResult": result}]}])
    text = store.load(cid).agent_messages[0]["content"][0]["toolResult"]["content"][0]["text"]
    assert len(text) < RESULT_LIMIT + 100 and "not saved" in text


def test_anything_shaped_like_a_jwt_is_removed(store: HistoryStore) -> None:
    jwt_like = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl"
    cid = store.new_conversation(f"what is {jwt_like}", "offline")
    store.add_items(cid, [SavedItem(TOOL, f"token={jwt_like}", arguments={"t": jwt_like})])
    store.close()
    assert jwt_like.encode() not in b"".join(p.read_bytes() for p in store.path.parent.iterdir())


def test_the_tokens_in_play_are_removed_too(store: HistoryStore) -> None:
    class Session:  # holds an opaque refresh token, as AuthSession does
        def secrets_in_play(self) -> tuple[str, ...]:
            return ("opaque-refresh-token-0123456789",)

    session = Session()
    hold_secrets(session)
    cid = store.new_conversation("a question", "offline")
    store.add_items(cid, [SavedItem(TOOL, "it said opaque-refresh-token-0123456789")])
    store.close()
    saved = b"".join(p.read_bytes() for p in store.path.parent.iterdir())
    assert b"opaque-refresh-token-0123456789" not in saved
    assert b"[token removed]" in saved
    del session


def test_search_finds_words_of_answers_titles_and_short_japanese(store: HistoryStore) -> None:
    a = _conversation(store, "How old is neruneruo?", "neruneruo is 34 years old, in Tokyo 東京")
    b = _conversation(store, "Who works in sales?", "Alice and Carol work in sales")
    assert [c.id for c in store.search("years")] == [a]
    assert "years" in store.search("years")[0].snippet
    assert [c.id for c in store.search("SALES")] == [b]  # case does not matter
    assert [c.id for c in store.search("東京")] == [a]  # two characters: below a trigram
    assert {c.id for c in store.search("old")} == {a}
    assert store.search("nothing-like-this") == []
    assert store.search('"unbalanced') == []  # FTS syntax is never interpreted


def test_rename_delete_and_profiles_are_separate(tmp_path: Path, store: HistoryStore) -> None:
    cid = _conversation(store, "first question", "answer")
    store.rename(cid, "Renamed one")
    assert store.conversations()[0].title == "Renamed one"
    assert [c.id for c in store.search("Renamed")] == [cid]
    other = HistoryStore(store.path, "profile-b").open()
    try:
        assert other.conversations() == []
        assert other.load(cid) is None
        assert other.delete(cid) is False
    finally:
        other.close()
    assert store.delete(cid) is True
    assert store.conversations() == [] and store.search("first") == []


def test_delete_all_leaves_no_text_behind(store: HistoryStore) -> None:
    for n in range(3):
        _conversation(store, f"question number {n}", "a very particular answer")
    assert store.delete_all() == 3
    assert store.conversations() == []
    store.close()
    data = b"".join(p.read_bytes() for p in store.path.parent.iterdir() if p.is_file())
    assert b"particular" not in data


def test_a_v1_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    schema.migrate(db, upto=1)  # a file as version 1 wrote it
    db.execute(
        "INSERT INTO conversations (id, profile, title, created, updated)"
        " VALUES (7, 'p', 'Old question', 1, 1)"
    )
    db.execute(
        "INSERT INTO items (conversation_id, seq, kind, created, text)"
        " VALUES (7, 1, 'assistant', 1, 'an answer from long ago')"
    )
    db.close()
    store = HistoryStore(path, "p").open()
    try:
        assert [c.id for c in store.search("long ago")] == [7]
        assert [c.id for c in store.search("Old question")] == [7]
        assert store.load(7).agent_messages == []
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_a_failing_migration_step_leaves_the_previous_version(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    schema.migrate(db, upto=1)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("ALTER TABLE conversations ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "MIGRATIONS", [schema.MIGRATIONS[0], broken])
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(db, upto=2)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in db.execute("PRAGMA table_info(conversations)")]
    assert "half_done" not in columns  # rolled back whole
    db.close()


def test_a_file_that_fails_to_migrate_is_not_moved_aside(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore(path, "p").open().close()

    def broken(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(HistoryUnavailable, match="disk is full"):
        HistoryStore(path, "p").open()
    assert path.exists() and list(tmp_path.glob("*.broken-*")) == []


def test_a_folder_that_cannot_be_created_is_a_typed_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryUnavailable, match="cannot be kept"):
        HistoryStore(blocker / "history.sqlite3", "p").open()


def test_a_newer_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(HistoryUnavailable, match="newer version"):
        HistoryStore(path, "p").open()
    assert path.exists()


def test_a_corrupt_file_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not a database" * 500
    path.write_bytes(garbage)
    with pytest.raises(HistoryUnavailable, match="damaged") as caught:
        HistoryStore(path, "p").open()
    moved = caught.value.moved_to
    assert isinstance(moved, Path) and moved.parent == tmp_path
    assert moved.name.startswith("history.sqlite3.broken-")
    assert moved.read_bytes() == garbage
    assert moved.name in caught.value.message
    # The next start begins a fresh file.
    store = HistoryStore(path, "p").open()
    assert store.conversations() == []
    store.close()


def test_a_locked_file_is_reported_and_left_in_place(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(history, "BUSY_TIMEOUT", 0.05)
    store = HistoryStore(tmp_path / "history.sqlite3", "p").open()
    cid = store.new_conversation("q", "m")
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing
    try:
        with pytest.raises(HistoryUnavailable, match="locked"):
            store.add_items(cid, [SavedItem(USER, "more")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add_items(cid, [SavedItem(USER, "more")])  # works again once released
    assert len(store.load(cid).items) == 1
    assert list(tmp_path.glob("*.broken-*")) == []
    store.close()


def test_the_demo_profile_keeps_its_history_across_ports() -> None:
    one = Profile(
        issuer="http://127.0.0.1:5001/", client_id="demo", gateway_url="http://127.0.0.1:5002/mcp"
    )
    two = Profile(
        issuer="http://127.0.0.1:6001/", client_id="demo", gateway_url="http://127.0.0.1:6002/mcp"
    )
    real = Profile(issuer="https://a.auth0.com/", client_id="demo", gateway_url="https://g/mcp")
    assert profile_key(one) == profile_key(two) != profile_key(real)


def test_the_default_profile_keeps_its_key_and_a_named_one_adds_its_name(tmp_path: Path) -> None:
    real = Profile(issuer="https://a.auth0.com/", client_id="c", gateway_url="https://g/mcp")
    # The key from before profiles: the history saved then is still this profile's.
    assert profile_key(real) == "https://a.auth0.com/ c https://g/mcp"
    bob = replace(real, name="bob")
    assert profile_key(bob) == "https://a.auth0.com/ c https://g/mcp profile=bob"
    path = tmp_path / "history.sqlite3"
    with_default = HistoryStore(path, profile_key(real)).open()
    with_default.new_conversation("Alice's question", "offline")
    with_bob = HistoryStore(path, profile_key(bob)).open()
    assert with_bob.conversations() == []
    assert [c.title for c in with_default.conversations()] == ["Alice's question"]
    with_default.close()
    with_bob.close()
