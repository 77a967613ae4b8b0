"""One profile's refresh token as this process holds it, kept in step with the store.

Several processes (the window, terminal commands) share the stored token, so every
read-refresh-store, first store and sign-out runs under the profile's OS file lock
(:mod:`gui.auth.refresh_lock`, taken by :class:`gui.auth.session.AuthSession`), and
inside it :class:`SharedRefreshToken` keeps these rules:

- a save that failed is tried again first: until it succeeds the keyring holds
  an older token of ours (spent), and the one in memory is the newest;
- the stored token is read again; when it differs from ours *and is new to
  us*, another process rotated it, and the stored one is used: ours is spent
  and is never replayed. A stored token this process has read or written
  before is an old one of ours, never presented again. Tokens are known by
  their SHA-256 only (:class:`KnownTokens`), never kept themselves;
- an empty store means another process signed out or was refused: so are we;
- when the keyring is unusable, the token in memory is used (still locked).

What to do about a refused token (``invalid_grant``) and who signed in stays with the
session; this module only reads, writes and remembers the token.

May import ``gui.auth.store`` and ``gui.errors``. No network, no Qt.
"""

from __future__ import annotations

import hashlib
import logging

from gui.auth.store import SignInStore, StoredSignIn
from gui.errors import StoreError

log = logging.getLogger(__name__)


class KnownTokens:
    """The refresh tokens this process has read or written, as SHA-256 digests only."""

    def __init__(self) -> None:
        self._digests: set[str] = set()

    @staticmethod
    def _digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def add(self, token: str) -> None:
        """Remember that this process has seen ``token``."""
        self._digests.add(self._digest(token))

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and self._digest(token) in self._digests


class SharedRefreshToken:
    """This process's refresh token (:attr:`value`) and the profile's stored one."""

    def __init__(self, store: SignInStore, issuer: str, client_id: str) -> None:
        self.store = store
        self._issuer = issuer
        self._client_id = client_id
        #: The newest refresh token this process knows (None: signed out here).
        self.value: str | None = None
        # True while the store is known to have held our refresh token: an empty store
        # then means another process ended the sign-in.
        self._stored = False
        # True while our refresh token could not be saved: the store holds an older one.
        self._unsaved = False
        self._known = KnownTokens()
        #: Set when the keyring could not remember the sign-in (a message to show).
        self.warning: str | None = None

    async def load(self) -> StoredSignIn | None:
        """What the store holds now (raises StoreError)."""
        return await self.store.load(self._issuer, self._client_id)

    async def load_or_warn(self) -> StoredSignIn | None:
        """What the store holds; None, with :attr:`warning` set, when it cannot be read."""
        try:
            return await self.load()
        except StoreError as exc:
            self.warning = exc.message
            return None

    async def resume(self) -> str | None:
        """Take the stored token as ours; None when nothing is stored or it cannot be read."""
        stored = await self.load_or_warn()
        if stored is None:
            return None
        self._known.add(stored.refresh_token)
        self.value = stored.refresh_token
        self._stored = True
        return self.value

    async def newest(self, ours: str) -> str | None:
        """The token to present, re-read from the store (lock held).

        None when the store was emptied by another process (it signed out, and
        revoked, or was refused): the caller forgets the sign-in too.
        """
        if self._unsaved:
            # The store holds an older token of ours (spent): ours is the newest. Save
            # it now; if the keyring still refuses, go on with it in memory.
            await self.remember(ours)
            return ours
        try:
            stored = await self.load()
        except StoreError as exc:
            # The keyring cannot be read now: the token in memory is the newest we know.
            self.warning = exc.message
            return ours
        if stored is None:
            if self._stored:
                log.info("The stored sign-in was removed by another process")
                return None
            return ours
        if stored.refresh_token != ours:
            if stored.refresh_token in self._known:
                # An older token of ours (a save that failed, then a read that did not):
                # spent. Ours is the newest; put it back in the store.
                log.info("The keyring holds an older token of this process; storing ours")
                await self.remember(ours)
                return ours
            # New to us: another process rotated it (or signed in afresh). Ours is spent,
            # and presenting it again would make the provider revoke the whole grant.
            log.info("Another process renewed the sign-in; using the token it stored")
            self._known.add(stored.refresh_token)
            self.value = stored.refresh_token
        self._stored = True
        return stored.refresh_token

    def is_new(self, token: str) -> bool:
        """True, once, for a token this process has neither read nor written before."""
        if token in self._known:
            return False
        self._known.add(token)
        return True

    def to_revoke(self, stored: StoredSignIn | None) -> str | None:
        """The token sign-out revokes: the stored one, unless it is an older one of ours.

        Ours may have been rotated by another process; a stored one we know is a
        spent one of ours (a save that failed).
        """
        token = self.value
        if stored is not None and (token is None or stored.refresh_token not in self._known):
            token = stored.refresh_token
        return token

    async def keep(self, refresh_token: str | None) -> None:
        """Take and store a new refresh token at once: the provider has spent the old one."""
        if refresh_token and refresh_token != self.value:
            self.value = refresh_token
            await self.remember(refresh_token)

    async def remember(self, refresh_token: str) -> None:
        """Save ``refresh_token``; when the keyring refuses, keep it in memory and say so."""
        self._known.add(refresh_token)
        try:
            await self.store.save(self._issuer, self._client_id, StoredSignIn(refresh_token))
        except StoreError as exc:
            self.warning = exc.message
            self._stored = False
            self._unsaved = True
        else:
            self.warning = None
            self._stored = True
            self._unsaved = False

    def drop(self) -> None:
        """Forget the token in this process; the store is left as it is."""
        self.value = None
        self._stored = False
        self._unsaved = False

    async def delete(self) -> None:
        """Delete the stored sign-in (a failure is kept in :attr:`warning`)."""
        try:
            await self.store.delete(self._issuer, self._client_id)
        except StoreError as exc:
            self.warning = exc.message
