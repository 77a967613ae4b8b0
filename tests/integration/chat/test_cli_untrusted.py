"""What the gateway says reaches the terminal without escapes or control characters."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from tests.support.auth import make_session, sign_in_as

pytestmark = pytest.mark.keyring

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[31m<b>failed</b>\x1b[0m\x00\x08 on purpose"


@pytest.fixture
async def signed_in(stack: DemoStack) -> AsyncIterator[DemoStack]:
    """Alice's sign-in remembered in the real keyring."""
    store = KeyringStore()
    auth = make_session(stack.idp, store)
    await sign_in_as(auth, stack.idp, "alice")
    await auth.aclose()
    yield stack
    await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)


async def test_a_tool_error_with_escapes_is_printed_clean(signed_in: DemoStack) -> None:
    profile = signed_in.profile
    command = [
        *(sys.executable, "-m", "gui.cli", "--issuer", profile.issuer),
        *("--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE),
        *("--gateway-url", profile.gateway_url, "--model", "offline"),
        *("call", "diagnostics___fail", "--args", json.dumps({"message": HOSTILE})),
    ]
    done = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, env=dict(os.environ)
    )
    assert done.returncode == 1, done.stderr
    assert "<b>failed</b>" in done.stderr and "on purpose" in done.stderr  # the message, shown
    for text in (done.stdout, done.stderr):
        assert "\x1b" not in text
        assert all(c.isprintable() or c in "\n\t" for c in text), repr(text)
