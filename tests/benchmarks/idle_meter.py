"""A control for the stall figures: an idle Qt process timing the same 5 ms precise timer.

Started beside the app under test; when its stdin closes it prints
``IDLE {"worst_ms": ..., "p99_ms": ..., "ticks": ...}``. Whatever lateness it sees
is the machine's (other processes on the same cores), not the app's.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer

TICK_MS = 5


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    late: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    # A thread waits for stdin to close; a slow timer on the GUI thread sees it and quits.
    ended = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), ended.set()), daemon=True).start()
    watch = QTimer()
    watch.timeout.connect(lambda: ended.is_set() and app.quit())
    watch.start(50)
    print("READY", flush=True)
    app.exec()
    ordered = sorted(late)
    p99 = ordered[max(0, round(0.99 * len(ordered)) - 1)] if ordered else 0.0
    result = {"worst_ms": max(ordered, default=0.0), "p99_ms": p99, "ticks": len(ordered)}
    print("IDLE " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
