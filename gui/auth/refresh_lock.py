"""One OS file lock per issuer + client id: a refresh is a critical section across processes.

With rotating refresh tokens a refresh spends the stored token, and presenting
a spent one again looks like theft: the provider revokes the whole grant. The
window and any number of terminal commands share one stored token, so each of
them reads, refreshes and stores it only while holding this lock::

    process A   [lock] read stored -> refresh -> store rotated [unlock]
    process B          waits ...............................   [lock] read (A's) -> ...

- The lock is an OS lock on an open file (:mod:`gui.config.file_lock`: ``flock`` on
  POSIX, ``msvcrt.locking`` on Windows). It dies with its process, so a crashed
  or SIGKILLed holder never blocks the others. The file is never deleted:
  deleting it would let two processes lock two different files of the same name.
- It is per open file, not per process: two sessions in one process exclude
  each other too, and a nested acquisition in one task would wait for itself.
- Waiting never blocks the event loop: when the lock is taken, a daemon thread
  waits for it in the kernel (see :class:`_Waiter`), for up to ``within``
  seconds; then :class:`~gui.errors.SignInBusy` says so. The file lives in the user's runtime
  folder (the cache folder when there is none) and holds nothing; its name is a
  hash, so the issuer does not appear on disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
import warnings
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from gui.aio import run_blocking
from gui.auth.store import account
from gui.config import APP_NAME
from gui.config.file_lock import open_lock_file, try_lock, unlock, wait_for_lock
from gui.errors import SignInBusy

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 30.0  # seconds; a refresh takes well under one, even on a slow network


class _Waiter:
    """Waits for the lock in a thread; the waiting task may give up first.

    Blocking in the kernel, not polling: the lock passes to a waiter as soon as
    it is released, instead of at the waiter's next poll (by which time a busy
    holder has often taken it again). Once abandoned before the lock came, the
    thread owns the descriptor: it releases and closes it when its wait ends.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._state = threading.Lock()
        self._acquired = False
        self._abandoned = False

    def wait(self) -> None:
        """In the thread: block until the lock is ours (or hand it back if abandoned)."""
        try:
            wait_for_lock(self.fd)
        except OSError:
            with self._state:
                if self._abandoned:
                    os.close(self.fd)
            raise
        with self._state:
            if not self._abandoned:
                self._acquired = True
                return
        unlock(self.fd)
        os.close(self.fd)

    def abandon(self) -> bool:
        """Give up waiting; True when the lock was taken meanwhile (the caller owns it)."""
        with self._state:
            self._abandoned = not self._acquired
            return self._acquired


@dataclass(frozen=True)
class HeldLock:
    """A lock this process holds; ``waited`` is how long it took to get it, in seconds.

    ``locked`` is False where the OS could not lock at all (the body ran unlocked).
    """

    path: Path
    waited: float
    locked: bool = True


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
    Where the OS cannot lock (an odd file system) the body runs unlocked, as it
    did before there was a lock, and ``HeldLock.locked`` is False.
    """
    started = time.monotonic()
    path, fd = _open_lock_file(issuer, client_id, folder)
    if fd is not None:
        try:
            if not try_lock(fd):
                await _wait(fd, within)
        except OSError as exc:
            os.close(fd)
            log.warning("Cannot take the sign-in lock (%s)", type(exc).__name__)
            fd = None
    if fd is None:
        yield HeldLock(path, time.monotonic() - started, locked=False)
        return
    try:
        yield HeldLock(path, time.monotonic() - started)
    finally:
        unlock(fd)
        os.close(fd)


def _open_lock_file(issuer: str, client_id: str, folder: Path | None) -> tuple[Path, int | None]:
    path = Path()
    try:
        path = lock_path(issuer, client_id, folder)
        return path, open_lock_file(path)
    except OSError as exc:
        log.warning("Cannot open the sign-in lock (%s)", type(exc).__name__)
        return path, None


async def _wait(fd: int, within: float) -> None:
    """Until the lock on ``fd`` is ours.

    Timed out or cancelled, the thread closes ``fd`` when its wait ends; after an
    OSError the caller closes it.
    """
    waiter = _Waiter(fd)
    try:
        await run_blocking(waiter.wait, within=within)
    except BaseException as exc:
        if waiter.abandon():  # the lock arrived just as we gave up: it is ours
            if isinstance(exc, TimeoutError):
                return
            unlock(fd)
            os.close(fd)
            raise
        if isinstance(exc, TimeoutError):
            log.warning("Gave up waiting %.1f s for the sign-in lock", within)
            raise SignInBusy(within) from None
        raise
