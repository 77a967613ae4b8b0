"""A signal to a child process, and the time it has to exit: the issue's two seconds.

Standard library and pytest only (a late exit fails the test).
"""

from __future__ import annotations

import subprocess

import pytest

EXIT_WITHIN = 2.0  # seconds, from the signal to the exit status (the requirement)


def signal_and_wait(proc: subprocess.Popen[str], signum: int, what: str) -> None:
    """Send ``signum``; fail the test unless ``proc`` exits within ``EXIT_WITHIN`` seconds."""
    proc.send_signal(signum)
    try:
        proc.wait(timeout=EXIT_WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{what} was still running {EXIT_WITHIN:g} s after the signal")
