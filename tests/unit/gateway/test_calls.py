"""A call's events and scope: progress as a fraction; a sink that fails never fails the call."""

from __future__ import annotations

import asyncio
import math

import pytest

from gui.gateway.calls import CallScope, Progress, TaskUpdate, current_call


@pytest.mark.parametrize(
    ("progress", "total", "fraction"),
    [(1, 4, 0.25), (5, 4, 1.0), (-1, 4, 0.0), (3, None, None), (3, 0, None), (math.nan, 4, None)],
)
def test_progress_as_a_fraction(progress: float, total: float | None, fraction: float | None):
    assert Progress(progress, total).fraction == fraction


def test_final_task_states():
    assert [
        TaskUpdate("t", s).finished
        for s in ("working", "input_required", "completed", "failed", "cancelled")
    ] == [
        False,
        False,
        True,
        True,
        True,
    ]


def test_a_failing_sink_is_logged_not_raised(caplog):
    def broken(event: object) -> None:
        raise RuntimeError("front end gone")

    CallScope("t", "T", "gw", broken).emit(Progress(1))
    CallScope("t", "T", "gw").emit(Progress(1))  # no sink: nothing to do
    assert "could not be delivered" in caplog.text


async def test_closing_a_scope_dismisses_what_it_still_asks():
    scope = CallScope("t", "T", "gw")
    loop = asyncio.get_running_loop()
    asking, answered = loop.create_future(), loop.create_future()
    scope.track(asking)
    scope.track(answered)
    answered.set_result("yes")
    scope.close()
    assert asking.cancelled() and answered.result() == "yes"
    assert current_call.get() is None
