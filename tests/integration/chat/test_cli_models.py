"""The terminal and the model: ``models`` lists what this person can use, ``ask`` says a busy
model is being retried (one updating line on a terminal), shows the tokens, and ends a
provider's failure in one line that says the fix (exit 1), without the libraries' log lines
unless ``--debug``.

Every command runs as a new process (``python -m gui``), its model a loopback double
reached over the providers' real SDKs: tests/support/openai_double.py, anthropic_double.py,
bedrock_double.py and bedrock_control_double.py.
"""

from __future__ import annotations

import asyncio
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gui.demo.stack import DemoStack
from gui.logs import LIBRARY_LOGGERS
from tests.support.anthropic_double import anthropic_double
from tests.support.bedrock_control_double import bedrock_control_double
from tests.support.bedrock_double import ACCESS_DENIED, Text
from tests.support.chat import Say
from tests.support.cli import cli_command
from tests.support.model_double import Refuse
from tests.support.model_window import keyed_aws, no_provider_env
from tests.support.openai_double import openai_double

BUSY = "The model is busy — trying again in"


@pytest.fixture
def provider_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No provider set-up from the developer's machine; the commands' processes inherit it."""
    no_provider_env(monkeypatch, tmp_path)
    return monkeypatch


def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=90, env={**os.environ, **env}
    )


def models_command(tmp_path: Path, *args: str) -> list[str]:
    """``agentcore-chat [flags] models``, with an empty settings file."""
    return [sys.executable, "-m", "gui", "--config", str(tmp_path / "none.toml"), *args]


def library_lines(stderr: str) -> list[str]:
    """Log lines from the libraries (``LEVEL logger: …``) on stderr."""
    levels = ("DEBUG ", "INFO ", "WARNING ", "ERROR ", "CRITICAL ")
    return [
        line
        for line in stderr.splitlines()
        if line.startswith(levels) and line.split()[1].split(".")[0].rstrip(":") in LIBRARY_LOGGERS
    ]


def ask(stack: DemoStack, model: str, question: str = "Hello?", *flags: str) -> list[str]:
    """``ask`` against the stack's sign-in and gateway with ``model`` (global flags first)."""
    return cli_command(stack, "--model", model, *flags, "ask", question)


# --- models ----------------------------------------------------------------------------------


