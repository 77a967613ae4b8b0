"""SIGTERM and SIGHUP to a terminal command holding an MCP session: it ends the session, exits 0.

In both protocol eras: the 2025 handshake's session is ended with its DELETE; 2026-07-28
has no session to end (the call's stream is closed)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess

import pytest

from gui.demo.stack import DemoStack
from gui.services import PROTOCOL_VARIABLE
from tests.support.cli import cli_command
from tests.support.signals import EXIT_WITHIN
from tests.support.waiting import wait_until

pytestmark = pytest.mark.keyring

SLEEP = "diagnostics___sleep"


@pytest.mark.parametrize("protocol", ["legacy", "auto"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
async def test_a_signal_during_a_tool_call_ends_the_mcp_session(
    signed_in: DemoStack, signum: int, protocol: str
) -> None:
    gateway = signed_in.gateway
    assert gateway is not None
    command = cli_command(signed_in, "call", SLEEP, "--args", '{"seconds": 60}')
    proc = await asyncio.create_subprocess_exec(
        *command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, PROTOCOL_VARIABLE: protocol},
    )
    try:
        await wait_until(lambda: gateway.call_count(SLEEP) >= 1, 60, "the tool call")
        proc.send_signal(signum)
        try:
            async with asyncio.timeout(EXIT_WITHIN):
                _, err = await proc.communicate()
        except TimeoutError:
            pytest.fail(f"`call` was still running {EXIT_WITHIN:g} s after the signal")
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert "Stopped." in err.decode()
    assert gateway.session_count() == 1  # an initialize, or a 2026-07-28 server/discover
    assert gateway.closed_session_count() == (1 if protocol == "legacy" else 0)
