"""A tool answer over 1 MiB on an SSE stream (issue #17, item 13).

mcp reads the gateway's SSE events through httpx2, which refuses an event over 1 MiB;
mcp then reports "SSE stream ended without a response", as for a lost connection, though
the tool ran. The app says what happened instead, and the session goes on. Real sign-in
server and gateway on loopback (``diagnostics___bigResult`` answers N bytes); the model is
scripted.
"""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest

from gui.agent.events import Done, Failed, ToolFinished
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from gui.gateway.client import GatewayClient
from gui.gateway.errors import AnswerTooLarge
from gui.services import PROTOCOL_VARIABLE
from tests.support.chat import Say, ScriptedModel, Use, collect
from tests.support.cli import cli_command

BIG = "diagnostics___bigResult"
TOO_LARGE = "The tool's answer was too large to receive (over 1 MB)."


async def test_an_answer_over_a_mebibyte_says_so_and_the_session_goes_on(
    gateway: GatewayClient, stack: DemoStack
) -> None:
    with pytest.raises(AnswerTooLarge) as caught:
        await gateway.call_tool(BIG, {"size_bytes": 2_000_000})
    assert caught.value.message == TOO_LARGE
    assert stack.gateway is not None and stack.gateway.call_count(BIG) == 1  # it did run
    # Just under the limit still arrives, on the same session.
    fits = await gateway.call_tool(BIG, {"size_bytes": 1_000_000})
    assert len(fits.text) == 1_000_000
    assert gateway.sessions_opened == 1


async def test_the_model_hears_of_a_too_large_answer_and_goes_on(
    stack: DemoStack, session: AuthSession
) -> None:
    model = ScriptedModel(
        [[Use(BIG, {"size_bytes": 3_000_000})], [Say("That answer was too large to read.")]]
    )
    chat = ChatSession(stack.profile, session, model=model)
    try:
        events = await collect(chat.ask("big"))
    finally:
        await chat.aclose()
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.is_error and finished.text == TOO_LARGE
    assert not any(isinstance(e, Failed) for e in events)  # not the end of the question
    done = events[-1]
    assert isinstance(done, Done) and done.text == "That answer was too large to read."
    assert TOO_LARGE in repr(model.calls[1])  # the model was told


@pytest.mark.keyring
async def test_the_terminals_call_says_the_answer_was_too_large(signed_in: DemoStack) -> None:
    # The limit is the SSE event size, so on the protocol that streams answers as SSE.
    command = cli_command(signed_in, "call", BIG, "--args", '{"size_bytes": 2000000}')
    env = {**os.environ, PROTOCOL_VARIABLE: "legacy"}
    result = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert f"Error: {TOO_LARGE}" in result.stderr
    assert "lost" not in result.stderr