async def test_models_prints_config_id_and_name_one_a_line(
    tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double(models=["llama3.1:8b", "gpt-4o", "text-embedding-3-small"]) as double:
        result = await asyncio.to_thread(
            run,
            models_command(tmp_path, "--model", "openai:gpt-4o", "models"),
            OPENAI_BASE_URL=double.url,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "openai:gpt-4o       gpt-4o",
        "openai:llama3.1:8b  llama3.1:8b",
    ]
    assert "Configured: openai:gpt-4o" in result.stderr


async def test_models_lists_bedrock_with_the_aws_configuration(
    tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    with bedrock_control_double() as double:
        result = await asyncio.to_thread(
            run,
            models_command(tmp_path, "models"),  # the default model: Bedrock
            AWS_ENDPOINT_URL_BEDROCK=double.url,
            AWS_REGION="us-east-1",
            AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY="test-secret",
        )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "Global",
        "Anthropic",
        "Claude",
        "Sonnet",
        "4.5",
    ]
    assert all(line.startswith("bedrock:") for line in lines)


async def test_models_without_aws_credentials_exits_1_saying_how_to_get_them(
    tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    result = await asyncio.to_thread(
        run, models_command(tmp_path, "models"), AWS_REGION="us-east-1"
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: Amazon Bedrock needs AWS credentials")
    assert "aws_role_arn" in line and "AWS_BEARER_TOKEN_BEDROCK" in line
    assert result.stdout == ""


async def test_models_with_a_wrong_anthropic_key_exits_1_in_one_line(
    tmp_path: Path, provider_env: pytest.MonkeyPatch
) -> None:
    with anthropic_double() as double:
        double.models_refusal = Refuse(401, message="invalid x-api-key")
        result = await asyncio.to_thread(
            run,
            models_command(tmp_path, "--model", "anthropic:claude-x", "models"),
            ANTHROPIC_BASE_URL=double.url,
            ANTHROPIC_API_KEY="a-wrong-key",
        )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: ") and "rejected the API key" in line


async def test_demo_models_is_the_offline_router(tmp_path: Path) -> None:
    result = await asyncio.to_thread(run, models_command(tmp_path, "--demo", "models"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=1)[0] == "offline"


# --- ask: busy, tokens, quiet libraries -----------------------------------------------------


@pytest.mark.keyring
async def test_ask_says_each_retry_of_a_busy_model_then_the_tokens(
    signed_in: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    turns = [Refuse(429, retry_after=1), Refuse(429, retry_after=1), [Say("Here you are.")]]
    with openai_double(turns) as double:
        result = await asyncio.to_thread(
            run, ask(signed_in, "openai:double-model"), OPENAI_BASE_URL=double.url
        )
    assert result.returncode == 0, result.stderr
    assert "Here you are." in result.stdout
    busy = [line for line in result.stderr.splitlines() if line.startswith(BUSY)]
    assert busy == [f"{BUSY} 1 s", f"{BUSY} 1 s"]  # not a terminal: one line per attempt
    assert "\r" not in result.stderr
    assert "[tokens: 12 in, 7 out]" in result.stderr.splitlines()
    assert library_lines(result.stderr) == []


@pytest.mark.keyring
async def test_no_library_log_lines_on_stderr_unless_debug(
    signed_in: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double(then=Refuse(429)) as double:
        env = {"OPENAI_BASE_URL": double.url, "MODEL_RETRY_SECONDS": "1"}
        quiet = await asyncio.to_thread(run, ask(signed_in, "openai:double-model"), **env)
        debug = await asyncio.to_thread(
            run, ask(signed_in, "openai:double-model", "Hello?", "--debug"), **env
        )
    assert quiet.returncode == 1
    errors = [line for line in quiet.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "is busy (rate limited)" in errors[0]
    assert library_lines(quiet.stderr) == [], quiet.stderr
    assert not any(
        line.startswith(("WARNING", "ERROR", "INFO")) for line in quiet.stderr.splitlines()
    )
    assert debug.returncode == 1
    assert library_lines(debug.stderr)  # --debug lets them through


@pytest.mark.keyring
async def test_on_a_terminal_the_busy_line_is_rewritten_in_place_and_cleared(
    signed_in: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double([Refuse(429, retry_after=2), [Say("Here you are.")]]) as double:
        code, err = await asyncio.to_thread(
            run_with_tty_stderr,
            ask(signed_in, "openai:double-model"),
            {"OPENAI_BASE_URL": double.url},
        )
    assert code == 0, err
    assert f"\r{BUSY} 2 s" in err and f"\r{BUSY} 1 s" in err  # counting down, in place
    after = err[err.rindex(BUSY) :]
    assert re.search(r"\r {30,}\r\[tokens", after), after  # wiped before the answer went on
    lines_with_busy = [line for line in err.split("\n") if BUSY in line]
    assert len(lines_with_busy) == 1  # one line, rewritten: no newline between the counts
    assert "[tokens: 12 in, 7 out]" in err


def run_with_tty_stderr(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``command`` with stderr on a pseudo-terminal; its exit code and what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, **env},
    )
    os.close(slave)
    received = b""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            received += chunk
        elif proc.poll() is not None:
            break
    proc.communicate(timeout=30)
    os.close(master)
    return proc.returncode, received.decode("utf-8", "replace").replace("\r\n", "\n")


# --- ask: the providers' errors, one line each, exit 1 --------------------------------------


@pytest.mark.keyring
async def test_ask_bedrock_access_denied(
    signed_in: DemoStack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    model = "global.anthropic.claude-sonnet-4-6"
    with keyed_aws(monkeypatch, tmp_path) as bedrock:
        bedrock.script(ACCESS_DENIED)
        result = await asyncio.to_thread(run, ask(signed_in, f"bedrock:{model}"))
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert model in line and "us-east-1" in line and "model access" in line
    assert library_lines(result.stderr) == []


@pytest.mark.keyring
async def test_ask_bedrock_unknown_model_suggests_the_inference_profile(
    signed_in: DemoStack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with keyed_aws(monkeypatch, tmp_path) as bedrock:
        bedrock.script([Text("never reached")])
        result = await asyncio.to_thread(run, ask(signed_in, "bedrock:anthropic.claude-sonnet-4-6"))
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert "bedrock:us.anthropic.claude-sonnet-4-6" in line


@pytest.mark.keyring
async def test_ask_with_a_wrong_openai_key(
    signed_in: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double([Refuse(401, message="Incorrect API key provided")]) as double:
        result = await asyncio.to_thread(
            run,
            ask(signed_in, "openai:double-model"),
            OPENAI_BASE_URL=double.url,
            OPENAI_API_KEY="a-wrong-key",
        )
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert "rejected the API key" in line and "OPENAI_API_KEY" in line
