"""Runs the real app (``gui.ui.startup.app.main``) with a stall meter and a scripted person.

``python tests/benchmarks/app_probe.py [app args]``, started by the benchmarks with
the demo servers in another process and the app pointed at them by environment
variables. It creates the QApplication first (the app reuses it), starts a 5 ms
precise timer at the window's first paint, and then plays a person: wait until
the chat is ready (remembered sign-in resumed, tools listed), ask one question,
wait for the answer. It prints ``PROBE {json}`` with the worst timer lateness in
each phase, the process's resident memory (VmHWM, VmRSS) and the big packages
loaded, then closes the window like the close button does.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

TICK_MS = 5
QUESTION = "How old is neruneruo?"
DEADLINE_S = 90.0
PACKAGES = ("strands", "mcp", "boto3", "botocore", "anthropic", "openai", "httpx", "httpx2")
PACKAGES += ("requests", "jwt", "cryptography", "pydantic", "opentelemetry", "keyring", "segno")


def memory_mb() -> dict[str, float]:
    """VmHWM (peak resident) and VmRSS of this process, in MB."""
    found: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            key = line.split(":", 1)[0]
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(line.split()[1]) / 1024
    return found


class Meter(QObject):
    """A repeating precise 5 ms timer on the QApplication; records each tick's lateness."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ticks: list[tuple[float, float]] = []  # (due time, ms late)
        self.cpu: list[float] = []  # the GUI thread's CPU ms since the tick before
        self.started = 0.0
        self._last = 0.0
        self._last_cpu = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._last = self.started = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        now = time.perf_counter()
        due = self._last + TICK_MS / 1000
        self.ticks.append((due, max(0.0, (now - due) * 1000)))
        cpu = time.thread_time()
        self.cpu.append((cpu - self._last_cpu) * 1000)
        self._last, self._last_cpu = now, cpu

    def worst(self, since: float, until: float) -> tuple[float, int]:
        """Worst lateness (ms) and tick count for ticks due in [since, until)."""
        late = [ms for due, ms in self.ticks if since <= due < until]
        return (max(late) if late else 0.0), len(late)


class Person(QObject):
    """Watches the window on a slow timer and does what a person would, in order."""

    def __init__(self, app: QApplication, meter: Meter) -> None:
        super().__init__(app)
        self.app, self.meter = app, meter
        self.marks: dict[str, float] = {"start": time.perf_counter()}
        self.window: QMainWindow | None = None
        self.result: dict[str, Any] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._on_timer_timeout)
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and obj.objectName() == "mainWindow":
            assert isinstance(obj, QMainWindow)
            self.window = obj
            self.marks["paint"] = time.perf_counter()
            self.app.removeEventFilter(self)
            self.meter.start()
            self._timer.start()
        return False

    def _chat(self) -> Any:
        page = getattr(self.window, "chat_page", None)
        return page if hasattr(page, "composer") else None

    def _idle(self, page: Any) -> bool:
        composer = page.composer
        return composer.send_button.isVisible() and not composer.stop_button.isVisible()

    def _on_timer_timeout(self) -> None:
        now, page = time.perf_counter(), self._chat()
        if now - self.marks["start"] > DEADLINE_S:
            self.result["error"] = f"timed out; reached {sorted(self.marks)}"
            self._finish()
        elif "ready" not in self.marks:
            if page is not None and page.status_frame.isHidden() and self._idle(page):
                self.marks["ready"] = now
                page.composer.edit.setPlainText(QUESTION)
                page.composer.submitted.emit()
        elif "answered" not in self.marks and page.transcript.tool_cards() and self._idle(page):
            self.marks["answered"] = now
            self.result["memory_mb"] = memory_mb()
            self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        marks, meter = self.marks, self.meter
        end = time.perf_counter()
        phases = {"opening": ("paint", "ready"), "tool call": ("ready", "answered")}
        for name, (a, b) in phases.items():
            if a in marks:
                worst, ticks = meter.worst(marks[a], marks.get(b, end))
                self.result[name] = {"worst_ms": worst, "ticks": ticks}
        self.result["ms"] = {k: (v - marks["start"]) * 1000 for k, v in marks.items()}
        self.result["packages"] = sorted(p for p in PACKAGES if p in sys.modules)
        self.result["modules"] = len(sys.modules)
        print("PROBE " + json.dumps(self.result), flush=True)
        if self.window is not None:
            self.window.close()


class Sampler:
    """``PROBE_STACKS=1``: while a tick is overdue by 10 ms, sample every thread's stack.

    A diagnostic for finding what blocks the loop; at the end it prints, for the
    worst late ticks, what each thread was doing meanwhile (to stderr).
    """

    def __init__(self, meter: Meter) -> None:
        import threading
        import traceback

        self.meter, self._traceback = meter, traceback
        self.samples: list[tuple[float, dict[str, str]]] = []
        self._names = threading
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        me = self._names.get_ident()
        while True:
            time.sleep(0.002)
            last = self.meter._last
            now = time.perf_counter()
            if last and now - last > 0.010:
                names = {t.ident: t.name for t in self._names.enumerate()}
                stacks = {}
                for ident, frame in sys._current_frames().items():
                    if ident == me:
                        continue
                    lines = self._traceback.format_stack(frame, limit=8)
                    stacks[names.get(ident, str(ident))] = "".join(lines)
                self.samples.append((now, stacks))

    def dump(self, since: float = 0.0) -> None:
        ticks = [tick for tick in self.meter.ticks if tick[0] >= since]
        worst = sorted(ticks, key=lambda tick: -tick[1])[:6]
        cpu = dict(zip(self.meter.ticks, self.meter.cpu, strict=False))
        for due, late in worst:
            seen: dict[str, int] = {}
            for at, stacks in self.samples:
                if due <= at <= due + late / 1000:
                    for name, stack in stacks.items():
                        seen[f"[{name}]\n{stack}"] = seen.get(f"[{name}]\n{stack}", 0) + 1
            at = (due - self.meter.started) * 1000
            print(
                f"######## tick due {at:.0f} ms after paint, {late:.0f} ms late, "
                f"GUI thread CPU {cpu.get((due, late), 0.0):.0f} ms meanwhile",
                file=sys.stderr,
            )
            for stack, count in sorted(seen.items(), key=lambda kv: -kv[1])[:12]:
                print(f"==== {count}x {stack}", file=sys.stderr)


def main() -> int:
    import os

    app = QApplication(sys.argv[:1])
    meter = Meter(app)
    person = Person(app, meter)
    sampler = Sampler(meter) if os.environ.get("PROBE_STACKS") else None
    from gui.ui.startup.app import main as app_main

    code = app_main(sys.argv[1:])
    if sampler is not None:
        sampler.dump()
        print("######## ... and during the tool call:", file=sys.stderr)
        sampler.dump(since=person.marks.get("ready", 0.0))
    if "answered" not in person.marks and "error" not in person.result:
        print("PROBE " + json.dumps({"error": "the app ended first"}), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
