"""OS locks on open files, shared by the sign-in lock and the config writer.

``flock`` on POSIX, ``msvcrt.locking`` on Windows: the lock belongs to the open
file (two opens in one process exclude each other too) and dies with its
process, so a crashed holder never blocks the others. Lock files are never
deleted: deleting one would let two processes lock two different files of the
same name. :func:`gui.auth.refresh_lock.refresh_lock` waits for a lock without
blocking the event loop; :func:`held` is the blocking form, for code that runs
in a thread already (config writes) and holds a lock for milliseconds.

Imports only the standard library.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.01  # seconds between tries while :func:`held` waits

if sys.platform == "win32":
    import msvcrt

    # Byte 0 from the current position, which stays 0: nothing is ever written.
    def try_lock(fd: int) -> bool:
        """Take the lock on ``fd`` if it is free; False when another holder has it."""
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def wait_for_lock(fd: int) -> None:
        """Block until the lock on ``fd`` is ours."""
        # LK_LOCK retries only once a second (and gives up after ten): poll faster, in
        # the waiting thread, so the lock passes on about as soon as it is released.
        while not try_lock(fd):
            time.sleep(POLL)

    def unlock(fd: int) -> None:
        """Release the lock on ``fd``."""
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(fd: int) -> bool:
        """Take the lock on ``fd`` if it is free; False when another holder has it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def wait_for_lock(fd: int) -> None:
        """Block until the lock on ``fd`` is ours."""
        fcntl.flock(fd, fcntl.LOCK_EX)

    def unlock(fd: int) -> None:
        """Release the lock on ``fd``."""
        fcntl.flock(fd, fcntl.LOCK_UN)


def open_lock_file(path: Path) -> int:
    """Open (creating, user-only) the lock file at ``path``; OSError when it cannot."""
    # Not inheritable (PEP 446): a child process must not keep the lock alive.
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


@contextlib.contextmanager
def held(path: Path, *, within: float) -> Iterator[None]:
    """Hold the lock of the file ``path`` for the body of the ``with``; blocking.

    Raises TimeoutError when another holder keeps it for ``within`` seconds, and
    OSError when the lock file cannot be opened or locked.
    """
    fd = open_lock_file(path)
    try:
        deadline = time.monotonic() + within
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                raise TimeoutError(f"the lock {path.name} stayed taken for {within:g} s")
            time.sleep(POLL)  # waiting for another process, in a thread of our own
    except BaseException:
        os.close(fd)
        raise
    try:
        yield
    finally:
        unlock(fd)
        os.close(fd)
