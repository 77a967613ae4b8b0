"""How late a precise 5 ms QTimer on the QApplication fires: the GUI loop's stalls.

A Qt timer goes through the same event dispatch as every paint and click, so
its lateness is how long the window could not respond. For benchmarks: they
print these figures and assert none of them.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

TICK_MS = 5


def loop_name() -> str:
    """The running event loop's class, and qasync's when it is one (printed as proof)."""
    import qasync

    loop = asyncio.get_running_loop()
    kind = type(loop)
    name = f"{kind.__module__}.{kind.__qualname__}"
    return f"{name} (a qasync.QEventLoop)" if isinstance(loop, qasync.QEventLoop) else name


class StallMeter(QObject):
    """``with StallMeter() as meter:`` ... ``meter.worst``, ``meter.p99``, ``meter.ticks``."""

    def __init__(self) -> None:
        app = QApplication.instance()
        assert app is not None, "a QApplication is needed"
        super().__init__(app)
        self.late: list[float] = []
        self._last = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def ticks(self) -> int:
        """How many times it fired."""
        return len(self.late)

    @property
    def worst(self) -> float:
        """The latest tick, in ms late."""
        return max(self.late, default=0.0)

    @property
    def p99(self) -> float:
        """The 99th percentile of lateness, ms."""
        ordered = sorted(self.late)
        return ordered[max(0, round(0.99 * len(ordered)) - 1)] if ordered else 0.0

    def summary(self) -> str:
        """``worst 12.3 ms, p99 4.5 ms (800 ticks)``."""
        return f"worst {self.worst:.1f} ms, p99 {self.p99:.1f} ms ({self.ticks} ticks)"

    def start(self) -> None:
        """Start timing (what ``with`` does on entry)."""
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop timing."""
        self._timer.stop()

    def __enter__(self) -> StallMeter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self._last) * 1000 - TICK_MS))
        self._last = now


class IdleControl:
    """An idle Qt process timing the same timer meanwhile (tests/benchmarks/idle_meter.py).

    ``with IdleControl() as control:`` ... ``control.worst``: the lateness this shared
    machine causes by itself, to print beside a figure.
    """

    SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "idle_meter.py"

    def __init__(self) -> None:
        self.result: dict[str, float] = {}
        self._proc: subprocess.Popen[str] | None = None

    @property
    def worst(self) -> float:
        """The idle process's worst lateness, ms (nan when it reported nothing)."""
        return self.result.get("worst_ms", float("nan"))

    def __enter__(self) -> IdleControl:
        proc = subprocess.Popen(
            [sys.executable, str(self.SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "READY":
            proc.kill()
            raise RuntimeError("the idle control process did not start")
        self._proc = proc
        return self

    def __exit__(self, *exc: object) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        out, _ = proc.communicate(timeout=30)
        for line in out.splitlines():
            if line.startswith("IDLE "):
                self.result = json.loads(line.removeprefix("IDLE "))


def run_on_qt_loop(main: Callable[[], Awaitable[None]]) -> None:
    """Run ``main()`` to the end on a fresh qasync loop (for benchmarks outside the hook)."""
    from gui.ui.startup.qt_loop import QtLoop  # after PySide6, so qasync binds to it

    app = QApplication.instance() or QApplication([])
    loop = QtLoop(app, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
        asyncio.set_event_loop(None)
