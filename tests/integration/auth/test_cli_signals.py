"""SIGTERM and SIGHUP to terminal commands: polling stops and the process exits 0 within 2 s."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from gui.demo.idp import DemoIdp
from tests.support.auth import cli_command

EXIT_WITHIN = 2.0  # seconds, from the signal to the exit status (the requirement)


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
        line = proc.stderr.readline()
        assert line.startswith("Waiting for approval"), line
        proc.send_signal(signum)
        try:
            proc.wait(timeout=EXIT_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"login was still running {EXIT_WITHIN:g} s after the signal")
    finally:
        proc.kill()
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert "Stopped." in err
    assert "Traceback" not in err
