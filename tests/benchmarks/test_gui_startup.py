"""Cold start to first paint: the app's --smoke-test beside a bare PySide6 window.

Both are measured the same way, from process start (the kernel's start time)
to the window's first paint event. Prints numbers; asserts nothing about them.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.benchmark

RUNS = 10
BARE = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
    from gui.app import process_age

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(960, 680)

    class Spy(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print(f"first paint: {process_age() * 1000:.0f} ms", flush=True)
                QTimer.singleShot(0, app.quit)
                obj.removeEventFilter(self)
            return False

    spy = Spy()
    window.installEventFilter(spy)
    window.show()
    app.exec()
    """
)


def _first_paint(args: list[str]) -> float:
    env = {**os.environ, "AGENTCORE_CHAT_INSTANCE": f"bench-{uuid.uuid4().hex[:8]}"}
    out = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=30, check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout  # fmt: skip
    match = re.search(r"first paint: (\d+) ms", out)
    assert match, out
    return float(match.group(1))


def test_cold_start_to_window_shown() -> None:
    app = [_first_paint([sys.executable, "-m", "gui.app", "--smoke-test"]) for _ in range(RUNS)]
    bare = [_first_paint([sys.executable, "-c", BARE]) for _ in range(RUNS)]
    app_ms, bare_ms = statistics.median(app), statistics.median(bare)
    print(
        f"\ncold start to first paint (median of {RUNS}): app {app_ms:.0f} ms, "
        f"bare PySide6 window {bare_ms:.0f} ms, ratio {app_ms / bare_ms:.2f}x (target <= 1.3x)"
    )
