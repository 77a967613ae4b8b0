"""A clock tests move by hand, so intervals and expiry are stepped over, not slept through."""

from __future__ import annotations

import threading


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
