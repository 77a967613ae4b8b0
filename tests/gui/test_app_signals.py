"""SIGTERM and SIGHUP to the running window: a clean shutdown, as Ctrl+C and the close button give.

The window runs as a real process (offscreen, the test keyring) against a sign-in
server and gateway in this test process, resumes a remembered sign-in and opens its
MCP session (its debug log says so); then it gets the signal. It must exit 0 within
two seconds, and, with the 2025 handshake, the gateway must have seen the session ended
by the client (an HTTP DELETE); 2026-07-28 has no session to end.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.services import PROTOCOL_VARIABLE
from tests.support.auth import remember_sign_in
from tests.support.signals import signal_and_wait
from tests.support.stacks import StackFactory

pytestmark = [pytest.mark.gui, pytest.mark.keyring]


@pytest.fixture
def remembered(demo_stack_factory: StackFactory) -> Iterator[DemoStack]:
    """Private servers, and Alice's sign-in remembered in the test keyring."""
    stack = demo_stack_factory()
    store = KeyringStore()
    asyncio.run(remember_sign_in(stack.idp, store))
    try:
        yield stack
    finally:
        asyncio.run(store.delete(stack.idp.issuer, DEMO_CLIENT_ID))


def start_window(stack: DemoStack, protocol: str = "auto") -> subprocess.Popen[str]:
    env = {
        **os.environ,
        PROTOCOL_VARIABLE: protocol,
        "OIDC_ISSUER": stack.idp.issuer,
        "AUTH0_CLIENT_ID": DEMO_CLIENT_ID,
        "AUTH0_AUDIENCE": DEMO_AUDIENCE,
        "GATEWAY_URL": stack.gateway.url,  # type: ignore[union-attr]
        "AGENT_MODEL": "offline",
        "AGENTCORE_CHAT_INSTANCE": f"agentcore-chat-test-{uuid.uuid4().hex[:8]}",
        "AGENTCORE_CHAT_LOG": "DEBUG",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "gui.ui.startup.app"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_log(proc: subprocess.Popen[str]) -> list[str]:
    """The window's stderr lines, collected by a thread as they come (the pipe never fills)."""
    lines: list[str] = []
    assert proc.stderr is not None
    threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]
    return lines


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen[str]) -> None:
    """Poll a condition with a deadline (this test is not on an event loop)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            raise AssertionError(f"the window exited ({proc.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)  # a condition with a deadline, not a blind wait


@pytest.mark.parametrize("protocol", ["legacy", "auto"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_closes_the_window_cleanly(
    remembered: DemoStack, signum: int, protocol: str
) -> None:
    gateway = remembered.gateway
    assert gateway is not None
    proc = start_window(remembered, protocol)
    log = read_log(proc)
    try:
        wait_for(
            lambda: any("MCP session 1 opened" in line for line in log),
            60,
            "the window's MCP session",
            proc,
        )
        assert gateway.session_count() == 1  # an initialize, or one 2026 server/discover
        assert gateway.closed_session_count() == 0
        signal_and_wait(proc, signum, "the window")
    finally:
        proc.kill()
        proc.wait(timeout=10)
    assert proc.returncode == 0, "".join(log[-30:])
    ended = 1 if protocol == "legacy" else 0
    assert gateway.closed_session_count() == ended, "".join(log[-30:])
