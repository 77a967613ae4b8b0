"""One keeper for the background tasks a controller starts from its slots.

A slot cannot await, so a controller runs its work as asyncio tasks and keeps
them in a :class:`TaskKeeper`: closing the window (or a chat, or a sign-in) can
then cancel all of it at once and wait for it to end. Invariants:

- every task is held until it is done (asyncio keeps only a weak reference);
- an error nobody awaited goes to ``sys.excepthook``, as ``qasync.asyncSlot``
  does (the app's hook logs it and shows it), after the task's own ``on_error``;
- a cancelled task is not an error: cancelling is how work is stopped.

May import asyncio and the standard library only (no Qt, no core), so any
controller and any test can use it.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")

ErrorHandler = Callable[[BaseException], None]


class TaskKeeper:
    """The running tasks of one controller: spawn, cancel all, wait; errors reported."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(
        self, coro: Coroutine[Any, Any, T], *, on_error: ErrorHandler | None = None
    ) -> asyncio.Task[T]:
        """Run ``coro`` as a kept task.

        ``on_error`` sees an exception the task ended with (say, to show it in place)
        before it goes to ``sys.excepthook``.
        """
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(partial(self._on_task_done, on_error))
        return task

    @property
    def idle(self) -> bool:
        """True when no kept task is still running."""
        return all(task.done() for task in self._tasks)

    def running(self) -> list[asyncio.Task[Any]]:
        """The kept tasks not done yet."""
        return [task for task in self._tasks if not task.done()]

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every kept task still running; returns them (to wait for)."""
        tasks = self.running()
        for task in tasks:
            task.cancel()
        return tasks

    async def wait(self, within: float | None = None) -> None:
        """Wait until the kept tasks have ended, or ``within`` seconds have passed.

        Never raises their errors (those went to ``sys.excepthook``) nor a timeout.
        """
        tasks = self.running()
        if tasks:
            await asyncio.wait(tasks, timeout=within)

    def _on_task_done(self, on_error: ErrorHandler | None, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            return
        if on_error is not None:
            on_error(exc)
        report(exc)


def report(exc: BaseException) -> None:
    """Hand an unexpected error to ``sys.excepthook``, as ``qasync.asyncSlot`` does."""
    sys.excepthook(type(exc), exc, exc.__traceback__)
