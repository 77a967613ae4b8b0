"""One person's sign-in: device flow or browser, silent resume, refresh, sign-out.

Two ways in, one way the tokens are kept: the device flow (``start_sign_in`` then
``wait_for_approval``) and the browser (``start_browser_sign_in`` then
``wait_for_browser``, :mod:`gui.auth.browser_flow`) both end in the same checks and the
same store. Both ask for :attr:`AuthSession.scopes`: the profile's, plus any a gateway
asked for since (``ask_for_scopes``, MCP step-up), and both name the gateway as the RFC 8707
``resource`` when the provider advertises it.

``AuthSession`` owns the tokens. The access token lives only in memory and is
refreshed ahead of expiry, one refresh at a time however many callers ask. A
rotated refresh token is stored *before* the new access token is handed out
(reusing an old one makes Auth0 revoke the whole family). The stored token is
deleted only when the provider says it is invalid (``invalid_grant``) or on
sign-out; a network error keeps it for a later try.

Several processes (the window, terminal commands) share the stored token, so
every read-refresh-store, first store and sign-out runs under the profile's OS
file lock (:mod:`gui.auth.refresh_lock`); how the token in memory and the stored one
are kept in step under it is :mod:`gui.auth.shared_token`'s. On ``invalid_grant`` the
entry is deleted only if it still holds the token that was rejected; a newer one
(written by a process that does not lock) is kept and tried once.

After every refresh the subject (``sub``) of the access token, and of the ID
token when there is one, must be the one signed in: a stored token adopted from
another process may be another person's sign-in, and the window names who the
requests go out as. If it changed, the session stops (:class:`IdentityChanged`)
and the person signs in again; the stored sign-in is left to its owner.

May import the rest of ``gui.auth``, ``gui.config`` and ``gui.errors``. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from gui.auth import browser_flow, device_flow
from gui.auth.browser_flow import BrowserSignIn
from gui.auth.device_flow import DeviceCode, PollPolicy, Sleep, TokenResponse
from gui.auth.http import HttpClient, HttpResponse
from gui.auth.oidc import ProviderMetadata, SignInRequest, discover
from gui.auth.refresh_lock import LOCK_TIMEOUT, HeldLock, refresh_lock
from gui.auth.shared_token import SharedRefreshToken
from gui.auth.store import SignInStore
from gui.auth.tokens import AccessToken, Identity, TokenValidator
from gui.config import Profile
from gui.errors import (
    AccessRevoked,
    AuthError,
    IdentityChanged,
    NetworkError,
    NotSignedIn,
    ProtocolError,
    SessionExpired,
    SignInBusy,
    StoreError,
)
from gui.untrusted import hold_secrets

log = logging.getLogger(__name__)

REFRESH_MARGIN = 120.0  # refresh when less than this many seconds remain
# On close, how long an in-flight refresh may take to store what it got: cancelling it
# after the provider rotated the token would leave a spent token in the store.
FINISH_REFRESH_TIMEOUT = 1.0


@dataclass(frozen=True)
class SignOutOutcome:
    """What sign-out found and managed: ``revoked`` at the provider, and a note if not."""

    was_signed_in: bool
    revoked: bool
    note: str | None = None


class AuthSession:
    """The sign-in state of one profile; every method is a coroutine on one loop."""

    def __init__(
        self,
        profile: Profile,
        *,
        store: SignInStore,
        http: HttpClient | None = None,
        refresh_margin: float = REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
        poll_margin: float = device_flow.SAFETY_MARGIN,
        lock_timeout: float = LOCK_TIMEOUT,
        redirect_port: int | None = None,
        browser_timeout: float = browser_flow.DEFAULT_TIMEOUT,
    ) -> None:
        """``redirect_port``: the browser sign-in's fixed loopback port (None: the
        ``AGENTCORE_REDIRECT_PORT`` setting, else any free port)."""
        profile.require_sign_in()
        self.profile = profile
        self.store = store
        self.http = http or HttpClient(ca_file=profile.ca_file)
        self.refresh_margin = refresh_margin
        self._clock = clock
        self._sleep = sleep
        self._poll_margin = poll_margin
        self._lock_timeout = lock_timeout
        self._metadata: ProviderMetadata | None = None
        self._validator: TokenValidator | None = None
        self._token = SharedRefreshToken(store, profile.issuer, profile.client_id)
        # Who the tokens are for: the access token's and the ID token's ``sub``.
        self._subjects: tuple[str, str] | None = None
        self._access: AccessToken | None = None
        self._id_token: str | None = None  # the last validated one, memory only
        self._refreshing: asyncio.Task[AccessToken] | None = None
        self.identity: Identity | None = None
        #: Seconds the last refresh waited for the lock of other processes (diagnostics).
        self.last_lock_wait: float | None = None
        self.redirect_port = browser_flow.fixed_port() if redirect_port is None else redirect_port
        self.browser_timeout = browser_timeout
        self._extra_scopes: list[str] = []  # asked for by a gateway (step-up), this run
        hold_secrets(self)  # text that quotes our tokens is scrubbed (gui.untrusted)

    # -- state ---------------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        """True once a sign-in succeeded or was resumed, until sign-out or expiry."""
        return self.identity is not None

    @property
    def remembered(self) -> bool:
        """True when the sign-in will survive a restart."""
        return self.signed_in and self._token.value is not None and self.store_warning is None

    @property
    def store_warning(self) -> str | None:
        """Set when the keyring could not remember the sign-in (a message to show)."""
        return self._token.warning

    @property
    def id_token(self) -> str | None:
        """The last validated ID token (None when signed out); ``refresh_now()`` renews it."""
        return self._id_token

    @property
    def scopes(self) -> str:
        """The scopes a sign-in asks for: the profile's and those a gateway asked for since."""
        words = self.profile.scopes.split()
        return " ".join(words + [s for s in self._extra_scopes if s not in words])

    def ask_for_scopes(self, scope: str) -> bool:
        """Ask for ``scope`` (space-separated) in later sign-ins; True if any was new.

        Scopes accumulate (MCP step-up): a gateway names what one operation needs, and
        the sign-in keeps what the others needed.
        """
        new = [s for s in scope.split() if s not in self.scopes.split()]
        self._extra_scopes.extend(dict.fromkeys(new))
        return bool(new)

    def _request(self, metadata: ProviderMetadata) -> SignInRequest:
        """What a sign-in asks for; the gateway as an RFC 8707 resource when advertised."""
        return SignInRequest(
            client_id=self.profile.client_id,
            scopes=self.scopes,
            audience=self.profile.audience,
            resource=metadata.resource_indicator(self.profile.gateway_url),
        )

    def secrets_in_play(self) -> tuple[str, ...]:
        """The tokens held now (access, ID, refresh), for scrubbing text that quotes them."""
        access = self._access.value if self._access is not None else None
        return tuple(t for t in (access, self._id_token, self._token.value) if t)

    async def metadata(self) -> ProviderMetadata:
        """The provider's endpoints (discovered once)."""
        if self._metadata is None:
            self._metadata = await discover(self.http, self.profile.issuer)
            self._validator = TokenValidator(
                self.http,
                self._metadata,
                client_id=self.profile.client_id,
                audience=self.profile.audience,
                clock=self._clock,
            )
        return self._metadata

    async def _checker(self) -> TokenValidator:
        await self.metadata()
        assert self._validator is not None
        return self._validator

    # -- device flow -----------------------------------------------------------------

    async def start_sign_in(self) -> DeviceCode:
        """Ask for a device code to show the person."""
        metadata = await self.metadata()
        return await device_flow.request_code(
            self.http, metadata, self._request(metadata), sleep=self._sleep
        )

    async def wait_for_approval(self, code: DeviceCode) -> Identity:
        """Poll until approved, then validate, remember and return who signed in."""
        metadata = await self.metadata()
        policy = PollPolicy(
            interval=code.interval, deadline=code.expires_at(), margin=self._poll_margin
        )
        tokens = await device_flow.poll(
            self.http,
            metadata,
            code,
            client_id=self.profile.client_id,
            sleep=self._sleep,
            policy=policy,
        )
        # Locked: a refresh finishing in another process must not overwrite the new sign-in.
        async with self._locked():
            return await self._adopt(tokens, first=True)

    async def sign_in(self, show: Callable[[DeviceCode], None]) -> Identity:
        """Both steps: ``show`` is called with the code before polling starts."""
        code = await self.start_sign_in()
        show(code)
        return await self.wait_for_approval(code)

    # -- browser (authorization code + PKCE, loopback redirect) -----------------------------

    async def start_browser_sign_in(self) -> BrowserSignIn:
        """Listen on the loopback port; the returned sign-in's ``url`` is what to open."""
        metadata = await self.metadata()
        return await BrowserSignIn(
            self.http,
            metadata,
            self._request(metadata),
            port=self.redirect_port,
            fixed=bool(self.redirect_port),
            within=self.browser_timeout,
        ).start()

    async def wait_for_browser(self, pending: BrowserSignIn) -> Identity:
        """Wait for the browser's answer, then validate, remember and return who signed in."""
        try:
            tokens = await pending.wait()
        finally:
            await pending.aclose()
        async with self._locked():
            return await self._adopt(tokens, first=True)

    async def sign_in_with_browser(self, open_link: Callable[[str], object]) -> Identity:
        """Both steps: ``open_link`` is called with the URL once the listener is up."""
        pending = await self.start_browser_sign_in()
        try:
            open_link(pending.url)
        except BaseException:
            await pending.aclose()
            raise
        return await self.wait_for_browser(pending)

    # -- resume and refresh -----------------------------------------------------------

    async def resume(self) -> Identity | None:
        """Sign in silently from the store; None when nothing is remembered.

        Raises SessionExpired (the stored sign-in was rejected and forgotten),
        AccessRevoked, or NetworkError (the stored sign-in is kept).
        """
        if await self._token.resume() is None:
            return None
        await self._refresh_single_flight()
        return self.identity

    async def access_token(self, min_ttl: float | None = None) -> str:
        """A valid access token with at least ``min_ttl`` seconds left (refreshing if not).

        When a refresh fails for a network reason but the current token is
        still valid, the current token is returned and the refresh retried later.
        """
        margin = self.refresh_margin if min_ttl is None else min_ttl
        access = self._access
        if access is not None and access.seconds_left(self._clock()) > margin:
            return access.value
        if self._token.value is None:
            if access is not None and access.seconds_left(self._clock()) > 0:
                return access.value
            raise NotSignedIn() if access is None else SessionExpired()
        try:
            return (await self._refresh_single_flight()).value
        except (NetworkError, SignInBusy):
            if access is not None and access.seconds_left(self._clock()) > 0:
                log.info("Refresh failed for a passing reason; using the current token")
                return access.value
            raise

    async def refresh_now(self) -> str:
        """Refresh regardless of expiry (the gateway said 401); shared with others."""
        if self._token.value is None:
            raise SessionExpired()
        return (await self._refresh_single_flight()).value

    async def _refresh_single_flight(self) -> AccessToken:
        if self._refreshing is None or self._refreshing.done():
            self._refreshing = asyncio.ensure_future(self._refresh())
        # Shielded: one caller giving up must not cancel the others' refresh.
        return await asyncio.shield(self._refreshing)

    async def _refresh(self) -> AccessToken:
        metadata = await self.metadata()
        if self._token.value is None:
            raise SessionExpired()
        async with self._locked() as held:
            self.last_lock_wait = held.waited
            token = await self._newest_token()
            for attempt in range(2):
                response = await self._post_refresh(metadata, token)
                error, description = device_flow.error_of(response)
                if response.status == 200 and error is None:
                    data = response.require_json()
                    # The provider has spent the old token: store the new one before any
                    # check of the answer, which can fail and would lose it.
                    await self._token.keep(device_flow.refresh_token_of(data))
                    tokens = device_flow.token_response(data)
                    await self._adopt(tokens, first=False)
                    assert self._access is not None
                    return self._access
                if error != "invalid_grant":
                    break
                newer = await self._newer_stored_than(token)
                if newer is None:
                    log.info("Refresh token rejected by the provider; forgot it")
                    raise SessionExpired()
                if attempt == 1:  # refused twice: give up here, leave the store to its writer
                    self._forget_here()
                    raise SessionExpired()
                # Never presented by us, so not a replay: the stored sign-in is this one now.
                log.info("Refresh token rejected, but a newer one is stored; trying that")
                self._token.value = token = newer
        if error == "access_denied":
            raise AccessRevoked(description)
        if response.is_transient:
            raise response.transient_error()
        if error is not None:
            raise AuthError(f"Could not renew your sign-in: {description or error}")
        raise ProtocolError(f"{response.host} answered the refresh with HTTP {response.status}.")

    async def _post_refresh(self, metadata: ProviderMetadata, token: str) -> HttpResponse:
        form = {
            "grant_type": "refresh_token",
            "client_id": self.profile.client_id,
            "refresh_token": token,
        }
        resource = metadata.resource_indicator(self.profile.gateway_url)
        if resource:
            form["resource"] = resource
        return await self.http.post_form(metadata.token_endpoint, form)

    def _locked(self) -> contextlib.AbstractAsyncContextManager[HeldLock]:
        """The profile's cross-process sign-in lock (see :mod:`gui.auth.refresh_lock`)."""
        return refresh_lock(self.profile.issuer, self.profile.client_id, within=self._lock_timeout)

    async def _newest_token(self) -> str:
        """The token to present, re-read from the store (lock held)."""
        ours = self._token.value
        if ours is None:  # signed out while this refresh waited for the lock
            raise SessionExpired()
        token = await self._token.newest(ours)
        if token is None:  # another process signed out (and revoked) or was refused
            self._forget_here()
            raise SessionExpired()
        return token

    async def _newer_stored_than(self, rejected: str) -> str | None:
        """After ``rejected`` was refused: a newer stored token, or None (lock held).

        The entry is deleted only if it still holds the rejected token; one that
        changed meanwhile belongs to a later sign-in and is kept.
        """
        stored = await self._token.load_or_warn()
        if stored is not None and self._token.is_new(stored.refresh_token):
            return stored.refresh_token
        # Nothing stored, the rejected token, or an older one of ours: all spent.
        await self._forget(delete_stored=stored is not None)
        return None

    async def _adopt(self, tokens: TokenResponse, *, first: bool) -> Identity:
        if not first:
            # Stored even before the checks below, which can fail (JWKS unreachable).
            await self._token.keep(tokens.refresh_token)
        checker = await self._checker()
        access = await checker.access_token(tokens.access_token)
        identity = (
            await checker.identity(tokens.id_token, access)
            if tokens.id_token or self.identity is None
            else self.identity
        )
        subjects = (access.subject, identity.subject)
        if not first and self._subjects is not None and subjects != self._subjects:
            # Another person's sign-in (adopted from the store): never act as them.
            log.warning("A refresh returned tokens for another subject; stopping this sign-in")
            self._forget_here()
            raise IdentityChanged()
        self._subjects = subjects
        self.identity = identity
        if tokens.id_token:
            self._id_token = tokens.id_token
        # Persist before use: the old refresh token is now spent.
        await self._token.keep(tokens.refresh_token)
        if first and not tokens.refresh_token:
            self._token.warning = (
                "The provider gave no refresh token (is offline_access allowed?). "
                "You will have to sign in again when this session ends."
            )
        self._access = access
        return self.identity

    def _forget_here(self) -> None:
        """Drop the tokens of this process; the store is left as it is."""
        self._token.drop()
        self._access = None
        self._subjects = None
        self._id_token = None
        self.identity = None

    async def _forget(self, *, delete_stored: bool = True) -> None:
        self._forget_here()
        if delete_stored:
            await self._token.delete()

    # -- sign-out ----------------------------------------------------------------------

    async def sign_out(self) -> SignOutOutcome:
        """Revoke the refresh token at the provider when it can, then forget it.

        Works on a fresh session too: it then signs out what the store holds. It
        runs under the sign-in lock, so it revokes the token another process may
        have just stored; if the lock stays busy it signs out anyway, as asked.
        """
        try:
            async with self._locked():
                outcome = await self._sign_out()
        except SignInBusy as exc:
            log.warning("Signing out without the sign-in lock")
            outcome = await self._sign_out()
            outcome = dataclasses.replace(outcome, note=outcome.note or exc.message)
        if self._refreshing is not None and not self._refreshing.done():
            self._refreshing.cancel()
        return outcome

    async def _sign_out(self) -> SignOutOutcome:
        revoked, note = False, None
        try:
            stored = await self._token.load()
        except StoreError as exc:
            note = exc.message
            stored = None
        token = self._token.to_revoke(stored)
        was_signed_in = token is not None or self.identity is not None
        if token is not None:
            try:
                metadata = await self.metadata()
                if metadata.revocation_endpoint:
                    response = await self.http.post_form(
                        metadata.revocation_endpoint,
                        {
                            "token": token,
                            "token_type_hint": "refresh_token",
                            "client_id": self.profile.client_id,
                        },
                    )
                    revoked = response.status == 200
                    if not revoked:
                        note = (
                            f"The provider did not confirm the revocation (HTTP {response.status})."
                        )
                else:
                    note = "The provider offers no revocation; the sign-in was forgotten here."
            except (NetworkError, ProtocolError) as exc:
                note = f"Could not reach the provider to revoke the sign-in: {exc.message}"
        await self._forget()
        return SignOutOutcome(was_signed_in=was_signed_in, revoked=revoked, note=note)

    async def aclose(self) -> None:
        """Release network resources, letting an in-flight refresh store its token first."""
        refreshing = self._refreshing
        if refreshing is not None and not refreshing.done():
            # Cancelled after the provider rotated the token, it would leave a spent
            # token in the store, and the next process to present it loses the grant.
            await asyncio.wait({refreshing}, timeout=FINISH_REFRESH_TIMEOUT)
            refreshing.cancel()
        self.http.close()
