"""A terminal command run in a pseudo-terminal, as in a shell: for prompts and progress lines.

``PtyProcess(argv)`` starts the command with a pty as its stdin, stdout and stderr (so it
sees a terminal); ``read_until`` reads what it shows, ``type`` answers a prompt,
``end_input`` is Ctrl+D at the start of a line, ``finish`` reads to the end and returns the
exit code. Output keeps the terminal's own control characters except ``\r\n``.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time
from collections.abc import Mapping


class PtyProcess:
    """The command with a pseudo-terminal as stdin, stdout and stderr, as in a shell."""

    def __init__(self, argv: list[str], env: Mapping[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(os.environ if env is None else env),
            close_fds=True,
        )
        os.close(slave)
        self.output = ""

    def read_until(self, text: str, times: int = 1, timeout: float = 60.0) -> str:
        """Read the terminal until ``text`` has shown ``times`` times (or fail at the deadline)."""
        deadline = time.monotonic() + timeout
        while self.output.count(text) < times:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; got:\n{self.output}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # EIO: the process closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {text!r}; got:\n{self.output}")
                self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.output

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\n")

    def end_input(self) -> None:
        """Ctrl+D at the start of a line: the command reads end of input."""
        os.write(self.master, b"\x04")

    def finish(self, timeout: float = 60.0) -> int:
        """Read to the end and wait for the exit code."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        code = self.proc.wait(timeout=max(deadline - time.monotonic(), 1))
        os.close(self.master)
        return code
