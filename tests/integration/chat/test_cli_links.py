"""The terminal names a consent link's real host, and warns about look-alikes (#17, item 3).

``agentcore-chat call`` in a new process against the embedded gateway, whose test tool asks
for consent at a link the test chooses. The window's consent card shows the same
"Link to:" line (tests/gui/test_links_as_they_open.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess

import pytest

from gui.demo.stack import DemoStack
from tests.support.cli import cli_command
from tests.support.look_alikes import LOOK_ALIKE_CONSENT_LINKS

pytestmark = pytest.mark.keyring


async def call_for_consent(stack: DemoStack, url: str) -> subprocess.CompletedProcess[str]:
    args = json.dumps({"url": url, "message": "Connect Google"})
    command = cli_command(stack, "call", "diagnostics___needsConsent", "--args", args)
    return await asyncio.to_thread(
        subprocess.run,
        command,
        stdin=subprocess.DEVNULL,  # input ends at once: the command gives up after the prompt
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


@pytest.mark.parametrize(("url", "host", "why"), LOOK_ALIKE_CONSENT_LINKS)
async def test_a_look_alike_consent_link_is_printed_with_its_real_host_and_a_warning(
    signed_in: DemoStack, url: str, host: str, why: str
) -> None:
    done = await call_for_consent(signed_in, url)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert f"Link to: {host}" in lines
    [warning] = [line for line in lines if line.startswith("Warning: this link")]
    assert why in warning and "would not open it" in warning
    assert url in done.stderr  # the raw link, to copy


async def test_an_honest_link_gets_its_host_and_no_warning(signed_in: DemoStack) -> None:
    done = await call_for_consent(signed_in, "https://consent.example.com/connect")
    assert done.returncode == 1, done.stderr
    assert "Link to: consent.example.com" in done.stderr.splitlines()
    assert "Warning" not in done.stderr
