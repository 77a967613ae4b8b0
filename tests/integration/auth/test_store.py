"""The keyring store against the real Secret Service, and its typed failures."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest
from jaraco.classes import properties

from gui.auth.session import AuthSession
from gui.auth.store import CHUNK, SERVICE, KeyringStore, MemoryStore, StoredSignIn, account
from gui.config import Profile
from gui.demo.idp import DemoIdp
from gui.errors import StoreError
from tests.support.auth import make_session, sign_in_as
from tests.support.secret_service import locked_keyring

ISSUER = "https://login.example.com/"
CLIENT = "client-1"


@pytest.fixture
async def clean_keyring() -> AsyncIterator[KeyringStore]:
    """The real keyring store; the entry these tests write (ISSUER, CLIENT) goes afterwards."""
    real = KeyringStore()
    yield real
    await real.delete(ISSUER, CLIENT)


async def test_round_trip_in_the_real_secret_service(clean_keyring: KeyringStore):
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    await clean_keyring.save(ISSUER, CLIENT, StoredSignIn("rt-short"))
    assert await clean_keyring.load(ISSUER, CLIENT) == StoredSignIn("rt-short")
    await clean_keyring.delete(ISSUER, CLIENT)
    assert await clean_keyring.load(ISSUER, CLIENT) is None
    await clean_keyring.delete(ISSUER, CLIENT)  # quiet when absent


@pytest.mark.parametrize("length", [CHUNK * 3 + 17, 5000])
async def test_long_tokens_are_split_not_truncated(clean_keyring: KeyringStore, length: int):
    token = "x" * (length - 1) + "!"
    await clean_keyring.save(ISSUER, CLIENT, StoredSignIn(token))
    head = keyring.get_password(SERVICE, account(ISSUER, CLIENT))
    assert head is not None and len(head) <= CHUNK
    loaded = await clean_keyring.load(ISSUER, CLIENT)
    assert loaded is not None and loaded.refresh_token == token
    # Replacing a long value with a short one leaves no stray parts behind.
    await clean_keyring.save(ISSUER, CLIENT, StoredSignIn("short"))
    assert keyring.get_password(SERVICE, account(ISSUER, CLIENT) + "#1") is None
    assert await clean_keyring.load(ISSUER, CLIENT) == StoredSignIn("short")


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
async def test_a_corrupt_entry_is_a_typed_error(
    clean_keyring: KeyringStore, head: str, parts: dict
):
    name = account(ISSUER, CLIENT)
    keyring.set_password(SERVICE, name, head)
    for suffix, value in parts.items():
        keyring.set_password(SERVICE, name + suffix, value)
    try:
        with pytest.raises(StoreError, match="Sign in again"):
            await clean_keyring.load(ISSUER, CLIENT)
    finally:
        for suffix in parts:
            keyring.delete_password(SERVICE, name + suffix)


class _Stuck(keyring.backend.KeyringBackend):
    """A keyring that never answers (an unlock prompt nobody answers): no real one can be
    made to hang on cue, so this one fault stays a test double."""

    @properties.classproperty
    def priority(cls) -> float:
        # Not viable: keyring registers every subclass as a candidate backend,
        # and a viable test double would be chained in front of the real one.
        raise RuntimeError("test double, installed only by the fixture")

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(10)


@pytest.fixture
def backend():
    """Swap the process's keyring backend; the real Secret Service one comes back after."""
    original = keyring.get_keyring()
    yield keyring.set_keyring
    keyring.set_keyring(original)


@pytest.fixture
def locked_bus(monkeypatch: pytest.MonkeyPatch):
    """This process talks to a second gnome-keyring whose collection is locked over D-Bus."""
    with locked_keyring() as address:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address


async def _load_and_save(store: KeyringStore) -> list[StoreError]:
    """The StoreError of a load and of a save; fails if either one succeeds."""
    errors = []
    for call in (store.load(ISSUER, CLIENT), store.save(ISSUER, CLIENT, StoredSignIn("secret-rt"))):
        with pytest.raises(StoreError) as caught:
            await call
        errors.append(caught.value)
    return errors


async def test_a_locked_keyring_says_so_and_that_it_will_not_remember(locked_bus: str):
    for error in await _load_and_save(KeyringStore()):
        assert "The system keyring is locked" in error.message
        assert "will not be remembered" in error.message
        assert "secret-rt" not in error.message
        assert isinstance(error.__cause__, keyring.errors.KeyringError)


async def test_a_bus_that_went_away_is_refused_not_a_crash(monkeypatch: pytest.MonkeyPatch):
    # The backend was chosen while the bus was up; now its address leads nowhere.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/agentcore-bus")
    errors = await _load_and_save(KeyringStore())
    assert "refused to read" in errors[0].message
    assert "refused to write" in errors[1].message
    assert all("will not be remembered" in e.message for e in errors)


STORE_IN_A_NEW_PROCESS = """
import asyncio, sys
from gui.auth.store import KeyringStore, StoredSignIn
from gui.errors import StoreError

async def main(issuer, client):
    store = KeyringStore()
    for call in (store.load(issuer, client),
                 store.save(issuer, client, StoredSignIn("secret-rt"))):
        try:
            await call
            print("no error")
        except StoreError as exc:
            print(exc.message)

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}, id="no backend"),
        pytest.param({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}, id="dead bus"),
    ],
)
def test_a_process_without_a_keyring_says_none_is_available(env: dict[str, str]):
    result = subprocess.run(
        [sys.executable, "-c", STORE_IN_A_NEW_PROCESS, ISSUER, CLIENT],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "no error" not in lines, result.stdout
    for line in lines:
        assert line.startswith("No system keyring is available.")
        assert "will not be remembered" in line and "secret-rt" not in line
    assert "secret-rt" not in result.stderr


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
        backend(keyring.backends.fail.Keyring())  # keyring's own "no backend" backend
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


async def test_resume_with_a_locked_keyring_is_not_signed_in(locked_bus: str):
    session = AuthSession(Profile(issuer=ISSUER, client_id=CLIENT), store=KeyringStore())
    assert await session.resume() is None
    assert session.store_warning and "locked" in session.store_warning
