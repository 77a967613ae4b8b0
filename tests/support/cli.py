"""The terminal command as a test runs it: ``python -m gui`` pointed at a demo stack."""

from __future__ import annotations

import sys

from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack


def cli_command(stack: DemoStack, *args: str) -> list[str]:
    """The command line for ``agentcore-chat ARGS`` against the stack, with the offline model."""
    profile = stack.profile
    return [
        *(sys.executable, "-m", "gui", "--issuer", profile.issuer),
        *("--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE),
        *("--gateway-url", profile.gateway_url, "--model", "offline"),
        *args,
    ]
