"""What the gateway says reaches the terminal without escapes or control characters."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess

import pytest

from gui.demo.stack import DemoStack
from tests.support.cli import cli_command

pytestmark = pytest.mark.keyring

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31m<b>failed</b>\x1b[0m\x00\x08 on purpose"


async def test_a_tool_error_with_escapes_is_printed_clean(signed_in: DemoStack) -> None:
    args = ("call", "diagnostics___fail", "--args", json.dumps({"message": HOSTILE}))
    command = cli_command(signed_in, *args)
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, env=dict(os.environ)
    )
    assert done.returncode == 1, done.stderr
    assert "<b>failed</b>" in done.stderr and "on purpose" in done.stderr  # the message, shown
    for text in (done.stdout, done.stderr):
        assert "\x1b" not in text
        assert all(c.isprintable() or c in "\n\t" for c in text), repr(text)
