"""Work done in a thread while the GUI thread keeps painting: what the window needs next.

Right after its first frame the window needs asyncio, qasync, the controllers,
QtNetwork and the settings file: 50-100 ms of imports and reading. On the GUI
thread that would freeze the window that was just painted. :func:`while_painting`
runs the work in a thread and meanwhile keeps the GUI thread in Qt's event loop
(paints, input); it gets the GIL back within a switch interval, which
:func:`gui.services.imports_without_gc` shortens while the thread imports.

Loaded right after the first paint. Imports the standard library, PySide6.QtCore
and :mod:`gui.services` (already loaded).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QEventLoop, QTimer

from gui.services import imports_without_gc

T = TypeVar("T")

POLL_MS = 5  # how often the GUI thread looks whether the work has finished


class _Worker(threading.Thread, Generic[T]):
    """Runs ``work`` once with the collector paused; keeps its result or its exception."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(name="startup", daemon=True)
        self._work = work
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with imports_without_gc():
                self.result = self._work()
        except BaseException as exc:  # raised again on the GUI thread
            self.error = exc


def while_painting(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread while Qt keeps handling events; its result (or its exception)."""
    worker = _Worker(work)
    waiting = QEventLoop()
    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(lambda: worker.is_alive() or waiting.quit())
    worker.start()
    poll.start()
    waiting.exec()
    poll.stop()
    if worker.error is not None:
        raise worker.error
    return cast(T, worker.result)  # set: the work returned
