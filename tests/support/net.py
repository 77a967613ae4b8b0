"""Terminal commands run as new processes with a chosen network environment, and a real proxy."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support.auth import approve_in_browser, cli_command
from tests.support.waiting import wait_until

# Everything that steers trust or proxies; each test says which of these it wants.
NETWORK_VARS = (
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "AGENTCORE_CA_FILE",
    "REQUESTS_CA_BUNDLE",
    "CURL_CA_BUNDLE",
    *(v for n in ("http_proxy", "https_proxy", "all_proxy", "no_proxy") for v in (n, n.upper())),
)


def network_env(**settings: str | None) -> dict[str, str]:
    """This process's environment without network settings, plus ``settings`` (None: unset)."""
    env = {k: v for k, v in os.environ.items() if k not in NETWORK_VARS}
    env.update({k: v for k, v in settings.items() if v is not None})
    return env


@dataclass
class Finished:
    """A finished command: exit code and both streams."""

    returncode: int
    stdout: str
    stderr: str


async def run_cli(idp: DemoIdp, *args: str, env: Mapping[str, str]) -> Finished:
    """``agentcore-chat <args>`` against ``idp`` in a new process; waits up to 60 s."""
    proc = await asyncio.create_subprocess_exec(
        *cli_command(idp, *args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(env),
    )
    try:
        async with asyncio.timeout(60):
            out, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return Finished(proc.returncode or 0, out.decode(), err.decode())


async def cli_login(
    idp: DemoIdp, *args: str, env: Mapping[str, str], verify: str | bool = True
) -> Finished:
    """``agentcore-chat [args] login --no-browser``, approved as Alice when it shows a code."""
    proc = await asyncio.create_subprocess_exec(
        *cli_command(idp, *args, "login", "--no-browser"),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(env),
    )
    assert proc.stdout is not None and proc.stderr is not None
    seen: list[str] = []
    try:
        async with asyncio.timeout(60):
            # Link and code each on their own line (or the process ends with an error).
            while not (len(seen) >= 4 and seen[-2].startswith("Check that")):
                line = await proc.stdout.readline()
                if not line:
                    break
                seen.append(line.decode().strip())
            if len(seen) >= 4:
                await asyncio.to_thread(approve_in_browser, idp, seen[-1], "alice", verify=verify)
            out, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    return Finished(proc.returncode or 0, "\n".join(seen) + "\n" + out.decode(), err.decode())


def call_args(stack: DemoStack, *extra: str) -> list[str]:
    """``--gateway-url <stack's> [extra] call people___getProfile`` for neruneruo: one call."""
    return [
        "--gateway-url",
        stack.profile.gateway_url,
        *extra,
        "call",
        "people___getProfile",
        "--args",
        '{"name": "neruneruo"}',
    ]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Pproxy:
    """``pproxy -l http://127.0.0.1:PORT -v`` (a real HTTP proxy from PyPI) in a subprocess.

    With ``-v`` it logs one line per connection it carries: ``http CLIENT -> HOST:PORT``.
    """

    _LINE = re.compile(r"^http \S+ -> (\S+)$")

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log_path = log
        self._proc: subprocess.Popen[bytes] | None = None

    def launch(self) -> Pproxy:
        """Start the process; :meth:`ready` waits until it listens."""
        pproxy = Path(sys.executable).with_name("pproxy")
        self._log = self._log_path.open("wb")
        self._proc = subprocess.Popen(
            [str(pproxy), "-l", f"http://127.0.0.1:{self.port}", "-v"],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**network_env(), "PYTHONUNBUFFERED": "1"},
        )
        return self

    async def ready(self) -> Pproxy:
        """Return once the proxy accepts connections."""
        await wait_until(self._accepts, timeout=20, what="pproxy to listen")
        return self

    def _accepts(self) -> bool:
        assert self._proc is not None
        if self._proc.poll() is not None:
            raise AssertionError(f"pproxy exited: {self._log_path.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
        except OSError:
            return False
        return True

    def targets(self) -> list[str]:
        """``HOST:PORT`` of every connection carried so far, in order."""
        text = self._log_path.read_text(errors="replace")
        return [m.group(1) for m in map(self._LINE.match, text.splitlines()) if m]

    def stop(self) -> None:
        """Stop the proxy."""
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None
            self._log.close()
