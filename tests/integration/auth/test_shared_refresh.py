"""One stored refresh token shared by several processes, against rotation + reuse detection.

The embedded server rotates refresh tokens and revokes the whole family when a
rotated-out token is presented again, as Auth0 does. Each test counts the
reuses the server saw (``DemoIdp.reuse_count``): any reuse is the data loss of
issue 8 (everyone signed out, the keyring entry deleted).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from collections.abc import Mapping

import keyring
import keyring.backend
import keyring.errors
import pytest

from gui.auth.http import HttpClient, HttpResponse
from gui.auth.refresh_lock import refresh_lock
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore, MemoryStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.errors import SessionExpired, SignInBusy
from tests.support.auth import cli_command, make_session, profile_for, sign_in_as
from tests.support.sign_in_process import refresh_together, start
from tests.support.waiting import wait_until

TOKEN = "/oauth/token"


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


async def test_five_processes_refreshing_at_once_all_succeed(idp: DemoIdp, store: KeyringStore):
    await sign_in_as(make_session(idp, store), idp)

    results = await asyncio.to_thread(refresh_together, idp.issuer, 5)

    assert [r["ok"] for r in results] == [True] * 5, [(r["error"], r["stderr"]) for r in results]
    assert idp.reuse_count() == 0
    token = await stored_token(idp, store)
    assert token is not None and idp.is_refresh_token_active(token)


async def test_a_killed_lock_holder_does_not_block_the_next_process(
    idp: DemoIdp, store: KeyringStore
):
    await sign_in_as(make_session(idp, store), idp)
    holder = start("hold-lock", idp.issuer)
    try:
        assert holder.stdout is not None
        assert await asyncio.to_thread(holder.stdout.readline) == "held\n"
        with pytest.raises(SignInBusy):  # it does hold the lock
            async with refresh_lock(idp.issuer, DEMO_CLIENT_ID, within=0.2):
                pass
        holder.send_signal(signal.SIGKILL)
        await asyncio.to_thread(holder.wait, 10)
    finally:
        holder.kill()
        holder.wait()

    status = await asyncio.to_thread(cli, idp, "status")

    assert status.returncode == 0, status.stderr
    assert "Signed in as Alice Example" in status.stdout
    assert idp.reuse_count() == 0


async def test_invalid_grant_keeps_a_newer_token_stored_meanwhile(
    idp: DemoIdp, store: KeyringStore
):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    # A sign-in made elsewhere, to be stored while the window's refresh is on the wire
    # (by a writer that does not lock: an older version, or a copied keyring).
    elsewhere = make_session(idp, MemoryStore())
    await sign_in_as(elsewhere, idp)
    newer = await elsewhere.store.load(idp.issuer, DEMO_CLIENT_ID)
    assert newer is not None
    rejected = json.dumps({"error": "invalid_grant", "error_description": "revoked"})
    idp.inject_fault(TOKEN, status=400, body=rejected.encode(), delay=1.0)

    refresh = asyncio.ensure_future(window.refresh_now())
    await wait_until(lambda: idp.pending_faults(TOKEN) == 0, 5, "the refresh to reach the server")
    await store.save(idp.issuer, DEMO_CLIENT_ID, newer)
    await refresh  # rejected, then renewed with the newer token it found

    assert window.signed_in
    token = await stored_token(idp, store)
    assert token is not None and token != newer.refresh_token  # rotated from the newer one
    assert idp.is_refresh_token_active(token)
    assert idp.reuse_count() == 0


async def test_invalid_grant_deletes_the_entry_that_was_rejected(idp: DemoIdp, store: KeyringStore):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    rejected = json.dumps({"error": "invalid_grant", "error_description": "revoked"})
    idp.inject_fault(TOKEN, status=400, body=rejected.encode())

    with pytest.raises(SessionExpired):
        await window.refresh_now()

    assert not window.signed_in
    assert await stored_token(idp, store) is None


async def test_sign_out_in_another_process_ends_the_sign_in_here_without_a_replay(
    idp: DemoIdp, store: KeyringStore
):
    http = RefreshCounting()
    window = AuthSession(profile_for(idp), store=store, http=http, poll_margin=0.02)
    await sign_in_as(window, idp)
    await asyncio.to_thread(cli, idp, "status")  # rotates: the window's token is spent
    logout = await asyncio.to_thread(cli, idp, "logout")
    assert logout.returncode == 0, logout.stderr

    with pytest.raises(SessionExpired):
        await window.refresh_now()

    assert not window.signed_in
    assert http.refreshes == 0  # the spent token was not presented


class RefreshCounting(HttpClient):
    """The real HTTP client, counting the refresh requests it sends."""

    def __init__(self) -> None:
        super().__init__(timeout=5.0)
        self.refreshes = 0

    async def post_form(self, url: str, data: Mapping[str, str]) -> HttpResponse:
        if data.get("grant_type") == "refresh_token":
            self.refreshes += 1
        return await super().post_form(url, data)


class _LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that is locked now: a fault the real one cannot be put into here."""

    @keyring.backend.properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test double, installed by hand")  # never auto-selected

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    set_password = delete_password = get_password  # type: ignore[assignment]


async def test_an_unusable_keyring_falls_back_to_the_token_in_memory(
    idp: DemoIdp, store: KeyringStore
):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    real = keyring.get_keyring()
    keyring.set_keyring(_LockedKeyring())
    try:
        await window.refresh_now()
    finally:
        keyring.set_keyring(real)

    assert window.signed_in and not window.remembered
    assert window.store_warning is not None and "locked" in window.store_warning
    assert idp.reuse_count() == 0


async def test_closing_during_a_refresh_stores_the_rotated_token(idp: DemoIdp, store: KeyringStore):
    # Cancelled after the server rotated the token, the refresh would leave a spent
    # token in the store, and the next process to present it would lose the grant.
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    first = await stored_token(idp, store)
    idp.inject_fault(TOKEN, delay=0.3)  # the real answer, a little late
    refresh = asyncio.ensure_future(window.refresh_now())
    await wait_until(lambda: idp.pending_faults(TOKEN) == 0, 5, "the refresh to reach the server")

    await window.aclose()

    assert first is not None
    await wait_until(lambda: not idp.is_refresh_token_active(first), 5, "the rotation")
    token = await stored_token(idp, store)
    assert token is not None and idp.is_refresh_token_active(token)
    refresh.cancel()
    await asyncio.gather(refresh, return_exceptions=True)
