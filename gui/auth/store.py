"""Remembering the sign-in in the OS keyring (and nowhere else).

Only the refresh token is stored, keyed by issuer + client id, and by the profile's
name for any profile but ``default``: two profiles on the same tenant and client may
be two different people. The ``default`` profile keeps the key it had before profiles
existed (issuer + client id alone), so an upgrade signs nobody out, and an older
version of the app running beside this one still shares its sign-in.
:func:`for_profile` gives the sessions of one profile their view of a store. Every keyring
call runs in a daemon thread with a timeout, because an unlock prompt can
block forever. Values longer than the smallest platform store holds (Windows
Credential Manager: about 1,280 characters) are split across several entries
with a checksum, never truncated. There is no plain-text fallback: when the
keyring fails, :class:`~gui.errors.StoreError` says so and the caller keeps
the sign-in in memory for this run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import Protocol

from gui.aio import run_blocking
from gui.config import DEFAULT_PROFILE
from gui.errors import StoreError

log = logging.getLogger(__name__)

SERVICE = "agentcore-chat"
CHUNK = 1000  # characters per keyring entry; under Windows' ~1,280 limit
MAX_PARTS = 64
KEYRING_TIMEOUT = 10.0


@dataclass(frozen=True)
class StoredSignIn:
    """What is needed to resume a sign-in without the person."""

    refresh_token: str = field(repr=False)


class SignInStore(Protocol):
    """Where a sign-in is remembered. ``load`` gives None when nothing is stored."""

    async def load(self, issuer: str, client_id: str) -> StoredSignIn | None: ...

    async def save(self, issuer: str, client_id: str, value: StoredSignIn) -> None: ...

    async def delete(self, issuer: str, client_id: str) -> None: ...


def account(issuer: str, client_id: str, profile: str = DEFAULT_PROFILE) -> str:
    """The keyring user name for one provider + application (+ profile, but ``default``)."""
    name = f"{issuer.rstrip('/')}|{client_id}"
    return name if profile == DEFAULT_PROFILE else f"{name}|profile={profile}"


class ProfileStore(Protocol):
    """A store whose entries may be kept apart per profile (both stores here are)."""

    async def load(
        self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE
    ) -> StoredSignIn | None: ...

    async def save(
        self, issuer: str, client_id: str, value: StoredSignIn, *, profile: str = DEFAULT_PROFILE
    ) -> None: ...

    async def delete(
        self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE
    ) -> None: ...


class ProfileSignIns:
    """One profile's entries of a :class:`ProfileStore`, as a :class:`SignInStore`."""

    def __init__(self, store: ProfileStore, profile: str) -> None:
        self.store = store
        self.profile = profile

    async def load(self, issuer: str, client_id: str) -> StoredSignIn | None:
        """The profile's stored sign-in, or None."""
        return await self.store.load(issuer, client_id, profile=self.profile)

    async def save(self, issuer: str, client_id: str, value: StoredSignIn) -> None:
        """Remember the profile's sign-in."""
        await self.store.save(issuer, client_id, value, profile=self.profile)

    async def delete(self, issuer: str, client_id: str) -> None:
        """Forget the profile's sign-in; quiet when there is none."""
        await self.store.delete(issuer, client_id, profile=self.profile)


def for_profile(store: SignInStore, profile: str) -> SignInStore:
    """The sign-ins of profile ``profile`` in ``store``: the store itself for ``default``.

    A named profile needs a store that keeps profiles apart (:class:`ProfileStore`);
    a plain :class:`SignInStore` is refused (TypeError) rather than shared.
    """
    if profile == DEFAULT_PROFILE:
        return store
    if not isinstance(store, (MemoryStore, KeyringStore)):
        raise TypeError(f"{type(store).__name__} cannot keep profiles apart")
    return ProfileSignIns(store, profile)


class MemoryStore:
    """Keeps the sign-in for this run only (demo mode, and when the keyring fails)."""

    def __init__(self) -> None:
        self._values: dict[str, StoredSignIn] = {}

    async def load(
        self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE
    ) -> StoredSignIn | None:
        """The stored sign-in, or None."""
        return self._values.get(account(issuer, client_id, profile))

    async def save(
        self, issuer: str, client_id: str, value: StoredSignIn, *, profile: str = DEFAULT_PROFILE
    ) -> None:
        """Remember the sign-in."""
        self._values[account(issuer, client_id, profile)] = value

    async def delete(self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE) -> None:
        """Forget the sign-in; quiet when there is none."""
        self._values.pop(account(issuer, client_id, profile), None)


