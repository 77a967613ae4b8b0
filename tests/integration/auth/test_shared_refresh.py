"""One stored refresh token shared by several processes, against rotation + reuse detection.

The embedded server rotates refresh tokens and revokes the whole family when a
rotated-out token is presented again, as Auth0 does. Each test counts the
reuses the server saw (``DemoIdp.reuse_count``): any reuse is the data loss of
issue 8 (everyone signed out, the keyring entry deleted).
"""

from __future__ import annotations

import asyncio
import os
import subprocess

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from tests.support.auth import cli_command, make_session, sign_in_as


def cli(idp: DemoIdp, *args: str) -> subprocess.CompletedProcess[str]:
    """The terminal command in a new process; it shares the test keyring through the env."""
    return subprocess.run(
        cli_command(idp, *args), capture_output=True, text=True, timeout=60, env=dict(os.environ)
    )


async def stored_token(idp: DemoIdp, store: KeyringStore) -> str | None:
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    return stored.refresh_token if stored else None


async def test_status_in_another_process_does_not_sign_the_window_out(
    idp: DemoIdp, store: KeyringStore
):
    window = make_session(idp, store)  # the long-lived process
    await sign_in_as(window, idp)

    status = await asyncio.to_thread(cli, idp, "status")  # rotates the stored token
    assert status.returncode == 0, status.stderr

    await window.refresh_now()  # must use the token `status` stored, not its spent one

    assert idp.reuse_count() == 0
    assert window.signed_in and window.remembered
    token = await stored_token(idp, store)
    assert token is not None and idp.is_refresh_token_active(token)
    again = await asyncio.to_thread(cli, idp, "status")
    assert again.returncode == 0, again.stderr
    assert idp.reuse_count() == 0
