"""Stop during a streamed answer prints nothing on the window's loop (issue #17, item 13).

qasync installs no async-generator hooks, so a stream abandoned mid-iteration (httpx2's
generators inside mcp, after Stop during a tool call) used to be closed by the garbage
collector and Python printed "async generator ignored GeneratorExit". The window's loop
now closes them itself (``gui.aio.finalizing_async_generators``). Each case runs in its
own process (tests/support/abandoned_stream.py), as the window runs, and reads its stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def stop_during_a_stream(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.support.abandoned_stream", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_on_the_windows_loop_a_stream_stopped_midway_ends_quietly() -> None:
    result = stop_during_a_stream()
    assert result.returncode == 0, result.stderr
    assert "GeneratorExit" not in result.stderr
    assert "Exception ignored" not in result.stderr
    assert "Traceback" not in result.stderr


def test_without_the_hooks_python_complains_the_control() -> None:
    # What the window printed before: the case above is not quiet by luck.
    result = stop_during_a_stream("--without-hooks")
    assert "async generator ignored GeneratorExit" in result.stderr
