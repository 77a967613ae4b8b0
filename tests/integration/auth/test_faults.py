"""Faults at each endpoint: the right message, and a stored sign-in survives.

The embedded server's fault injection gives canned answers (503, 429, a slow
answer, a dropped connection, a non-JSON body) from the real HTTP server.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.config import Profile
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.errors import NetworkError, ProtocolError
from tests.support.auth import make_session, profile_for, raw_entry, sign_in_as

DISCOVERY = "/.well-known/openid-configuration"
JWKS = "/.well-known/jwks.json"
DEVICE = "/oauth/device/code"
TOKEN = "/oauth/token"
REVOKE = "/oauth/revoke"
# The client's HTTP timeout: long enough that a loaded machine's loopback answer is never
# mistaken for a timeout, well under the "timeout" fault's delay.
CLIENT_TIMEOUT = 1.5

FAULTS = {
    "503": ({"status": 503, "body": b'{"error":"server_error"}'}, NetworkError, "HTTP 503"),
    "429": ({"status": 429, "body": b'{"message":"slow down"}'}, NetworkError, "rate limiting"),
    "timeout": ({"delay": 4.0, "status": 200, "body": b"{}"}, NetworkError, "did not answer"),
    "not json": ({"status": 200, "body": b"<html>portal</html>"}, ProtocolError, "not JSON"),
    "dropped": ({"close_connection": True}, NetworkError, "Cannot connect"),
    "html": (
        {"status": 502, "body": b"<html>Bad gateway</html>", "content_type": "text/html"},
        NetworkError,
        "HTTP 502",
    ),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("fault", FAULTS)
async def test_refresh_faults_keep_the_stored_sign_in(
    idp: DemoIdp, store: KeyringStore, fault: str
):
    await sign_in_as(make_session(idp, store), idp)
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    options, error, message = FAULTS[fault]
    idp.inject_fault(TOKEN, count=10, **options)
    fresh = make_session(idp, store, timeout=CLIENT_TIMEOUT)
    with pytest.raises(error, match=message):
        await fresh.resume()
    after = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert after == stored and stored is not None
    assert idp.is_refresh_token_active(stored.refresh_token)
    idp.clear_faults()
    assert (await make_session(idp, store).resume()) is not None


async def test_a_refresh_that_fails_while_the_token_is_valid_keeps_working(
    idp: DemoIdp, store: KeyringStore
):
    session = make_session(idp, store, refresh_margin=10**6)
    await sign_in_as(session, idp)
    current = session._access
    idp.inject_fault(TOKEN, status=503, body=b"{}", count=5)
    assert current is not None and await session.access_token() == current.value


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("path", [DISCOVERY, DEVICE])
async def test_faults_before_the_code_is_shown(
    idp: DemoIdp, store: KeyringStore, fault: str, path: str
):
    options, error, message = FAULTS[fault]
    idp.inject_fault(path, count=10, **options)
    session = make_session(idp, store, timeout=CLIENT_TIMEOUT, sleep=_no_wait)
    with pytest.raises(error) as caught:
        await session.start_sign_in()
    assert message in caught.value.message
    assert idp.issuer.split("//")[1].rstrip("/") in caught.value.message


async def test_polling_rides_out_transient_faults(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store, timeout=CLIENT_TIMEOUT)
    code = await session.start_sign_in()
    idp.inject_fault(TOKEN, status=503, body=b"busy", content_type="text/plain", count=2)
    idp.inject_fault(TOKEN, close_connection=True, count=1)
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    idp.approve(code.user_code, "alice")
    identity = await asyncio.wait_for(waiting, 20)
    assert identity.name == "Alice Example"


async def test_jwks_failure_is_reported(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store, timeout=CLIENT_TIMEOUT)
    code = await session.start_sign_in()
    idp.inject_fault(JWKS, status=503, body=b"{}", count=10)
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    idp.approve(code.user_code, "alice")
    with pytest.raises(NetworkError, match="HTTP 503"):
        await asyncio.wait_for(waiting, 10)


async def test_revocation_failure_still_forgets_and_says_so(idp: DemoIdp, store: KeyringStore):
    session = make_session(idp, store, timeout=CLIENT_TIMEOUT)
    await sign_in_as(session, idp)
    idp.inject_fault(REVOKE, close_connection=True, count=3)
    outcome = await session.sign_out()
    assert not outcome.revoked
    assert outcome.note and "revoke" in outcome.note
    assert raw_entry(idp) is None


async def test_a_refused_connection_names_the_host(store: KeyringStore):
    port = free_port()
    profile = Profile(issuer=f"http://127.0.0.1:{port}/", client_id=DEMO_CLIENT_ID)
    session = AuthSession(profile, store=store, http=HttpClient(timeout=1), sleep=_no_wait)
    with pytest.raises(NetworkError, match=f"127.0.0.1:{port}"):
        await session.start_sign_in()


async def test_resume_when_the_provider_is_down_keeps_the_sign_in(store: KeyringStore):
    with DemoIdp(interval=0) as idp:
        await sign_in_as(make_session(idp, store), idp)
        profile = profile_for(idp)
    # The server is gone now: the refresh fails for a network reason.
    session = AuthSession(profile, store=store, http=HttpClient(timeout=1))
    with pytest.raises(NetworkError):
        await session.resume()
    assert await store.load(profile.issuer, DEMO_CLIENT_ID) is not None
    await store.delete(profile.issuer, DEMO_CLIENT_ID)


async def _no_wait(_seconds: float) -> None:
    return None
