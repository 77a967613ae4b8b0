"""A clock tests move by hand, so intervals and expiry are stepped over, not slept through."""

from __future__ import annotations

import threading
import time


class MovableClock:
    """Wall time plus an offset the test sets: a window's tokens "age" at once."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


class FakeClock:
    """Seconds that pass only when ``advance()`` is called; safe to read from server threads."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass at once."""
        with self._lock:
            self._now += seconds
