"""The MCP reference server ("everything", TypeScript SDK, from npm) on loopback, for tests.

A server nobody here wrote, in another SDK, exercising the whole 2025-11-25 protocol:
progress, URL and form elicitation, resource links, images, tasks, and its own wording
for an unknown session (HTTP 400 "No valid session ID provided"). Pinned in
``tests/peers/everything/package-lock.json`` and installed into its ``node_modules`` by
``make`` (``npm ci --ignore-scripts``); ``tests/peers/everything/serve.mjs`` starts it in
streamable-HTTP mode bound to 127.0.0.1 and prints the port it got.

Tests skip (saying why) only when node itself is missing; a missing install fails, since
``make test`` installs it. The server's output goes to a log file, never a pipe that could
fill up and stall it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PEER_DIR = Path(__file__).resolve().parents[1] / "peers" / "everything"
LAUNCHER = PEER_DIR / "serve.mjs"
SERVER_JS = PEER_DIR / "node_modules/@modelcontextprotocol/server-everything/dist/index.js"
START_TIMEOUT = 20.0
_READY = "PEER_LISTENING "


@dataclass
class EverythingServer:
    """A running reference server: its MCP endpoint, and a way to restart it on the same port."""

    node: str
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The streamable-HTTP endpoint."""
        return f"http://127.0.0.1:{self.port}/mcp"

    def start(self) -> None:
        """Start the server (on ``port``; 0 picks a free one) and wait until it listens."""
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [self.node, str(LAUNCHER)],
                cwd=PEER_DIR,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
                env={**os.environ, "PORT": str(self.port)},
                start_new_session=True,  # its own process group: stopped as one
            )
        self.port = self._wait_for_port(offset)

    def _wait_for_port(self, offset: int) -> int:
        deadline = time.monotonic() + START_TIMEOUT
        assert self.process is not None
        while time.monotonic() < deadline:
            with self.log.open("rb") as log:
                log.seek(offset)
                for line in log.read().decode("utf-8", "replace").splitlines():
                    if line.startswith(_READY):
                        return int(line[len(_READY) :].strip())
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        tail = self.log.read_text("utf-8", "replace")[-2000:]
        raise RuntimeError(f"The reference MCP server did not start:\n{tail}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after two seconds)."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=2)

    def restart(self) -> None:
        """Stop and start again on the same port: every session it knew is gone."""
        self.stop()
        self.start()


def node_or_skip() -> str:
    """The node executable; skips the test when node is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the TypeScript reference MCP server cannot run")
    if not SERVER_JS.exists():
        pytest.fail(
            f"The reference MCP server is not installed in {PEER_DIR / 'node_modules'}: "
            "run `make .venv/.installed` (npm ci --ignore-scripts in tests/peers/everything)."
        )
    return node


@contextmanager
def everything_server() -> Iterator[EverythingServer]:
    """Run the reference server on a free loopback port until the block ends."""
    node = node_or_skip()
    with tempfile.TemporaryDirectory(prefix="everything-") as folder:
        server = EverythingServer(node=node, port=0, log=Path(folder) / "server.log")
        server.start()
        try:
            yield server
        finally:
            server.stop()
