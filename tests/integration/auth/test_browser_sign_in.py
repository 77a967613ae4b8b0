"""Browser sign-in end to end against the embedded server, the test playing the browser.

The session listens on its loopback port; the test follows the authorization URL with an
HTTP client, signs in on the demo page as Alice (or Bob), allows or denies, and follows the
redirect back to the app's port. Tokens are stored in the real keyring.
"""

from __future__ import annotations

import asyncio

import jwt
import pytest

from gui.auth.browser_flow import BrowserSignIn
from gui.auth.http import HttpClient
from gui.auth.loopback import PortTaken
from gui.auth.oidc import SignInRequest
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore, MemoryStore
from gui.auth.tokens import Identity
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DENIAL_MESSAGE, DemoIdp
from gui.errors import AccessDenied, AuthError, BrowserSignInTimedOut
from tests.support import browser
from tests.support.auth import profile_for, sign_in_as


def browser_session(idp: DemoIdp, store=None, **kwargs) -> AuthSession:
    return AuthSession(
        profile_for(idp), store=store or MemoryStore(), http=HttpClient(timeout=5), **kwargs
    )


async def alice_in_the_browser(
    session: AuthSession, pending: BrowserSignIn | None = None
) -> Identity:
    """Alice signs in on the demo page (``pending``: a browser sign-in already started)."""
    pending = pending or await session.start_browser_sign_in()
    waiting = asyncio.ensure_future(session.wait_for_browser(pending))
    await asyncio.to_thread(browser.play, pending.url, "alice")
    return await asyncio.wait_for(waiting, 10)


async def test_signing_in_in_the_browser_stores_the_sign_in(idp: DemoIdp, store: KeyringStore):
    session = browser_session(idp, store)
    try:
        pending = await session.start_browser_sign_in()
        waiting = asyncio.ensure_future(session.wait_for_browser(pending))
        visit = await asyncio.to_thread(browser.play, pending.url, "alice")
        identity = await asyncio.wait_for(waiting, 10)
    finally:
        await session.aclose()
    assert identity.name == "Alice Example" and identity.subject == "demo|alice"
    assert visit.status == 200 and "You can close this tab" in visit.page
    assert visit.callback.startswith(pending.redirect_uri + "?")
    # Kept exactly as the device flow's: the refresh token in the keyring, resumable.
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert stored is not None and idp.is_refresh_token_active(stored.refresh_token)
    again = browser_session(idp, store)
    try:
        assert (await again.resume()) == identity
    finally:
        await again.aclose()


async def test_sign_in_with_browser_opens_the_link_and_waits(idp: DemoIdp):
    session = browser_session(idp)
    opened: list[str] = []

    def opener(url: str) -> None:
        opened.append(url)
        asyncio.get_running_loop().run_in_executor(None, browser.play, url, "alice")

    try:
        identity = await asyncio.wait_for(session.sign_in_with_browser(opener), 10)
    finally:
        await session.aclose()
    assert identity.email == "alice@example.com"
    assert len(opened) == 1 and opened[0].startswith(f"{idp.issuer}authorize?")


async def test_a_forged_state_is_refused(idp: DemoIdp):
    session = browser_session(idp)
    try:
        pending = await session.start_browser_sign_in()
        waiting = asyncio.ensure_future(session.wait_for_browser(pending))
        location = await asyncio.to_thread(browser.answer, pending.url, "alice")
        forged = browser.with_query(location, state="someone-elses-state")
        visit = await asyncio.to_thread(browser.follow, forged)
        with pytest.raises(AuthError, match="state did not match") as caught:
            await asyncio.wait_for(waiting, 10)
        assert not session.signed_in
    finally:
        await session.aclose()
    assert visit.status == 400 and "does not belong to the sign-in" in visit.page
    assert "someone-elses-state" not in caught.value.message


