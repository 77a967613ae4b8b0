"""A second process for the shared sign-in tests: ``python -m tests.support.sign_in_process``.

``refresh ISSUER --times N``: prints ``ready``, waits for a line on stdin (the
barrier that releases several such processes together), resumes the stored
sign-in and refreshes N more times, then prints one JSON line: ``ok``,
``error``, and per refresh the seconds it took and the seconds it waited for
the lock. Exit 0 only when every refresh succeeded.

``hold-lock ISSUER``: takes the sign-in lock, prints ``held``, and keeps it
until stdin closes (or the process is killed).

Both use the demo client id and the keyring the environment points at.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from typing import Any

from gui.auth.http import HttpClient
from gui.auth.refresh_lock import refresh_lock
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.config import Profile
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.errors import AppError


async def refresh(issuer: str, times: int) -> dict[str, object]:
    """Resume, then refresh ``times`` more times; what happened, as JSON-ready data."""
    profile = Profile(issuer=issuer, client_id=DEMO_CLIENT_ID, audience=DEMO_AUDIENCE)
    session = AuthSession(profile, store=KeyringStore(), http=HttpClient(timeout=20))
    took: list[float] = []
    waits: list[float] = []
    error = None
    try:
        started = time.perf_counter()
        if await session.resume() is None:
            raise AppError("nothing stored")
        took.append(time.perf_counter() - started)
        waits.append(session.last_lock_wait or 0.0)
        for _ in range(times):
            started = time.perf_counter()
            await session.refresh_now()
            took.append(time.perf_counter() - started)
            waits.append(session.last_lock_wait or 0.0)
    except AppError as exc:
        error = f"{type(exc).__name__}: {exc.message}"
    finally:
        await session.aclose()
    return {"ok": error is None, "error": error, "took": took, "waits": waits}


async def hold_lock(issuer: str) -> None:
    """Hold the sign-in lock until stdin closes."""
    async with refresh_lock(issuer, DEMO_CLIENT_ID):
        print("held", flush=True)
        await asyncio.to_thread(sys.stdin.read)


# --- the test's side -----------------------------------------------------------------------


def start(role: str, issuer: str, *args: str) -> subprocess.Popen[str]:
    """One helper process; it shares the test keyring and lock folder through the env."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.sign_in_process", role, issuer, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def refresh_together(issuer: str, count: int, times: int = 0) -> list[dict[str, Any]]:
    """Start ``count`` refreshers, release them at once when all are ready; their results.

    Blocking (call it through ``asyncio.to_thread``); a refresher that fails reports
    why in its result, and its stderr is attached.
    """
    procs = [start("refresh", issuer, "--times", str(times)) for _ in range(count)]
    try:
        for proc in procs:
            assert proc.stdout is not None
            line = proc.stdout.readline().strip()
            assert line == "ready", proc.stderr.read() if proc.stderr else line
        for proc in procs:  # the barrier: one line each, written back to back
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            lines = out.strip().splitlines()
            result = json.loads(lines[-1]) if lines else {"ok": False, "error": "no output"}
            result["returncode"] = proc.returncode
            result["stderr"] = err
            results.append(result)
        return results
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def main() -> int:
    """Run one of the two roles; see the module docstring."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="role", required=True)
    one = sub.add_parser("refresh")
    one.add_argument("issuer")
    one.add_argument("--times", type=int, default=0)
    two = sub.add_parser("hold-lock")
    two.add_argument("issuer")
    args = parser.parse_args()
    if args.role == "hold-lock":
        asyncio.run(hold_lock(args.issuer))
        return 0
    print("ready", flush=True)
    sys.stdin.readline()  # the barrier: every process is released by one line
    result = asyncio.run(refresh(args.issuer, args.times))
    print(json.dumps(result), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
