"""Ctrl+C while a tool call waits ends the command quietly, embedded gateway included (#17, 13).

``agentcore-chat --demo ask`` runs the demo servers in its own process, so whatever they
log lands on the person's terminal too. The call waits for the person (the ticket form's
first question); Ctrl+C then abandons it: the client's cancel and the servers' stop race
the call's own stream. Nothing but our own lines may reach stderr: no "Exception in ASGI
application" (uvicorn), no "Error handling POST request" or "Error parsing SSE message"
(mcp), no traceback. The deterministic halves are tests/integration/demo/
test_gateway_quiet.py (the server) and tests/gui/test_async_generators.py (the window's loop).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import pytest

from tests.support.signals import EXIT_WITHIN

FORM_PROMPT = "Fill in the form?"


@pytest.mark.parametrize("attempt", range(3))
async def test_ctrl_c_while_a_demo_call_waits_prints_only_our_lines(attempt: int) -> None:
    command = [
        sys.executable,
        "-m",
        "gui",
        "--demo",
        "ask",
        "--yes",
        "Create a ticket titled printer broken",
    ]
    proc = await asyncio.create_subprocess_exec(
        *command,
        stdin=subprocess.PIPE,  # kept open: the form waits for the person
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert proc.stderr is not None and proc.stdout is not None
    seen = b""
    try:
        async with asyncio.timeout(60):
            while FORM_PROMPT.encode() not in seen:
                chunk = await proc.stderr.read(256)
                assert chunk, f"ended before the form: {seen.decode()}"
                seen += chunk
        proc.send_signal(signal.SIGINT)
        async with asyncio.timeout(EXIT_WITHIN + 5):
            out, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    stderr = (seen + err).decode()
    assert proc.returncode == 130, stderr
    assert stderr.rstrip().endswith("Cancelled."), stderr
    for noise in ("Traceback", "ERROR", "Exception", "GeneratorExit"):
        assert noise not in stderr, stderr
    assert "[calling tickets · createTicket" in out.decode()
