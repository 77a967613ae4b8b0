"""gui/ui/controllers/tasks.py: kept tasks end, errors reach sys.excepthook, cancels do not."""

from __future__ import annotations

import asyncio
import sys
from types import TracebackType

import pytest

from gui.ui.controllers.tasks import TaskKeeper

Hooked = tuple[type[BaseException], BaseException, TracebackType | None]


@pytest.fixture
def hooked(monkeypatch: pytest.MonkeyPatch) -> list[Hooked]:
    """What reached sys.excepthook during the test."""
    seen: list[Hooked] = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args))
    return seen


async def _fail(message: str) -> None:
    await asyncio.sleep(0)
    raise RuntimeError(message)


async def test_a_task_runs_and_is_let_go_when_done(hooked: list[Hooked]) -> None:
    keeper = TaskKeeper()
    task = keeper.spawn(asyncio.sleep(0, result=42))
    assert not keeper.idle and keeper.running() == [task]
    assert await task == 42
    await asyncio.sleep(0)  # the done callback runs
    assert keeper.idle and keeper.running() == []
    assert hooked == []


async def test_an_error_goes_to_on_error_then_to_sys_excepthook(hooked: list[Hooked]) -> None:
    keeper = TaskKeeper()
    order: list[str] = []
    keeper.spawn(_fail("boom"), on_error=lambda exc: order.append(f"on_error: {exc}"))
    await keeper.wait()
    await asyncio.sleep(0)
    assert order == ["on_error: boom"]
    [(kind, exc, traceback)] = hooked
    assert kind is RuntimeError and str(exc) == "boom" and traceback is not None


async def test_cancel_all_stops_every_task_and_a_cancel_is_not_an_error(
    hooked: list[Hooked],
) -> None:
    keeper = TaskKeeper()
    errors: list[BaseException] = []
    slow = [keeper.spawn(asyncio.sleep(60), on_error=errors.append) for _ in range(3)]
    done = keeper.spawn(asyncio.sleep(0))
    await done
    cancelled = keeper.cancel_all()
    assert sorted(map(id, cancelled)) == sorted(map(id, slow))  # not the finished one
    await keeper.wait()
    assert all(task.cancelled() for task in slow)
    await asyncio.sleep(0)
    assert keeper.idle and errors == [] and hooked == []


async def test_wait_gives_up_after_within_seconds_without_raising(hooked: list[Hooked]) -> None:
    keeper = TaskKeeper()
    stuck = keeper.spawn(asyncio.sleep(60))
    await keeper.wait(within=0.01)
    assert not stuck.done() and not keeper.idle
    keeper.cancel_all()
    await keeper.wait()
    assert stuck.cancelled() and hooked == []


async def test_wait_with_nothing_kept_returns_at_once() -> None:
    keeper = TaskKeeper()
    await keeper.wait()
    assert keeper.idle and keeper.cancel_all() == []
