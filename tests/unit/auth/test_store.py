"""gui/auth/store.py without a keyring: keys, the in-memory store, what is never shown.

The keyring itself (round trips, long values, locked and missing keyrings) is tested
against the real Secret Service in tests/integration/auth/test_store.py.
"""

from __future__ import annotations

import pytest

from gui.auth.store import (
    CHUNK,
    MAX_PARTS,
    KeyringStore,
    MemoryStore,
    StoredSignIn,
    account,
    for_profile,
)
from gui.errors import StoreError

ISSUER = "https://login.example.com/"


@pytest.mark.parametrize("issuer", [ISSUER, ISSUER.rstrip("/")])
def test_the_account_is_issuer_and_client(issuer: str) -> None:
    assert account(issuer, "cid") == "https://login.example.com|cid"


def test_the_refresh_token_is_not_in_the_repr() -> None:
    assert "secret-rt" not in repr(StoredSignIn("secret-rt"))


async def test_memory_store_keeps_each_profile_apart() -> None:
    store = MemoryStore()
    await store.save(ISSUER, "a", StoredSignIn("rt-a"))
    await store.save(ISSUER, "b", StoredSignIn("rt-b"))
    await store.save("https://other.example.com/", "a", StoredSignIn("rt-other"))
    assert await store.load(ISSUER, "a") == StoredSignIn("rt-a")
    assert await store.load(ISSUER.rstrip("/"), "b") == StoredSignIn("rt-b")
    await store.delete(ISSUER, "a")
    await store.delete(ISSUER, "a")  # quiet when absent
    assert await store.load(ISSUER, "a") is None
    assert await store.load("https://other.example.com/", "a") == StoredSignIn("rt-other")


async def test_a_sign_in_too_large_for_the_keyring_is_refused_before_writing() -> None:
    # Refused by size alone: no keyring call is made (none would be reachable here).
    huge = StoredSignIn("x" * (CHUNK * (MAX_PARTS + 1)))
    with pytest.raises(StoreError, match="too large"):
        await KeyringStore(service="agentcore-chat-unit-test").save(ISSUER, "cid", huge)


def test_a_named_profile_has_its_own_account_and_default_keeps_the_old_one() -> None:
    # The default profile's key is the one from before profiles: nobody is signed out.
    assert account(ISSUER, "cid", "default") == account(ISSUER, "cid")
    assert account(ISSUER, "cid", "work") == "https://login.example.com|cid|profile=work"


async def test_two_profiles_on_one_tenant_and_client_are_two_sign_ins() -> None:
    store = MemoryStore()
    alice, bob = for_profile(store, "default"), for_profile(store, "bob")
    assert alice is store
    await alice.save(ISSUER, "cid", StoredSignIn("rt-alice"))
    await bob.save(ISSUER, "cid", StoredSignIn("rt-bob"))
    assert await alice.load(ISSUER, "cid") == StoredSignIn("rt-alice")
    assert await bob.load(ISSUER, "cid") == StoredSignIn("rt-bob")
    await bob.delete(ISSUER, "cid")
    assert await bob.load(ISSUER, "cid") is None
    assert await alice.load(ISSUER, "cid") == StoredSignIn("rt-alice")


def test_a_store_that_cannot_keep_profiles_apart_is_refused_for_a_named_one() -> None:
    class Plain:
        async def load(self, issuer: str, client_id: str) -> None:
            return None

    plain = Plain()
    assert for_profile(plain, "default") is plain  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot keep profiles apart"):
        for_profile(plain, "work")  # type: ignore[arg-type]