@pytest.mark.parametrize(
    ("user", "action", "reason"),
    [("alice", "deny", "User did not authorize the request"), ("bob", "allow", DENIAL_MESSAGE)],
    ids=["consent denied", "role missing"],
)
async def test_a_denied_sign_in_says_why_in_one_line(
    idp: DemoIdp, user: str, action: str, reason: str
):
    session = browser_session(idp)
    try:
        pending = await session.start_browser_sign_in()
        waiting = asyncio.ensure_future(session.wait_for_browser(pending))
        visit = await asyncio.to_thread(browser.play, pending.url, user, action)
        with pytest.raises(AccessDenied) as caught:
            await asyncio.wait_for(waiting, 10)
    finally:
        await session.aclose()
    assert caught.value.reason == reason
    assert "\n" not in caught.value.message
    assert visit.status == 400 and reason in visit.page


async def test_a_closed_browser_times_out_with_a_clear_message(idp: DemoIdp):
    session = browser_session(idp, browser_timeout=0.5)
    try:
        pending = await session.start_browser_sign_in()
        # The person opens the page, then closes the tab: nothing comes back.
        await asyncio.to_thread(browser.consent_page, pending.url)
        with pytest.raises(BrowserSignInTimedOut, match=r"did not come back within 0\.5 s"):
            await session.wait_for_browser(pending)
    finally:
        await session.aclose()
    assert not session.signed_in


async def test_a_taken_port_gives_way_to_another(idp: DemoIdp, taken_port: int):
    session = browser_session(idp, redirect_port=0)
    metadata = await session.metadata()
    asked = SignInRequest(client_id=DEMO_CLIENT_ID, scopes="openid")
    pending = await BrowserSignIn(session.http, metadata, asked, port=taken_port).start()
    try:
        assert f":{taken_port}/" not in pending.redirect_uri
        assert (await alice_in_the_browser(session, pending)).subject == "demo|alice"
    finally:
        await session.aclose()


async def test_a_taken_fixed_port_is_a_clear_error(
    idp: DemoIdp, taken_port: int, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("AGENTCORE_REDIRECT_PORT", str(taken_port))
    session = browser_session(idp)
    try:
        assert session.redirect_port == taken_port
        with pytest.raises(PortTaken, match=f"Port {taken_port} .*AGENTCORE_REDIRECT_PORT"):
            await session.start_browser_sign_in()
    finally:
        await session.aclose()


async def test_extra_scopes_are_asked_for_in_the_next_sign_in(idp: DemoIdp):
    session = browser_session(idp)
    assert session.ask_for_scopes("tickets:admin invoke:mcp")  # invoke:mcp: already asked
    assert not session.ask_for_scopes("tickets:admin")
    try:
        pending = await session.start_browser_sign_in()
        await alice_in_the_browser(session, pending)
        token = await session.access_token()
    finally:
        await session.aclose()
    assert browser.with_query(pending.url).count("tickets%3Aadmin") == 1
    scopes = jwt.decode(token, options={"verify_signature": False})["scope"].split()
    assert "tickets:admin" in scopes and "invoke:mcp" in scopes


async def test_the_gateway_is_named_as_resource_when_the_provider_advertises_it(idp: DemoIdp):
    gateway_url = "http://127.0.0.1:9/mcp"
    idp.protect_resource(gateway_url)
    session = AuthSession(
        profile_for(idp, gateway_url=gateway_url), store=MemoryStore(), http=HttpClient(timeout=5)
    )
    try:
        pending = await session.start_browser_sign_in()
        await alice_in_the_browser(session, pending)
        first = await session.access_token()
        renewed = await session.refresh_now()  # the refresh names it too, and is accepted
    finally:
        await session.aclose()
    assert "resource=http%3A%2F%2F127.0.0.1%3A9%2Fmcp" in pending.url
    for token in (first, renewed):
        audiences = jwt.decode(token, options={"verify_signature": False})["aud"]
        assert gateway_url in audiences


async def test_the_device_flow_names_the_gateway_as_resource_too(stack):
    """The demo stack's provider advertises its gateway (RFC 9728 protected_resources)."""
    session = AuthSession(stack.profile, store=MemoryStore(), http=HttpClient(timeout=5))
    try:
        await sign_in_as(session, stack.idp, "alice")
        metadata = await session.metadata()
        token = await session.access_token()
    finally:
        await session.aclose()
    assert metadata.protected_resources == (stack.gateway.url,)
    audiences = jwt.decode(token, options={"verify_signature": False})["aud"]
    assert stack.gateway.url in audiences and DEMO_AUDIENCE in audiences
