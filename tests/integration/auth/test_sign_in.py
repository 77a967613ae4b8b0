"""The sign-in core against the embedded server and the real Secret Service keyring."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time

import pytest

from gui.auth.store import KeyringStore, StoredSignIn
from gui.demo.idp import DEMO_CLIENT_ID, DENIAL_MESSAGE, REQUIRED_ROLE, DemoIdp
from gui.errors import AccessDenied, AccessRevoked, CodeExpired, SessionExpired
from tests.support.auth import (
    CountingHttp,
    approve_in_browser,
    assert_polling_stopped,
    cli_command,
    make_session,
    raw_entry,
    sign_in_as,
)
from tests.support.clock import FakeClock
from tests.support.waiting import wait_until


def cli(idp: DemoIdp, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the terminal command in a new process (it finds the keyring through the env)."""
    return subprocess.run(
        cli_command(idp, *args),
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


async def test_full_flow_signs_in_and_remembers_in_the_keyring(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store)
    identity = await sign_in_as(session, idp, "alice")
    assert identity.name == "Alice Example"
    assert "Alice Example" in identity.display
    assert session.signed_in and session.remembered
    token = await session.access_token()
    assert token.count(".") == 2  # a JWT, validated on the way in
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert stored is not None and idp.is_refresh_token_active(stored.refresh_token)
    entry = raw_entry(idp)
    assert entry is not None and token not in entry  # access tokens stay in memory


async def test_a_second_process_finds_the_sign_in_and_logout_revokes(
    idp: DemoIdp, store: KeyringStore
):
    await sign_in_as(make_session(idp, store), idp, "alice")

    status = await asyncio.to_thread(cli, idp, "status")
    assert status.returncode == 0, status.stderr
    assert "Signed in as Alice Example" in status.stdout

    logout = await asyncio.to_thread(cli, idp, "logout")
    assert logout.returncode == 0, logout.stderr
    assert "revoked" in logout.stdout
    assert idp.revocation_count() == 1
    assert raw_entry(idp) is None

    after = await asyncio.to_thread(cli, idp, "status")
    assert after.returncode == 1
    assert "Not signed in" in after.stdout


async def test_refresh_rotates_and_stores_the_new_token_first(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store)
    await sign_in_as(session, idp)
    first = await store.load(idp.issuer, DEMO_CLIENT_ID)
    old_access = await session.access_token()

    new_access = await session.refresh_now()

    second = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert first is not None and second is not None
    assert second.refresh_token != first.refresh_token
    assert not idp.is_refresh_token_active(first.refresh_token)
    assert idp.is_refresh_token_active(second.refresh_token)
    assert new_access != old_access


async def test_concurrent_callers_share_one_refresh(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store, refresh_margin=10**6)  # every call wants a refresh
    await sign_in_as(session, idp)
    before = await store.load(idp.issuer, DEMO_CLIENT_ID)
    # With rotation and reuse detection, two refreshes racing on one token would
    # revoke the family and fail; all twenty succeeding means one refresh ran.
    tokens = await asyncio.gather(*(session.access_token() for _ in range(20)))
    assert len(set(tokens)) == 1
    after = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert after is not None and before is not None
    assert after.refresh_token != before.refresh_token
    assert idp.is_refresh_token_active(after.refresh_token)


async def test_an_expiring_access_token_is_refreshed_silently(store: KeyringStore):
    with DemoIdp(interval=0, access_token_ttl=3) as idp:
        clock = FakeClock(time.time())  # the session's clock: stepped, not waited for
        session = make_session(idp, store, refresh_margin=2, clock=clock)
        await sign_in_as(session, idp)
        first = await session.access_token()
        assert await session.access_token() == first  # 3 s left: more than the margin
        clock.advance(1.5)  # 1.5 s left: within the margin
        second = await session.access_token()
        assert second != first
        await store.delete(idp.issuer, DEMO_CLIENT_ID)


async def test_resume_in_a_new_session(idp: DemoIdp, store: KeyringStore):
    await sign_in_as(make_session(idp, store), idp, "alice")
    fresh = make_session(idp, store)
    identity = await fresh.resume()
    assert identity is not None and identity.name == "Alice Example"
    assert fresh.remembered


async def test_resume_with_nothing_stored_returns_none(idp: DemoIdp, store: KeyringStore):
    assert await make_session(idp, store).resume() is None


async def test_user_without_the_role_is_denied_with_the_providers_reason(
    idp: DemoIdp, store: KeyringStore
):
    session = make_session(idp, store)
    with pytest.raises(AccessDenied) as caught:
        await sign_in_as(session, idp, "bob")
    assert caught.value.reason == DENIAL_MESSAGE
    assert DENIAL_MESSAGE in caught.value.message
    assert not session.signed_in
    assert raw_entry(idp) is None


async def test_denying_on_the_page_stops_the_flow(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store)
    code = await session.start_sign_in()
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    await asyncio.to_thread(approve_in_browser, idp, code.user_code, "alice", "deny")
    with pytest.raises(AccessDenied):
        await asyncio.wait_for(waiting, 10)


async def test_an_unapproved_code_expires(store: KeyringStore):
    clock = FakeClock()  # the server's clock: its ten minutes pass at once
    http = CountingHttp()
    with DemoIdp(interval=0, clock=clock) as idp:
        session = make_session(idp, store, http=http)
        code = await session.start_sign_in()
        waiting = asyncio.ensure_future(session.wait_for_approval(code))
        await wait_until(lambda: http.token_posts >= 2, 10, "pending polls")
        assert not waiting.done()
        clock.advance(code.expires_in + 1)
        with pytest.raises(CodeExpired, match="expired"):
            await asyncio.wait_for(waiting, 10)


async def test_cancelling_stops_polling(idp: DemoIdp, store: KeyringStore):
    http = CountingHttp()
    session = make_session(idp, store, http=http)
    code = await session.start_sign_in()
    task = asyncio.ensure_future(session.wait_for_approval(code))
    await wait_until(lambda: http.token_posts >= 3, 10, "a few polls")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await assert_polling_stopped(http, idp)
    # Approved after the cancel, the code is never exchanged: nobody is polling for it.
    idp.approve(code.user_code, "alice")
    await assert_polling_stopped(http, idp)
    assert not session.signed_in


async def test_role_removed_means_access_revoked_and_the_token_is_kept(
    idp: DemoIdp, store: KeyringStore
):
    await sign_in_as(make_session(idp, store), idp, "alice")
    idp.set_roles("alice", ())
    fresh = make_session(idp, store)
    with pytest.raises(AccessRevoked, match=DENIAL_MESSAGE):
        await fresh.resume()
    assert raw_entry(idp) is not None  # not "invalid": the role may come back
    idp.set_roles("alice", (REQUIRED_ROLE,))
    assert (await make_session(idp, store).resume()) is not None


async def test_an_invalid_refresh_token_means_sign_in_again_and_is_forgotten(
    idp: DemoIdp, store: KeyringStore
):
    session = make_session(idp, store)
    await sign_in_as(session, idp)
    await make_session(idp, store).sign_out()  # revoked elsewhere
    await store.save(idp.issuer, DEMO_CLIENT_ID, StoredSignIn("revoked-or-unknown"))
    with pytest.raises(SessionExpired, match="sign in again"):
        await make_session(idp, store).resume()
    assert raw_entry(idp) is None


async def test_sign_out_revokes_then_forgets(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store)
    await sign_in_as(session, idp)
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    outcome = await session.sign_out()
    assert outcome.revoked and outcome.was_signed_in
    assert idp.revocation_count() == 1
    assert stored is not None and not idp.is_refresh_token_active(stored.refresh_token)
    assert raw_entry(idp) is None
    assert not session.signed_in


async def test_the_stored_value_holds_only_the_refresh_token(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store)
    await sign_in_as(session, idp)
    entry = json.loads(raw_entry(idp) or "{}")
    assert set(entry) == {"v", "refresh_token"}
