"""The keyring store against the real Secret Service, and its typed failures."""

from __future__ import annotations

import threading

import keyring
import keyring.backend
import keyring.errors
import pytest
from jaraco.classes import properties

from gui.auth.session import AuthSession
from gui.auth.store import CHUNK, SERVICE, KeyringStore, MemoryStore, StoredSignIn, account
from gui.config import Profile
from gui.demo.idp import DemoIdp
from gui.errors import StoreError
from tests.support.auth import make_session, sign_in_as

ISSUER = "https://login.example.com/"
CLIENT = "client-1"


@pytest.fixture
async def store():
    real = KeyringStore()
    yield real
    await real.delete(ISSUER, CLIENT)


async def test_round_trip_in_the_real_secret_service(store: KeyringStore):
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    await store.save(ISSUER, CLIENT, StoredSignIn("rt-short"))
    assert await store.load(ISSUER, CLIENT) == StoredSignIn("rt-short")
    await store.delete(ISSUER, CLIENT)
    assert await store.load(ISSUER, CLIENT) is None
    await store.delete(ISSUER, CLIENT)  # quiet when absent


@pytest.mark.parametrize("length", [CHUNK * 3 + 17, 5000])
async def test_long_tokens_are_split_not_truncated(store: KeyringStore, length: int):
    token = "x" * (length - 1) + "!"
    await store.save(ISSUER, CLIENT, StoredSignIn(token))
    head = keyring.get_password(SERVICE, account(ISSUER, CLIENT))
    assert head is not None and len(head) <= CHUNK
    loaded = await store.load(ISSUER, CLIENT)
    assert loaded is not None and loaded.refresh_token == token
    # Replacing a long value with a short one leaves no stray parts behind.
    await store.save(ISSUER, CLIENT, StoredSignIn("short"))
    assert keyring.get_password(SERVICE, account(ISSUER, CLIENT) + "#1") is None
    assert await store.load(ISSUER, CLIENT) == StoredSignIn("short")


@pytest.mark.parametrize(
    ("head", "parts"),
    [
        ("not json at all", {}),
        ('{"v": 1}', {}),
        ('{"v": 1, "parts": 2, "sha256": "00"}', {"#1": "a", "#2": "b"}),
        ('{"v": 1, "parts": 2, "sha256": "00"}', {"#1": "a"}),
        ('{"v": 1, "parts": 9999}', {}),
    ],
)
async def test_a_corrupt_entry_is_a_typed_error(store: KeyringStore, head: str, parts: dict):
    name = account(ISSUER, CLIENT)
    keyring.set_password(SERVICE, name, head)
    for suffix, value in parts.items():
        keyring.set_password(SERVICE, name + suffix, value)
    try:
        with pytest.raises(StoreError, match="Sign in again"):
            await store.load(ISSUER, CLIENT)
    finally:
        for suffix in parts:
            keyring.delete_password(SERVICE, name + suffix)


class _Failing(keyring.backend.KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # Not viable: keyring registers every subclass as a candidate backend,
        # and a viable test double would be chained in front of the real one.
        raise RuntimeError("test double, installed only by the fixture")

    def __init__(self, exc: Exception) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service: str, username: str) -> str | None:
        raise self.exc

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.exc

    def delete_password(self, service: str, username: str) -> None:
        raise self.exc


class _Stuck(_Failing):
    def __init__(self) -> None:
        super().__init__(RuntimeError("unused"))
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)  # an unlock prompt nobody answers
        return None

    set_password = get_password  # type: ignore[assignment]


@pytest.fixture
def backend():
    """Swap the keyring backend for a fault we cannot provoke in the real one."""
    original = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(original)


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (keyring.errors.NoKeyringError("no backend"), "No system keyring is available"),
        (keyring.errors.KeyringLocked("locked"), "locked"),
        (keyring.errors.InitError("cannot unlock"), "locked"),
        (OSError("dbus went away"), "refused"),
    ],
)
async def test_keyring_failures_are_typed_and_say_it_will_not_remember(backend, exc, message):
    backend(_Failing(exc))
    store = KeyringStore()
    for call in (store.load(ISSUER, CLIENT), store.save(ISSUER, CLIENT, StoredSignIn("secret-rt"))):
        with pytest.raises(StoreError, match=message) as caught:
            await call
        assert "will not be remembered" in caught.value.message
        assert "secret-rt" not in caught.value.message


async def test_a_keyring_that_never_answers_times_out(backend):
    stuck = _Stuck()
    backend(stuck)
    try:
        with pytest.raises(StoreError, match="did not answer"):
            await KeyringStore(timeout=0.3).load(ISSUER, CLIENT)
    finally:
        stuck.release.set()


async def test_sign_in_works_without_a_keyring_and_says_so(backend):
    with DemoIdp(interval=0) as idp:
        backend(_Failing(keyring.errors.NoKeyringError("none")))
        session = make_session(idp, KeyringStore())
        identity = await sign_in_as(session, idp)
        assert identity.name == "Alice Example"
        assert session.signed_in and not session.remembered
        assert session.store_warning and "will not be remembered" in session.store_warning
        assert await session.access_token()


async def test_memory_store_round_trip():
    store = MemoryStore()
    await store.save(ISSUER, CLIENT, StoredSignIn("rt"))
    assert await store.load(ISSUER, CLIENT) == StoredSignIn("rt")
    await store.delete(ISSUER, CLIENT)
    await store.delete(ISSUER, CLIENT)
    assert await store.load(ISSUER, CLIENT) is None


async def test_resume_with_a_broken_keyring_is_not_signed_in(backend):
    backend(_Failing(keyring.errors.KeyringLocked("locked")))
    session = AuthSession(Profile(issuer=ISSUER, client_id=CLIENT), store=KeyringStore())
    assert await session.resume() is None
    assert session.store_warning and "locked" in session.store_warning
