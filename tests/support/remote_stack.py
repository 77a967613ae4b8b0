"""The demo servers in another process (``python -m gui.demo.serve``), for the benchmarks.

In-process servers run their threads on our GIL, so a benchmark of the window
would also be measuring them. ``RemoteStack`` starts them as a child process,
reads the profile it prints, and talks to it over its stdin.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any, Self

from gui.config import Profile
from gui.demo.runner import StartStop


class RemoteStack(StartStop):
    """``with RemoteStack(latency=0.05) as stack:`` ... ``stack.profile``, ``stack.approve()``."""

    def __init__(self, *, interval: int = 0, latency: float = 0.0, test_tools: bool = False):
        self.args = [sys.executable, "-m", "gui.demo.serve", "--interval", str(interval)]
        self.args += ["--latency", str(latency)] + (["--test-tools"] if test_tools else [])
        self.latency = latency
        self.profile = Profile()
        self._proc: subprocess.Popen[str] | None = None

    @property
    def pid(self) -> int:
        """The servers' process id."""
        assert self._proc is not None
        return self._proc.pid

    @property
    def issuer(self) -> str:
        """The sign-in server's issuer URL (what ``approve_in_browser`` needs)."""
        return self.profile.issuer

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._proc is not None

    def start(self) -> Self:
        """Start the child; returns once it printed its profile."""
        proc = subprocess.Popen(
            self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self._proc = proc
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the demo servers did not start")
        self.profile = Profile(**json.loads(line))
        return self

    def command(self, line: str) -> dict[str, Any]:
        """Send one command, return its JSON answer."""
        assert self._proc is not None and self._proc.stdin and self._proc.stdout
        self._proc.stdin.write(line + "\n")
        self._proc.stdin.flush()
        return json.loads(self._proc.stdout.readline())

    def approve(self, user_code: str, username: str = "alice") -> None:
        """Approve a pending device code as ``username``."""
        answer = self.command(f"approve {user_code} {username}")
        if not answer.get("ok"):
            raise RuntimeError(answer.get("error", "approval failed"))

    def session_count(self) -> int:
        """MCP sessions the gateway has opened so far."""
        return int(self.command("stats")["sessions"])

    def app_env(self) -> dict[str, str]:
        """Environment variables that point ``agentcore-chat`` at these servers."""
        return {
            "OIDC_ISSUER": self.profile.issuer,
            "AUTH0_CLIENT_ID": self.profile.client_id,
            "AUTH0_AUDIENCE": self.profile.audience,
            "GATEWAY_URL": self.profile.gateway_url,
            "AGENT_MODEL": self.profile.model,
        }

    def stop(self) -> None:
        """Close its stdin (it stops its servers and exits); kill it if it does not."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
