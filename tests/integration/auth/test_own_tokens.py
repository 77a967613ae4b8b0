"""A session knows its own refresh tokens (issue 17, item 1).

A save that failed leaves an older token of ours in the keyring. Taking it for
"another process renewed the sign-in" presents a spent token (the provider
revokes the whole grant) or, when the stored one is someone else's, sends our
requests as that person. The embedded server rotates refresh tokens and revokes
the family on reuse, as Auth0 does; the keyring is the real Secret Service,
locked for real where it can be, and refusing writes through
:class:`~tests.support.keyring_faults.FailingWrites` where it cannot.
"""

from __future__ import annotations

import os

import jwt
import pytest

from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, REQUIRED_ROLE, DemoIdp
from gui.errors import IdentityChanged, NotSignedIn
from tests.support.auth import make_session, sign_in_as
from tests.support.keyring_faults import FailingWrites
from tests.support.secret_service import locked_keyring

NOT_REMEMBERED = "will not be remembered"


def subject_of(access_token: str) -> str:
    """Whose requests this bearer token makes (the claim the gateway reads)."""
    return jwt.decode(access_token, options={"verify_signature": False})["sub"]


async def stored_token(idp: DemoIdp, store: KeyringStore) -> str | None:
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    return stored.refresh_token if stored else None


async def test_a_failed_save_is_retried_before_the_next_refresh(
    idp: DemoIdp, store: KeyringStore, failing_writes: FailingWrites
):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    spent = await stored_token(idp, store)

    failing_writes.fail(1)
    await window.refresh_now()  # the provider rotated the token; saving the new one failed
    assert failing_writes.refused == 1
    assert await stored_token(idp, store) == spent  # the keyring still holds the spent one
    assert not window.remembered
    assert window.store_warning is not None and NOT_REMEMBERED in window.store_warning

    await window.refresh_now()  # must present its own token, not the spent one it stored

    assert idp.reuse_count() == 0
    assert window.signed_in and window.remembered and window.store_warning is None
    now = await stored_token(idp, store)
    assert now is not None and now != spent and idp.is_refresh_token_active(now)


async def test_a_keyring_that_keeps_refusing_leaves_the_sign_in_in_memory(
    idp: DemoIdp, store: KeyringStore, failing_writes: FailingWrites
):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    spent = await stored_token(idp, store)

    failing_writes.fail(None)
    for _ in range(3):
        token = await window.refresh_now()

    assert idp.reuse_count() == 0
    assert subject_of(token) == "demo|alice"
    assert window.signed_in and not window.remembered
    assert window.store_warning is not None and NOT_REMEMBERED in window.store_warning
    assert failing_writes.refused >= 3  # every rotation was offered to the keyring again
    assert await stored_token(idp, store) == spent

    failing_writes.heal()
    await window.refresh_now()
    assert window.remembered and idp.reuse_count() == 0


async def test_a_sign_in_the_keyring_could_not_save_is_not_swapped_for_the_stored_one(
    idp: DemoIdp, store: KeyringStore, monkeypatch: pytest.MonkeyPatch
):
    # Alice is remembered; Bob signs in on a window whose keyring is locked; the keyring
    # comes back. The window says Bob: its requests must go out as Bob, not as Alice.
    idp.set_roles("bob", (REQUIRED_ROLE,))
    alice = make_session(idp, store)
    await sign_in_as(alice, idp, "alice")
    await alice.aclose()

    unlocked = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    with locked_keyring() as locked:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", locked)
        window = make_session(idp, store)
        assert await window.resume() is None
        assert window.store_warning is not None and "locked" in window.store_warning
        bob = await sign_in_as(window, idp, "bob")
        assert bob.subject == "demo|bob" and not window.remembered
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", unlocked)  # the keyring is back

    token = await window.refresh_now()

    assert subject_of(token) == "demo|bob"
    assert window.identity is not None and window.identity.subject == "demo|bob"
    assert window.remembered and idp.reuse_count() == 0
    # What the keyring now remembers is Bob's sign-in: a new process resumes as Bob.
    later = make_session(idp, store)
    resumed = await later.resume()
    assert resumed is not None and resumed.subject == "demo|bob"
    await later.aclose()
    await window.aclose()


async def test_a_refresh_that_comes_back_as_someone_else_stops_and_asks_to_sign_in(
    idp: DemoIdp, store: KeyringStore
):
    idp.set_roles("bob", (REQUIRED_ROLE,))
    window = make_session(idp, store)
    await sign_in_as(window, idp, "bob")
    other: AuthSession = make_session(idp, store)  # another process, a real second sign-in
    await sign_in_as(other, idp, "alice")

    with pytest.raises(IdentityChanged) as caught:
        await window.refresh_now()

    assert "sign in again" in caught.value.message.lower()
    assert not window.signed_in
    with pytest.raises(NotSignedIn):
        await window.access_token()
    # Alice's sign-in is intact: her process goes on with the token the window rotated.
    token = await other.refresh_now()
    assert subject_of(token) == "demo|alice" and idp.reuse_count() == 0
    await other.aclose()
    await window.aclose()
