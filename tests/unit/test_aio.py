"""gui/aio.py: blocking calls in daemon threads, awaited without blocking the loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

from gui.aio import DaemonExecutor, run_blocking


async def test_the_result_and_the_error_come_back_from_another_thread() -> None:
    here = threading.get_ident()
    where = await run_blocking(threading.current_thread)
    assert where.ident != here and where.daemon
    with pytest.raises(KeyError, match="missing"):
        await run_blocking(lambda: {}["missing"])


async def test_within_times_out_while_the_call_is_stuck() -> None:
    release = threading.Event()
    try:
        with pytest.raises(TimeoutError):
            await run_blocking(lambda: release.wait(30), within=0.1)
    finally:
        release.set()


async def test_cancelling_the_waiter_does_not_wait_for_the_thread() -> None:
    release, started = threading.Event(), threading.Event()

    def stuck() -> bool:
        started.set()
        return release.wait(30)

    waiter = asyncio.ensure_future(run_blocking(stuck))
    try:
        assert await asyncio.to_thread(started.wait, 10)
        waiter.cancel()
        async with asyncio.timeout(10):  # the thread holds on for 30 s
            with pytest.raises(asyncio.CancelledError):
                await waiter
    finally:
        release.set()


def test_the_daemon_executor_runs_each_call_in_a_daemon_thread() -> None:
    future = DaemonExecutor().submit(lambda x: (x, threading.current_thread().daemon), 7)
    assert future.result(timeout=10) == (7, True)