class KeyringStore:
    """The OS keyring through the ``keyring`` package (Secret Service, Keychain, ...)."""

    def __init__(self, *, service: str = SERVICE, timeout: float = KEYRING_TIMEOUT) -> None:
        self.service = service
        self.timeout = timeout

    async def load(
        self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE
    ) -> StoredSignIn | None:
        """The stored sign-in, None when absent; StoreError when unusable or damaged."""
        name = account(issuer, client_id, profile)
        head = await self._call("read", lambda kr: kr.get_password(self.service, name))
        if head is None:
            return None
        text = head
        meta = _parse_json(head)
        if isinstance(meta, dict) and "parts" in meta:
            text = await self._read_parts(name, meta)
        data = _parse_json(text)
        token = data.get("refresh_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise StoreError(
                "The sign-in saved in the keyring is damaged. Sign in again to replace it."
            )
        return StoredSignIn(refresh_token=token)

    async def save(
        self, issuer: str, client_id: str, value: StoredSignIn, *, profile: str = DEFAULT_PROFILE
    ) -> None:
        """Store the sign-in, split into parts when it is too long for one entry."""
        name = account(issuer, client_id, profile)
        text = json.dumps({"v": 1, "refresh_token": value.refresh_token})
        if len(text) <= CHUNK:
            parts: list[str] = []
            head = text
        else:
            parts = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
            if len(parts) > MAX_PARTS:
                raise StoreError("The sign-in is too large to keep in the keyring.")
            digest = hashlib.sha256(text.encode()).hexdigest()
            head = json.dumps({"v": 1, "parts": len(parts), "sha256": digest})

        def write(kr: object) -> None:
            old = _old_part_count(kr, self.service, name)
            for i, part in enumerate(parts, 1):
                kr.set_password(self.service, f"{name}#{i}", part)  # type: ignore[attr-defined]
            # The head goes last: a reader never sees a head whose parts are missing.
            kr.set_password(self.service, name, head)  # type: ignore[attr-defined]
            for i in range(len(parts) + 1, old + 1):
                _quiet_delete(kr, self.service, f"{name}#{i}")

        await self._call("write", write)

    async def delete(self, issuer: str, client_id: str, *, profile: str = DEFAULT_PROFILE) -> None:
        """Forget the sign-in and its parts; quiet when there is none."""
        name = account(issuer, client_id, profile)

        def remove(kr: object) -> None:
            old = _old_part_count(kr, self.service, name)
            _quiet_delete(kr, self.service, name)
            for i in range(1, old + 1):
                _quiet_delete(kr, self.service, f"{name}#{i}")

        await self._call("delete", remove)

    async def _read_parts(self, name: str, meta: dict[str, object]) -> str:
        count = meta.get("parts")
        if not isinstance(count, int) or not 0 < count <= MAX_PARTS:
            raise StoreError("The sign-in saved in the keyring is damaged. Sign in again.")

        def read(kr: object) -> list[str | None]:
            return [
                kr.get_password(self.service, f"{name}#{i}")  # type: ignore[attr-defined]
                for i in range(1, count + 1)
            ]

        parts = await self._call("read", read)
        if any(p is None for p in parts):
            raise StoreError("The sign-in saved in the keyring is incomplete. Sign in again.")
        text = "".join(p for p in parts if p is not None)
        if hashlib.sha256(text.encode()).hexdigest() != meta.get("sha256"):
            raise StoreError("The sign-in saved in the keyring is damaged. Sign in again.")
        return text

    async def _call(self, what: str, fn):  # type: ignore[no-untyped-def]
        def run():  # type: ignore[no-untyped-def]
            import keyring  # imported lazily: backend discovery costs start-up time

            return fn(keyring)

        try:
            return await run_blocking(run, within=self.timeout)
        except TimeoutError as exc:
            raise StoreError(
                f"The keyring did not answer within {self.timeout:g} seconds "
                "(is it waiting to be unlocked?). Your sign-in will not be remembered."
            ) from exc
        except StoreError:
            raise
        except Exception as exc:
            # keyring.errors.KeyringError (no backend, locked, refused) and the
            # backends' own D-Bus errors all land here; their text may hold
            # paths or values, so only the type is kept.
            log.warning("Keyring %s failed: %s", what, type(exc).__name__)
            raise StoreError(_message(exc, what)) from exc


def _message(exc: Exception, what: str) -> str:
    kind = type(exc).__name__
    if kind == "NoKeyringError":
        reason = "No system keyring is available"
    elif kind in ("KeyringLocked", "InitError"):
        reason = "The system keyring is locked"
    else:
        reason = f"The system keyring refused to {what} ({kind})"
    return f"{reason}. Your sign-in will not be remembered after you quit."


def _parse_json(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _old_part_count(kr: object, service: str, name: str) -> int:
    head = kr.get_password(service, name)  # type: ignore[attr-defined]
    meta = _parse_json(head) if head else None
    if isinstance(meta, dict) and isinstance(meta.get("parts"), int):
        return min(int(meta["parts"]), MAX_PARTS)
    return 0


def _quiet_delete(kr: object, service: str, name: str) -> None:
    import keyring.errors

    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        kr.delete_password(service, name)  # type: ignore[attr-defined]
