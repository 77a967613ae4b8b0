"""How late a short timer fires on the running loop: the loop's worst stall, in ms."""

from __future__ import annotations

import asyncio
import time


class LoopLateness:
    """A 5 ms timer re-armed on every tick; ``worst`` is its worst lateness (ms)."""

    def __init__(self, period: float = 0.005) -> None:
        self.period = period
        self.worst = 0.0
        self.ticks = 0
        self._due = 0.0
        self._handle: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._due = time.perf_counter() + self.period
        self._handle = asyncio.get_running_loop().call_later(self.period, self._tick)

    def _tick(self) -> None:
        self.ticks += 1
        self.worst = max(self.worst, (time.perf_counter() - self._due) * 1000)
        self._arm()

    def __enter__(self) -> LoopLateness:
        self._arm()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle is not None:
            self._handle.cancel()
