"""Our tokens never leave through a tool's answer (issue #17, item 4).

A gateway tool that echoes its request's headers (``diagnostics___echoHeaders``: the bearer
token with them) is called through the agent, the terminal's ``call`` and ``ask``, with
and without ``--debug``. Neither what the person sees (the events the window's card and
the terminal print), nor what the model is sent, nor the history, an export or a log line
carries the token: each reads ``[token removed]``. Real sign-in server and gateway; the
model is scripted (or the offline router, in the terminal).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import pytest

from gui.agent.events import ToolFinished
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.stack import DemoStack
from gui.history.export import to_markdown
from gui.history.recorder import RecordingSession
from gui.history.store import open_for
from gui.untrusted import TOKEN_REMOVED, scrub_secrets
from tests.support.auth import TokenCatchingHttp, profile_for, sign_in_as
from tests.support.chat import Say, ScriptedModel, Use, collect
from tests.support.cli import cli_command

ECHO = "diagnostics___echoHeaders"


def assert_no_token(text: str, tokens: set[str], where: str) -> None:
    """No token in ``text``, whole or in part (a JWT's signature, the end of an opaque one)."""
    for token in tokens:
        assert token not in text, f"a token in {where}"
        assert token[-24:] not in text, f"part of a token in {where}"


@pytest.fixture
async def caught(stack: DemoStack) -> tuple[AuthSession, TokenCatchingHttp]:
    """Alice signed in, with every token the provider handed out remembered."""
    http = TokenCatchingHttp()
    auth = AuthSession(profile_for(stack.idp), store=MemoryStore(), http=http, poll_margin=0.02)
    await sign_in_as(auth, stack.idp, "alice")
    yield auth, http
    await auth.aclose()


async def test_an_echoed_token_reaches_no_card_model_history_or_export(
    stack: DemoStack, caught: tuple[AuthSession, TokenCatchingHttp], tmp_path: Path
) -> None:
    auth, http = caught
    model = ScriptedModel([[Use(ECHO)], [Say("These are the headers.")]])
    store = open_for(stack.profile, tmp_path / "history.sqlite3")
    assert store is not None
    chat = RecordingSession(ChatSession(stack.profile, auth, model=model), store)
    try:
        events = await collect(chat.ask("Which headers does the gateway see?"))
    finally:
        await chat.aclose()
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert not finished.is_error
    # What the window's card and the terminal show: the header, its value scrubbed.
    assert "Bearer " + TOKEN_REMOVED in finished.text
    assert isinstance(finished.structured, dict)
    assert finished.structured["headers"]["authorization"] == "Bearer " + TOKEN_REMOVED
    saved = store.load(chat.conversation_id)
    store.close()
    places = {
        "the tool card's text": finished.text,
        "the structured result": json.dumps(finished.structured),
        "what the model was sent": json.dumps(model.calls),
        "the saved items": repr(saved.items),
        "the saved agent messages": json.dumps(saved.agent_messages),
        "the export": to_markdown(saved),
    }
    assert len(http.tokens) >= 3  # access, ID and refresh tokens
    for where, text in places.items():
        assert_no_token(text, http.tokens, where)
    assert TOKEN_REMOVED in json.dumps(model.calls)  # the model read the scrubbed result


async def test_the_tokens_in_play_are_scrubbed_even_when_not_shaped_like_a_jwt(
    caught: tuple[AuthSession, TokenCatchingHttp],
) -> None:
    auth, http = caught
    held = auth.secrets_in_play()
    assert set(held) <= http.tokens and len(held) == 3
    [refresh] = [token for token in held if token.count(".") == 0]  # the opaque one
    line = f"a tool said: {refresh} (and {held[0]})"
    assert scrub_secrets(line) == f"a tool said: {TOKEN_REMOVED} (and {TOKEN_REMOVED})"
    await auth.sign_out()
    assert auth.secrets_in_play() == ()


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """A command in a new process (it finds the test keyring through the env)."""
    return subprocess.run(command, capture_output=True, text=True, timeout=90, env=dict(os.environ))


@pytest.mark.keyring
@pytest.mark.parametrize(
    "args",
    [
        ("call", ECHO),
        ("--debug", "call", ECHO),
        ("ask", "Echo the headers of the request"),
        ("--debug", "ask", "Echo the headers of the request"),
    ],
    ids=["call", "call --debug", "ask", "ask --debug"],
)
async def test_the_terminal_prints_no_echoed_token(signed_in: DemoStack, args: tuple[str, ...]):
    result = await asyncio.to_thread(run, cli_command(signed_in, *args))
    assert result.returncode == 0, result.stderr
    assert "Bearer " + TOKEN_REMOVED in result.stdout  # the tool did echo it
    # The access and ID tokens are JWTs: none, nor a piece of one, on either stream
    # (with --debug, mcp logs every SSE message, the echoed token with it).
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert "eyJ" not in text, f"a JWT on {stream}"
    if "--debug" in args:
        assert "DEBUG" in result.stderr  # it did log
