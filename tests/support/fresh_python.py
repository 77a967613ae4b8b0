"""Python code run in a fresh interpreter: what importing a module loads, how a process ends."""

from __future__ import annotations

import subprocess
import sys


def run_python(code: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with this interpreter in a new process; its output as text."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=check
    )
