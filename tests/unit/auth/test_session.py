"""gui/auth/session.py without a provider: what a session does before anyone signs in.

The issuer is a loopback port nothing listens on, so any call that reached for the
network would fail with NetworkError: these tests prove those paths stay local.
The flows with a provider are in tests/integration/auth/.
"""

from __future__ import annotations

import pytest

from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore, StoredSignIn
from gui.config import Profile
from gui.errors import ConfigError, NetworkError, NotSignedIn, SessionExpired
from tests.support.http_server import refused_port


@pytest.fixture
def profile() -> Profile:
    return Profile(issuer=f"http://127.0.0.1:{refused_port()}/", client_id="cid")


def test_a_session_needs_a_provider_and_a_client() -> None:
    with pytest.raises(ConfigError, match="OIDC_ISSUER or AUTH0_DOMAIN"):
        AuthSession(Profile(), store=MemoryStore())
    with pytest.raises(ConfigError, match="AUTH0_CLIENT_ID"):
        AuthSession(Profile(issuer="https://login.example.com/"), store=MemoryStore())


async def test_before_sign_in_there_is_no_token(profile: Profile) -> None:
    session = AuthSession(profile, store=MemoryStore())
    assert not session.signed_in and not session.remembered
    with pytest.raises(NotSignedIn):
        await session.access_token()
    with pytest.raises(SessionExpired):
        await session.refresh_now()
    await session.aclose()


async def test_resume_with_nothing_stored_asks_no_one(profile: Profile) -> None:
    session = AuthSession(profile, store=MemoryStore())
    assert await session.resume() is None
    assert session.store_warning is None
    await session.aclose()


async def test_sign_out_with_nothing_stored_is_quiet(profile: Profile) -> None:
    outcome = await AuthSession(profile, store=MemoryStore()).sign_out()
    assert (outcome.was_signed_in, outcome.revoked, outcome.note) == (False, False, None)


async def test_resume_with_the_provider_down_keeps_the_stored_sign_in(profile: Profile) -> None:
    store = MemoryStore()
    await store.save(profile.issuer, profile.client_id, StoredSignIn("rt-kept"))
    session = AuthSession(profile, store=store)
    with pytest.raises(NetworkError) as caught:
        await session.resume()
    assert "rt-kept" not in caught.value.message
    assert await store.load(profile.issuer, profile.client_id) == StoredSignIn("rt-kept")
    assert not session.signed_in
    await session.aclose()


async def test_sign_out_without_the_provider_still_forgets_and_says_why(profile: Profile) -> None:
    store = MemoryStore()
    await store.save(profile.issuer, profile.client_id, StoredSignIn("rt-to-forget"))
    outcome = await AuthSession(profile, store=store).sign_out()
    assert outcome.was_signed_in and not outcome.revoked
    assert outcome.note and outcome.note.startswith("Could not reach the provider to revoke")
    assert "rt-to-forget" not in outcome.note
    assert await store.load(profile.issuer, profile.client_id) is None
