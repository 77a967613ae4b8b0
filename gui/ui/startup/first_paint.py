"""The window's first paint: when it came, and a way to wait for it with or without asyncio.

:class:`FirstPaint` watches one widget for its first paint event and notes the
time on the clock it is given (the process's age, so the figure counts Python's
and Qt's own start). Start-up waits for it in two ways: the smoke test in a
nested Qt loop (:meth:`~FirstPaint.wait`: there is no asyncio loop yet), the
running window by awaiting :meth:`~FirstPaint.future`.

Loaded before the first frame: imports only PySide6.QtCore (asyncio is named for
type checking only; the caller of ``future()`` has loaded it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

if TYPE_CHECKING:
    import asyncio


class FirstPaint(QObject):
    """An event filter on ``widget``: ``at`` is the clock's reading at its first paint.

    ``at`` stays ``None`` until then; a platform may paint late, or never (the
    ``minimal`` platform). The filter stays installed until :meth:`stop`.
    """

    def __init__(self, widget: QObject, clock: Callable[[], float]) -> None:
        super().__init__(widget)
        self.at: float | None = None
        self._widget = widget
        self._clock = clock
        self._waiting = QEventLoop()  # quit at the paint: wait() runs it
        self._painted: asyncio.Future[None] | None = None  # see future()
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.at is None:
            self.at = self._clock()
            self._waiting.quit()
            if self._painted is not None and not self._painted.done():
                self._painted.set_result(None)
        return False

    def painted_at(self) -> float:
        """The time of the first paint, or the clock now when none has come."""
        return self.at if self.at is not None else self._clock()

    def wait(self, timeout_ms: int) -> float:
        """Handle Qt events until the first paint (at most ``timeout_ms``); :meth:`painted_at`.

        Runs a nested Qt event loop: only for before the asyncio loop exists.
        """
        if self.at is None:
            QTimer.singleShot(timeout_ms, self._waiting.quit)
            self._waiting.exec()
        return self.painted_at()

    def future(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[None]:
        """A future on ``loop``, done at the first paint (at once if it has come)."""
        if self._painted is None:
            self._painted = loop.create_future()
            if self.at is not None:
                self._painted.set_result(None)
        return self._painted

    def stop(self) -> None:
        """Stop watching the widget."""
        self._widget.removeEventFilter(self)
