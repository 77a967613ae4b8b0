"""``agentcore-chat tools | call | ask`` in a new process, signed in from the real keyring."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

import pytest

from gui.demo.stack import DemoStack
from tests.support.cli import cli_command

pytestmark = pytest.mark.keyring


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """A command in a new process (it finds the test keyring through the env)."""
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=dict(os.environ))


async def cli(stack: DemoStack, *args: str) -> subprocess.CompletedProcess[str]:
    """``agentcore-chat ARGS`` against the stack, in a new process."""
    return await asyncio.to_thread(run, cli_command(stack, *args))


async def test_tools_lists_readable_name_name_and_description(signed_in: DemoStack):
    result = await cli(signed_in, "tools")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    line = next(line for line in lines if line.startswith("people · getProfile"))
    assert "people___getProfile" in line and "Look up one employee's profile" in line
    assert any("diagnostics___sleep" in line for line in lines)


async def test_call_prints_the_result_and_fails_on_a_tool_error(signed_in: DemoStack):
    ok = await cli(signed_in, "call", "people___getProfile", "--args", '{"name": "neruneruo"}')
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["age"] == 30

    failed = await cli(signed_in, "call", "diagnostics___fail", "--args", '{"message": "boom"}')
    assert failed.returncode == 1
    assert "diagnostics · fail failed: boom" in failed.stderr


async def test_call_with_bad_json_is_a_usage_error_naming_args(stack: DemoStack):
    result = await cli(stack, "call", "people___getProfile", "--args", '{"name": ')
    assert result.returncode == 2
    assert "--args" in result.stderr and "not valid JSON" in result.stderr


async def test_ask_streams_the_answer_and_each_tool_call(signed_in: DemoStack):
    result = await cli(signed_in, "ask", "How old is neruneruo and which department?")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    calling = out.index('[calling people · getProfile {"name": "neruneruo"}]')
    assert calling < out.index("[people · getProfile done]") < out.index("**age**: 30")
    assert "development" in out
    assert "Offline router" in result.stderr  # the model is named


async def test_without_a_stored_sign_in_the_commands_say_how_to_sign_in(stack: DemoStack):
    for args in (["tools"], ["call", "people___listDepartments"], ["ask", "departments"]):
        result = await cli(stack, *args)
        assert result.returncode == 1
        assert "Not signed in — run agentcore-chat login" in result.stderr


async def test_demo_ask_signs_in_automatically():
    command = [
        sys.executable,
        "-m",
        "gui",
        "--demo",
        "ask",
        "neruneruoについて教えてください",
    ]
    result = await asyncio.to_thread(run, command)
    assert result.returncode == 0, result.stderr
    assert "Demo only: approving it automatically as Alice" in result.stderr
    assert "Sign-in link: http://127.0.0.1:" in result.stderr
    assert "**age**: 30" in result.stdout and "development" in result.stdout


async def test_demo_ask_answers_in_the_terminal_language():
    def run(lang: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
        env["LANG"] = lang
        return subprocess.run(
            [sys.executable, "-m", "gui", "--demo", "ask", "How old is neruneruo?"],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )

    japanese, english = await asyncio.gather(
        asyncio.to_thread(run, "ja_JP.UTF-8"), asyncio.to_thread(run, "C.UTF-8")
    )
    assert japanese.returncode == 0, japanese.stderr
    assert "言語モデルは使っていません" in japanese.stdout and "**age**: 30" in japanese.stdout
    assert english.returncode == 0, english.stderr
    assert "no language model was used" in english.stdout
