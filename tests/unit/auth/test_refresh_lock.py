"""The cross-process sign-in lock: where it lives, that it excludes, and how waiting ends."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
from pathlib import Path

import platformdirs
import pytest

from gui.auth.refresh_lock import lock_folder, lock_path, refresh_lock
from gui.errors import SignInBusy
from tests.support.waiting import wait_until

ISSUER = "https://example.us.auth0.com/"
CLIENT = "client-1"


def test_the_lock_lives_in_the_runtime_folder_under_a_hashed_name(test_root: Path):
    path = lock_path(ISSUER, CLIENT)
    assert path.parent == test_root / "run" / "agentcore-chat"
    assert "example" not in path.name and path.name.endswith(".lock")
    # Same key as the keyring entry: a trailing slash does not make another lock.
    assert lock_path(ISSUER.rstrip("/"), CLIENT) == path
    assert lock_path(ISSUER, "client-2") != path


def test_without_a_runtime_folder_the_cache_folder_is_used(
    monkeypatch: pytest.MonkeyPatch, test_root: Path
):
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError("runtime folder owned by someone else")

    monkeypatch.setattr(platformdirs, "user_runtime_dir", refuse)
    assert lock_folder() == test_root / "cache" / "agentcore-chat"


async def test_the_lock_file_is_private_and_kept(tmp_path: Path):
    async with refresh_lock(ISSUER, CLIENT, folder=tmp_path) as held:
        assert held.path.parent == tmp_path
    assert stat.S_IMODE(os.stat(held.path).st_mode) == 0o600
    assert held.path.exists()  # deleting it would let two processes lock two files


async def test_a_second_holder_waits_without_blocking_the_loop(tmp_path: Path):
    order: list[str] = []
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def second() -> float:
        async with refresh_lock(ISSUER, CLIENT, folder=tmp_path) as held:
            order.append("second")
            return held.waited

    ticker = asyncio.ensure_future(tick())
    try:
        async with refresh_lock(ISSUER, CLIENT, folder=tmp_path):
            waiting = asyncio.ensure_future(second())
            seen = ticks
            # The loop keeps running while `second` waits for the lock.
            await wait_until(lambda: ticks >= seen + 10, 5, "the loop to tick")
            assert not waiting.done()
            order.append("first")
        waited = await waiting
    finally:
        ticker.cancel()
    assert order == ["first", "second"]
    assert waited > 0


async def test_the_lock_is_released_when_the_body_fails(tmp_path: Path):
    with pytest.raises(RuntimeError):
        async with refresh_lock(ISSUER, CLIENT, folder=tmp_path):
            raise RuntimeError("refresh failed")
    async with refresh_lock(ISSUER, CLIENT, folder=tmp_path, within=0.1) as held:
        assert held.waited < 0.1


async def test_waiting_too_long_says_what_is_going_on(tmp_path: Path):
    async with refresh_lock(ISSUER, CLIENT, folder=tmp_path):
        with pytest.raises(SignInBusy) as caught:
            async with refresh_lock(ISSUER, CLIENT, folder=tmp_path, within=0.2):
                pass
    message = caught.value.message
    assert message.startswith(
        "Another AgentCore Chat process is renewing the sign-in "
        "and did not finish within 0.2 seconds."
    )
    assert "Try again" in message


async def test_a_waiter_that_gave_up_does_not_keep_the_lock_later(tmp_path: Path):
    # The waiting thread cannot be interrupted; when it gets the lock after its task
    # gave up (timed out or cancelled), it must hand it straight back.
    async with refresh_lock(ISSUER, CLIENT, folder=tmp_path):
        with pytest.raises(SignInBusy):
            async with refresh_lock(ISSUER, CLIENT, folder=tmp_path, within=0.1):
                pass

        async def cancelled() -> None:
            async with refresh_lock(ISSUER, CLIENT, folder=tmp_path):
                raise AssertionError("must not get the lock")

        def waiters() -> int:  # gui.aio names each blocking call's thread after it
            return sum(thread.name == "blocking-wait" for thread in threading.enumerate())

        before = waiters()
        task = asyncio.ensure_future(cancelled())
        await wait_until(lambda: waiters() > before, 10, "the second waiter's thread")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    async with refresh_lock(ISSUER, CLIENT, folder=tmp_path, within=5) as held:
        assert held.locked


async def test_where_nothing_can_be_locked_the_body_runs_unlocked(tmp_path: Path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    async with refresh_lock(ISSUER, CLIENT, folder=not_a_folder) as held:
        assert not held.locked
