"""One OS file lock per issuer + client id: a refresh is a critical section across processes.

With rotating refresh tokens a refresh spends the stored token, and presenting
a spent one again looks like theft: the provider revokes the whole grant. The
window and any number of terminal commands share one stored token, so each of
them reads, refreshes and stores it only while holding this lock::

    process A   [lock] read stored -> refresh -> store rotated [unlock]
    process B          waits ...............................   [lock] read (A's) -> ...

- The lock is an OS lock on an open file (``flock`` on POSIX, ``msvcrt.locking``
  on Windows). It dies with its process, so a crashed or SIGKILLed holder never
  blocks the others. The file is never deleted: deleting it would let two
  processes lock two different files of the same name.
- It is per open file, not per process: two sessions in one process exclude
  each other too, and a nested acquisition in one task would wait for itself.
- Waiting never blocks the event loop: a non-blocking attempt is retried after
  a short, growing pause, up to ``within`` seconds; then
  :class:`~gui.errors.SignInBusy` says so. The file lives in the user's runtime
  folder (the cache folder when there is none) and holds nothing; its name is a
  hash, so the issuer does not appear on disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import sys
import time
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from gui.auth.store import account
from gui.config import APP_NAME
from gui.errors import SignInBusy

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30.0  # seconds; a refresh takes well under one, even on a slow network
_FIRST_PAUSE = 0.002  # seconds between attempts, doubling up to _MAX_PAUSE
_MAX_PAUSE = 0.05

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            # Byte 0 from the current position, which stays 0: nothing is ever written.
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class HeldLock:
    """A lock this process holds; ``waited`` is how long it took to get it, in seconds."""

    path: Path
    waited: float


def lock_folder() -> Path:
    """The user's runtime folder for the app, or its cache folder when that is unusable."""
    import platformdirs  # lazily: only a refresh needs it

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset and falls back by itself.
        warnings.simplefilter("ignore")
        try:
            folder = Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            pass
    folder = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def lock_path(issuer: str, client_id: str, folder: Path | None = None) -> Path:
    """The lock file for one provider + application (the same key as the keyring entry)."""
    digest = hashlib.sha256(account(issuer, client_id).encode()).hexdigest()[:32]
    return (folder or lock_folder()) / f"refresh-{digest}.lock"


@contextlib.asynccontextmanager
async def refresh_lock(
    issuer: str, client_id: str, *, within: float = LOCK_TIMEOUT, folder: Path | None = None
) -> AsyncIterator[HeldLock]:
    """Hold the sign-in lock of ``issuer`` + ``client_id`` for the body of the ``async with``.

    Raises :class:`~gui.errors.SignInBusy` when another holder keeps it for ``within`` s.
    """
    path = lock_path(issuer, client_id, folder)
    started = time.monotonic()
    # Not inheritable (PEP 446): a child process must not keep the lock alive.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        pause = _FIRST_PAUSE
        while not _try_lock(fd):
            waited = time.monotonic() - started
            if waited >= within:
                log.warning("Gave up waiting %.1f s for the sign-in lock", waited)
                raise SignInBusy(within)
            await asyncio.sleep(min(pause, within - waited))
            pause = min(pause * 2, _MAX_PAUSE)
        held = HeldLock(path, time.monotonic() - started)
        try:
            yield held
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
