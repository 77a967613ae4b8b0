"""SIGTERM and SIGHUP to terminal commands: polling stops and the process exits 0 within 2 s."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from gui.demo.idp import DemoIdp
from tests.support.auth import cli_command
from tests.support.signals import signal_and_wait

# What login writes to stderr before it waits: the link's host, then "Waiting for approval".
_NOTES_BEFORE_WAITING = 2


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_stops_login_while_it_waits(idp: DemoIdp, signum: int) -> None:
    proc = subprocess.Popen(
        cli_command(idp, "login", "--no-browser"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert proc.stderr is not None
        seen = [proc.stderr.readline() for _ in range(_NOTES_BEFORE_WAITING)]
        assert seen[-1].startswith("Waiting for approval"), seen
        signal_and_wait(proc, signum, "login")
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "Stopped." in err
    assert "Traceback" not in err
