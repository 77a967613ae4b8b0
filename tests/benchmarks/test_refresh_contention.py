"""Refresh contention (printed, not timed-asserted): five processes x twenty refreshes.

Every refresh re-reads the shared token from the keyring, refreshes and stores
the rotated one under the cross-process sign-in lock, against the embedded
server with rotation and reuse detection. Reuse errors are behaviour, so they
are asserted (zero); the timings are only printed.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from gui.auth.refresh_lock import refresh_lock
from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from tests.support.auth import make_session, sign_in_as
from tests.support.sign_in_process import refresh_together

pytestmark = [pytest.mark.benchmark, pytest.mark.keyring]

PROCESSES = 5
REFRESHES = 20


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"\n{name}: p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"max {max(ms):.1f} ms (n={len(ms)})"
    )


async def test_five_processes_times_twenty_refreshes():
    store = KeyringStore()
    with DemoIdp(interval=0) as idp:
        await sign_in_as(make_session(idp, store), idp)
        try:
            alone = await asyncio.to_thread(refresh_together, idp.issuer, 1, REFRESHES)
            together = await asyncio.to_thread(
                refresh_together, idp.issuer, PROCESSES, REFRESHES - 1
            )
        finally:
            await store.delete(idp.issuer, DEMO_CLIENT_ID)
        reuses = idp.reuse_count()

    failures = [r["error"] for r in alone + together if not r["ok"]]
    print(
        f"\n{PROCESSES} processes x {REFRESHES} refreshes: reuse errors {reuses}, "
        f"failed processes {len(failures)}"
    )
    # The first of each process's refreshes is its resume (a new process, a cold HTTP pool).
    report("refresh, one process alone (no contention)", [t for r in alone for t in r["took"][1:]])
    waits = [w for r in together for w in r["waits"]]
    took = [t for r in together for t in r["took"]]
    report(f"lock wait, {PROCESSES} processes at once", waits)
    report(f"refresh incl. lock wait, {PROCESSES} processes at once", took)
    report(
        f"refresh excl. lock wait, {PROCESSES} processes at once",
        [t - w for t, w in zip(took, waits, strict=True)],
    )
    assert reuses == 0
    assert failures == []
    assert len(took) == PROCESSES * REFRESHES


async def test_uncontended_lock_cost_on_the_event_loop():
    # Taken and released on the loop itself (no thread when nobody holds it).
    samples = []
    for _ in range(200):
        started = time.perf_counter()
        async with refresh_lock("https://bench.example/", DEMO_CLIENT_ID):
            pass
        samples.append(time.perf_counter() - started)
    report("uncontended lock take + release (on the loop)", samples)
