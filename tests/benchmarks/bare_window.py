"""The start-up baseline: a bare PySide6 window that imports nothing of ours.

Run as a script by test_gui_startup.py. It prints ``first paint: N ms`` (from the
kernel's process start time, like ``agentcore-chat --smoke-test``) and exits.
"""

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def process_age() -> float:
    """Seconds since this process started, from /proc (as gui.ui.startup.app.process_age does)."""
    with open("/proc/self/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return time.clock_gettime(time.CLOCK_BOOTTIME) - started


class FirstPaint(QObject):
    """Prints the time of the window's first paint event, then quits."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"first paint: {process_age() * 1000:.0f} ms", flush=True)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("Bare")
window.setCentralWidget(QLabel("Hello"))
window.resize(960, 680)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
