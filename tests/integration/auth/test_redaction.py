"""No token ever appears in a log, an exception text or a file.

A full flow (sign-in, refresh with rotation, a failing refresh, sign-out) runs
with DEBUG logging on every logger; then every captured log line, every
exception message and every file the run could have written is searched for
each secret the provider handed out.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.errors import AppError
from tests.support.auth import make_session


async def test_no_secret_in_logs_exceptions_or_files(
    idp: DemoIdp, store: KeyringStore, caplog: pytest.LogCaptureFixture, test_root: Path
):
    caplog.set_level(logging.DEBUG)  # the root logger: every library logs too
    secrets: list[str] = []
    messages: list[str] = []

    session = make_session(idp, store, refresh_margin=10**6)
    code = await session.start_sign_in()
    secrets.append(code.device_code)
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    idp.approve(code.user_code, "alice")
    await asyncio.wait_for(waiting, 10)

    for _ in range(3):  # rotations: each hands out a new access and refresh token
        secrets.append(await session.access_token())
        stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
        assert stored is not None
        secrets.append(stored.refresh_token)

    idp.inject_fault("/oauth/token", status=500, body=b'{"error":"server_error"}', count=1)
    try:
        await session.refresh_now()
    except AppError as exc:
        messages.append(str(exc))
        messages.append(repr(exc))
    idp.set_roles("alice", ())
    try:
        await session.refresh_now()
    except AppError as exc:
        messages.append(str(exc))
    messages.append(repr(session.identity))
    await session.sign_out()

    assert len(set(secrets)) == len(secrets) >= 7
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "oauth/token" in logged  # the requests were logged at all
    files = [p for p in test_root.rglob("*") if p.is_file()]
    for secret in secrets:
        assert secret not in logged
        for message in messages:
            assert secret not in message
        for path in files:
            assert secret.encode() not in path.read_bytes(), path
        # JWTs: not even the signature part alone
        assert secret.rsplit(".", 1)[-1] not in logged
