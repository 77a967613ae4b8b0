"""Saved conversations end to end: real sign-in server and gateway, a scripted LLM or the router."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.history.export import to_markdown
from gui.history.recorder import RecordingSession
from gui.history.store import ASSISTANT, TOOL, USER, open_for
from tests.support.auth import TokenCatchingHttp, profile_for, sign_in_as
from tests.support.chat import Say, ScriptedModel, Use, collect


def _texts(messages: list[dict[str, Any]]) -> str:
    return repr(messages)


async def test_a_resumed_conversation_continues_where_it_left_off(
    stack: DemoStack, session: AuthSession, tmp_path: Path
) -> None:
    path = tmp_path / "history.sqlite3"
    first_model = ScriptedModel(
        [
            [Say("Let me look. "), Use("people___getProfile", {"name": "neruneruo"})],
            [Say("neruneruo is 30 and works in development.")],
        ]
    )
    store = open_for(stack.profile, path)
    assert store is not None
    chat = RecordingSession(ChatSession(stack.profile, session, model=first_model), store)
    await collect(chat.ask("How old is neruneruo?"))
    conversation_id = chat.conversation_id
    await chat.aclose()
    store.close()

    # A new process: a new store on the same file, a new session, a new model.
    store = open_for(stack.profile, path)
    assert store is not None
    assert [c.id for c in store.conversations()] == [conversation_id]
    saved = store.load(conversation_id)
    assert [i.kind for i in saved.items] == [USER, ASSISTANT, TOOL, ASSISTANT]
    assert saved.items[2].arguments == {"name": "neruneruo"}
    assert '"age": 30' in saved.items[2].text or "30" in saved.items[2].text
    second_model = ScriptedModel([[Say("He is in the development department.")]])
    chat = RecordingSession(ChatSession(stack.profile, session, model=second_model), store)
    chat.resume(saved)
    await collect(chat.ask("Which department again?"))
    await chat.aclose()

    seen = second_model.calls[0]
    assert _texts(seen).count("How old is neruneruo?") == 1  # the earlier question
    assert "people___getProfile" in _texts(seen)  # the earlier tool call and its result
    assert "development" in _texts(seen[:-1])
    assert seen[-1]["content"][0]["text"] == "Which department again?"
    # The follow-up went into the same conversation, not a new one.
    assert [c.id for c in store.conversations()] == [conversation_id]
    items = store.load(conversation_id).items
    assert [i.kind for i in items][-2:] == [USER, ASSISTANT]
    assert items[-1].text == "He is in the development department."
    store.close()


async def test_a_new_conversation_starts_empty(
    stack: DemoStack, session: AuthSession, tmp_path: Path
) -> None:
    model = ScriptedModel([[Say("one")], [Say("two")]])
    store = open_for(stack.profile, tmp_path / "history.sqlite3")
    chat = RecordingSession(ChatSession(stack.profile, session, model=model), store)
    await collect(chat.ask("first question"))
    first = chat.conversation_id
    chat.new_conversation()
    await collect(chat.ask("second question"))
    await chat.aclose()
    assert len(model.calls[1]) == 1  # only the new question
    assert chat.conversation_id != first
    assert [c.title for c in store.conversations()] == ["second question", "first question"]
    store.close()


async def test_search_finds_words_from_answers_and_export_holds_everything(
    stack: DemoStack, session: AuthSession, tmp_path: Path
) -> None:
    store = open_for(stack.profile, tmp_path / "history.sqlite3")
    chat = RecordingSession(ChatSession(stack.profile, session), store)  # the offline router
    await collect(chat.ask("How old is neruneruo?"))
    await chat.aclose()
    found = store.search("development")  # only in the tool's result and the answer
    assert [c.id for c in found] == [chat.conversation_id]
    markdown = to_markdown(store.load(chat.conversation_id))
    assert markdown.startswith("# How old is neruneruo?")
    assert "How old is neruneruo?" in markdown.split("## Question", 1)[1]
    assert "### Tool call: people · getProfile (`people___getProfile`)" in markdown
    assert '"name": "neruneruo"' in markdown  # the arguments
    assert "development" in markdown.split("Result:", 1)[1]  # the result
    assert "### Answer" in markdown
    store.close()


async def test_with_keep_history_off_nothing_is_written(
    stack: DemoStack, session: AuthSession, tmp_path: Path
) -> None:
    profile = dataclasses.replace(stack.profile, keep_history="off")
    store = open_for(profile, tmp_path / "history.sqlite3")
    assert store is None
    chat = RecordingSession(ChatSession(profile, session), store)
    events = await collect(chat.ask("How old is neruneruo?"))
    await chat.aclose()
    assert events  # it answered
    assert list(tmp_path.iterdir()) == []


async def test_a_full_run_with_debug_logging_leaves_no_token_in_any_file(
    stack: DemoStack, tmp_path: Path
) -> None:
    log_file = tmp_path / "debug.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    http = TokenCatchingHttp()
    try:
        auth = AuthSession(profile_for(stack.idp), store=MemoryStore(), http=http, poll_margin=0.02)
        await sign_in_as(auth, stack.idp, "alice")
        await auth.refresh_now()  # a rotated refresh token too
        store = open_for(stack.profile, tmp_path / "data" / "history.sqlite3")
        model = ScriptedModel(
            [[Use("people___getProfile", {"name": "neruneruo"})], [Say("Done looking.")]]
        )
        chat = RecordingSession(ChatSession(stack.profile, auth, model=model), store)
        await collect(chat.ask("Who is neruneruo?"))
        chat.new_conversation()
        await collect(chat.ask("How old is neruneruo?"))
        (tmp_path / "export.md").write_text(to_markdown(store.load(chat.conversation_id)))
        await chat.aclose()
        store.close()
        await auth.aclose()
    finally:
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    kinds = {t.count(".") for t in http.tokens}
    assert len(http.tokens) >= 4 and kinds == {0, 2}  # opaque refresh tokens and JWTs
    assert log_file.stat().st_size > 0  # DEBUG logging did write
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name == "history.sqlite3" for p in written)
    for path in written:
        data = path.read_bytes()
        for token in http.tokens:
            assert token.encode() not in data, f"a token in {path.name}"
            # Also no piece of one (a JWT's signature, half a refresh token).
            assert token[-24:].encode() not in data, f"part of a token in {path.name}"
