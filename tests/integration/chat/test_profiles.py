"""Two profiles, two people, one tenant, client and gateway, at once (issue 19).

The real keyring and the embedded servers: each profile keeps its own sign-in, a call
under each reaches the gateway as its own user (the demo calendar answers with the
caller's ``sub``, after that user's own consent), and signing out of one leaves the
other. Bob lacks the gateway role in the demo; he is given it through the sign-in
server's public ``set_roles``, as an administrator would.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import keyring
import pytest

from gui.auth.store import SERVICE, KeyringStore, account
from gui.config import load_profile
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, REQUIRED_ROLE
from gui.demo.stack import DemoStack
from gui.errors import ConsentRequired
from gui.gateway.client import GatewayClient
from gui.services import AppServices
from tests.support.auth import sign_in_as
from tests.support.consent import visit_consent_page


def two_profiles(stack: DemoStack, path: Path) -> Path:
    """Alice's is the file's top level (the default profile), Bob's ``[profiles.bob]``."""
    same = (
        f'issuer = "{stack.idp.issuer}"\nclient_id = "{DEMO_CLIENT_ID}"\n'
        f'audience = "{DEMO_AUDIENCE}"\ngateway_url = "{stack.profile.gateway_url}"\n'
        'model = "offline"\n'
    )
    path.write_text(same + "\n[profiles.bob]\n" + same, encoding="utf-8")
    return path


@pytest.fixture
async def services(stack: DemoStack, tmp_path: Path) -> AsyncIterator[AppServices]:
    stack.idp.set_roles("bob", (REQUIRED_ROLE,))
    config = two_profiles(stack, tmp_path / "config.toml")
    yield AppServices(
        store=KeyringStore(), config_path=config, poll_margin=0.02, history_path=tmp_path / "h"
    )
    store = KeyringStore()
    for name in ("default", "bob"):
        await store.delete(stack.idp.issuer, DEMO_CLIENT_ID, profile=name)


async def whose_calendar(services: AppServices, name: str, auth: object) -> str:
    """Call the calendar as this profile, consenting for its user first: the owner's ``sub``."""
    profile = load_profile(services.config_path, environ={}, overrides={"profile": name})
    client = GatewayClient(profile.gateway_url, auth)  # type: ignore[arg-type]
    try:
        with pytest.raises(ConsentRequired) as asked:  # each user consents for themself
            await client.call_tool("calendar___listEvents")
        await asyncio.to_thread(visit_consent_page, asked.value.url, "allow")
        result = await client.call_tool("calendar___listEvents")
        assert result.structured is not None
        return str(result.structured["owner"])
    finally:
        await client.aclose()


async def test_two_profiles_are_two_people_signed_in_at_once(
    services: AppServices, stack: DemoStack
):
    issuer = stack.idp.issuer
    alice_profile = load_profile(services.config_path, environ={})
    bob_profile = load_profile(services.config_path, environ={}, overrides={"profile": "bob"})
    assert (alice_profile.name, bob_profile.name) == ("default", "bob")
    alice = services.auth_session(alice_profile)
    bob = services.auth_session(bob_profile)
    try:
        assert (await sign_in_as(alice, stack.idp, "alice")).name == "Alice Example"
        assert (await sign_in_as(bob, stack.idp, "bob")).name == "Bob Example"
        # Two keyring entries; the default profile's under the key from before profiles.
        alice_entry = keyring.get_password(SERVICE, account(issuer, DEMO_CLIENT_ID))
        bob_entry = keyring.get_password(SERVICE, account(issuer, DEMO_CLIENT_ID, "bob"))
        assert alice_entry and bob_entry and alice_entry != bob_entry

        assert await whose_calendar(services, "default", alice) == "demo|alice"
        assert await whose_calendar(services, "bob", bob) == "demo|bob"
        assert alice.identity is not None and alice.identity.name == "Alice Example"
    finally:
        await alice.aclose()
        await bob.aclose()

    # A later run: both resume as themselves; Bob signs out, Alice stays signed in.
    bob_again = services.auth_session(bob_profile)
    try:
        assert (await bob_again.resume()).name == "Bob Example"  # type: ignore[union-attr]
        outcome = await bob_again.sign_out()
        assert outcome.was_signed_in and outcome.revoked
    finally:
        await bob_again.aclose()
    alice_again = services.auth_session(alice_profile)
    bob_later = services.auth_session(bob_profile)
    try:
        assert (await alice_again.resume()).name == "Alice Example"  # type: ignore[union-attr]
        assert await bob_later.resume() is None
    finally:
        await alice_again.aclose()
        await bob_later.aclose()
    assert keyring.get_password(SERVICE, account(issuer, DEMO_CLIENT_ID, "bob")) is None
