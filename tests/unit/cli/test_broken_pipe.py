"""A reader of stdout that leaves early (``| head -1``) ends the command quietly, with 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _with_reader_gone(
    *argv: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``agentcore-chat argv`` with stdout a pipe whose reader has already left."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # as `head -1` does after its line: every later write is EPIPE
    try:
        return subprocess.run(
            [sys.executable, "-m", "gui", *argv],
            stdout=write_end, stderr=subprocess.PIPE, timeout=120, env=env,
        )  # fmt: skip
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "argv", [("status", "--all"), ("--help",), ("history", "--help"), ("--demo", "history")]
)
def test_a_closed_stdout_ends_the_command_quietly(argv: tuple[str, ...]) -> None:
    done = _with_reader_gone(*argv)
    assert done.stderr.decode() == ""  # no BrokenPipeError traceback, no "Exception ignored"
    assert done.returncode == 0


def test_history_piped_to_head_ends_quietly(tmp_path: Path) -> None:
    from gui.cli.demo import history_profile
    from gui.history.store import open_for

    path = tmp_path / "history.sqlite3"
    store = open_for(history_profile(), path)
    assert store is not None
    try:
        for n in range(3000):  # far more than a pipe holds: the lines outlive their reader
            store.new_conversation(f"Conversation number {n}", "offline")
    finally:
        store.close()
    env = {**os.environ, "AGENTCORE_CHAT_HISTORY": str(path)}
    done = _with_reader_gone("--demo", "history", env=env)
    assert done.stderr.decode() == ""
    assert done.returncode == 0
