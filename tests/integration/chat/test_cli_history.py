"""``agentcore-chat history`` and ``ask --continue`` in new processes, against the demo servers.

Each test has its own data folder, so its history file is its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(tmp_path: Path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}

    def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "gui", "--demo", *args],
            capture_output=True,
            text=True,
            timeout=90,
            env=env,
        )

    return run_cli


LINE = re.compile(r"^(\d+)\t(\d{4}-\d\d-\d\d \d\d:\d\d)\t(.+)$")


def test_ask_saves_history_lists_it_and_continue_adds_to_it(run, tmp_path: Path) -> None:
    first = run("ask", "How old is neruneruo?")
    assert first.returncode == 0, first.stderr
    listed = run("history")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 1
    match = LINE.match(lines[0])
    assert match, lines[0]
    conversation, title = match.group(1), match.group(3)
    assert title == "How old is neruneruo?"

    second = run("ask", "--continue", "Who works in sales?")
    assert second.returncode == 0, second.stderr
    assert f"Continuing conversation {conversation}" in second.stderr
    assert len(run("history").stdout.splitlines()) == 1  # the same conversation
    shown = run("history", "show", conversation).stdout
    assert "How old is neruneruo?" in shown and "Who works in sales?" in shown

    untracked = run("ask", "--no-history", "Who works in development?")
    assert untracked.returncode == 0, untracked.stderr
    assert "Who works in development?" not in run("history", "show", conversation).stdout
    assert len(run("history").stdout.splitlines()) == 1

    out = tmp_path / "conversation.md"
    exported = run("history", "export", conversation, "--output", str(out))
    assert exported.returncode == 0, exported.stderr
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# How old is neruneruo?")
    assert "### Tool call: people · getProfile (`people___getProfile`)" in markdown
    assert '"name": "neruneruo"' in markdown
    assert "Who works in sales?" in markdown and "### Answer" in markdown

    deleted = run("history", "delete", conversation)
    assert deleted.returncode == 0, deleted.stderr
    assert run("history").stdout == ""
    missing = run("history", "show", conversation)
    assert missing.returncode == 1 and "no saved conversation" in missing.stderr


def test_asking_to_continue_a_conversation_that_is_not_there_fails(run) -> None:
    result = run("ask", "--conversation", "42", "Anything?")
    assert result.returncode == 1
    assert "There is no saved conversation 42" in result.stderr


def test_a_corrupt_history_file_is_moved_aside_and_ask_still_answers(run, tmp_path: Path) -> None:
    data = tmp_path / "data" / "agentcore-chat"
    data.mkdir(parents=True)
    (data / "history.sqlite3").write_bytes(b"garbage, not sqlite " * 100)
    result = run("ask", "How old is neruneruo?")
    assert result.returncode == 0, result.stderr
    assert "30" in result.stdout  # answered all the same
    assert "damaged" in result.stderr
    moved = list(data.glob("history.sqlite3.broken-*"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"garbage")
