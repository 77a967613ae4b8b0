"""How the window's process ends: the close button, a signal from outside, and the exit.

- :class:`WindowClosed` notes the window's ``closed`` signal from before the
  asyncio loop exists, and later gives the loop a future to await.
- :class:`CloseOnSignals`: Ctrl+C (SIGINT), ``kill`` (SIGTERM) and a desktop
  log-out or a lost terminal (SIGHUP) close the window, exactly as its close
  button does, so the shutdown is the same clean one.
- :func:`exit_now` ends the process once that shutdown has finished, when a
  signal asked for it.

Loaded before the first frame (the close button may be quicker than start-up), so
it imports only what that frame has loaded already: ``os``, ``sys``,
``contextlib`` and PySide6.QtCore; ``signal`` when the handlers go in, after the
paint. The window is anything with ``close()`` and a ``closed`` signal.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    import asyncio

SIGNAL_TICK_MS = 250  # how often Python gets control to run a signal handler


class WindowClosed:
    """Whether the window has closed; from :meth:`future`, an awaitable of the same.

    Connected before the window shows: a close before the loop exists (a person
    quick with the close button while start-up still runs) is not lost.
    """

    def __init__(self, window: Any) -> None:
        self.closed = False
        self._future: asyncio.Future[None] | None = None
        window.closed.connect(self._on_window_closed)

    def _on_window_closed(self) -> None:
        self.closed = True
        if self._future is not None and not self._future.done():
            self._future.set_result(None)

    def future(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        """A future on ``loop``, done once the window has closed (at once if it already has)."""
        if self._future is None:
            self._future = loop.create_future()
            if self.closed:
                self._future.set_result(None)
        return self._future


class CloseOnSignals:
    """Closes ``window`` on SIGINT, SIGTERM and SIGHUP; ``received`` lists those that came.

    Closing is the clean shutdown the close button gives: polls cancelled, the
    MCP session ended at the gateway. A timer owned by the window wakes Python
    now and then: it runs signal handlers only when it gets control.
    """

    def __init__(self, window: Any) -> None:
        import signal

        self.received: list[int] = []
        self._window = window
        for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is not None:  # Windows has no SIGHUP
                signal.signal(signum, self._on_signal)
        self._ticker = QTimer(window)
        self._ticker.timeout.connect(lambda: None)
        self._ticker.start(SIGNAL_TICK_MS)

    @property
    def asked_to_stop(self) -> bool:
        """Whether a signal closed the window (then the process should :func:`exit_now`)."""
        return bool(self.received)

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.received.append(signum)
        self._window.close()


def exit_now(code: int) -> None:
    """End the process at once, after our own shutdown has finished.

    Asked to stop from outside (log-out, ``kill``), the interpreter's own teardown of
    Qt and the imported chat stack took over a second more under load; nothing in
    it is ours to finish: sessions are closed and nothing is left unsaved.
    """
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
