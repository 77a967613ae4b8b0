"""The demo provider's device authorization grant (RFC 8628), answered the way Auth0 does.

A device code's life::

    start ─► pending ─► decide(approve) ─► approved ─► exchange(device_code) ─► consumed
                     └─► decide(deny)    ─► denied  ─► exchange(...) answers access_denied

Auth0's quirks are kept: a pending poll is answered with 403 (not RFC 6749's 400), a
poll faster than the interval with ``slow_down`` (and the interval grows by 5 s), and a
post-login Action's denial (the user lacks the role) with 500 ``access_denied``. The
tokens themselves come from :meth:`IdpState.tokens_for`, as for the browser sign-in.

Invariants: device codes are kept as SHA-256 digests only and never logged; one lock
guards the pending codes (the server's loop and the tests' thread both call in); the
state's ``clock`` times expiry and polling.

May import: ``gui.demo.idp.state`` (client checks, users, roles, tokens). No HTTP, no Qt.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from gui.demo.idp.state import IdpState, OAuthError, asked_scope, digest, require, role_denied

logger = logging.getLogger(__name__)

DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# Letters only, no vowels and no look-alikes, as RFC 8628 section 6.1 suggests.
_USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
_SLOW_DOWN_STEP = 5  # seconds added to a device code's interval on every slow_down (RFC 8628)
# A poll may arrive this much earlier than the interval and still count as on time: the
# client's sleep and the server's clock read are not taken at the same instant. 0.2 s early
# is still too fast.
_POLL_JITTER = 0.1
_PRUNE_AFTER = 3600.0  # forget expired device codes this long after they expired


def normalize_user_code(raw: str) -> str | None:
    """Accept what people type (lower case, spaces, no dash) and return ``XXXX-XXXX``."""
    letters = re.sub(r"[\s-]", "", raw).upper()
    if len(letters) != 8 or any(c not in _USER_CODE_ALPHABET for c in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


@dataclass
class _DeviceGrant:
    """One device authorization request (RFC 8628), keyed by the device code's digest."""

    user_code: str
    client_id: str
    scope: str
    audience: str
    expires_at: float  # the state's clock
    interval: int
    last_poll: float | None = None
    status: str = "pending"  # pending | approved | denied | consumed
    username: str | None = None
    resource: str = ""  # RFC 8707, when the app named one


@dataclass(eq=False)  # a service: equal only to itself, and hashable
class DeviceCodes:
    """Pending device codes and the person's answers to them; thread-safe."""

    state: IdpState
    issuer: Callable[[], str]
    clock: Callable[[], float]
    _: KW_ONLY
    device_code_ttl: int
    interval: int
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _grants: dict[str, _DeviceGrant] = field(init=False, default_factory=dict)
    # user code -> device code digest
    _user_codes: dict[str, str] = field(init=False, default_factory=dict)

    def start(self, form: dict[str, str]) -> dict[str, Any]:
        """``POST /oauth/device/code``: a new device code and user code."""
        require(form, "client_id")
        self.state.check_client(form)
        audience = form.get("audience") or self.state.audience
        if audience != self.state.audience:
            raise OAuthError(403, "access_denied", f"Service not found: {audience}")
        resource = self.state.check_resource(form)
        scope = asked_scope(form)
        device_code = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._prune(now)
            user_code = self._new_user_code()
            self._grants[digest(device_code)] = _DeviceGrant(
                user_code=user_code,
                client_id=self.state.client_id,
                scope=scope,
                audience=audience,
                expires_at=now + self.device_code_ttl,
                interval=self.interval,
                resource=resource,
            )
            self._user_codes[user_code] = digest(device_code)
        logger.info("device authorization started (scope %s)", scope)
        verification_uri = f"{self.issuer()}activate"
        return {
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": f"{verification_uri}?user_code={user_code}",
            "expires_in": self.device_code_ttl,
            "interval": self.interval,
        }

    def _new_user_code(self) -> str:
        while True:
            letters = "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(8))
            code = f"{letters[:4]}-{letters[4:]}"
            if code not in self._user_codes:
                return code

    def _prune(self, now: float) -> None:
        """Forget device codes long expired (lock held), so a long demo doesn't grow."""
        stale = [k for k, g in self._grants.items() if now > g.expires_at + _PRUNE_AFTER]
        for key in stale:
            grant = self._grants.pop(key)
            self._user_codes.pop(grant.user_code, None)

    def decide(self, user_code: str, username: str | None, *, approve: bool) -> str | None:
        """Record the person's answer for a user code; returns an error message or None."""
        code = normalize_user_code(user_code)
        if not user_code.strip():
            return "Enter the code shown in the app."
        with self._lock:
            key = self._user_codes.get(code) if code else None
            grant = self._grants.get(key) if key else None
            if grant is None:
                return "Unknown code. Check the code shown in the app and try again."
            if self.clock() >= grant.expires_at:
                return "This code has expired. Start the sign-in again in the app."
            if grant.status != "pending":
                return "This code has already been used."
            if approve:
                if not username:
                    return "Choose a user to sign in as."
                if username not in self.state.users:
                    return "Unknown user."
                grant.status, grant.username = "approved", username
            else:
                grant.status = "denied"
        if approve:
            logger.info("device code approved by %s", username)
        else:
            logger.info("device code denied on the sign-in page")
        return None

    def exchange(self, form: dict[str, str]) -> dict[str, Any]:
        """``grant_type=device_code``: tokens once approved; pending, slow down or denied."""
        require(form, "device_code", "client_id")
        self.state.check_client(form)
        now = self.clock()
        with self._lock:
            grant = self._grants.get(digest(form["device_code"]))
            if grant is None or grant.client_id != form["client_id"]:
                raise OAuthError(400, "invalid_grant", "Unknown or invalid device code.")
            if grant.status == "consumed":
                raise OAuthError(400, "invalid_grant", "The device code was already used.")
            if now >= grant.expires_at:
                raise OAuthError(403, "expired_token", "The device code has expired.")
            too_soon = (
                grant.interval > 0
                and grant.last_poll is not None
                and now - grant.last_poll < grant.interval - _POLL_JITTER
            )
            grant.last_poll = now
            if too_soon:
                grant.interval += _SLOW_DOWN_STEP
                raise OAuthError(
                    429,
                    "slow_down",
                    f"You are polling faster than the specified interval of "
                    f"{grant.interval} seconds.",
                )
            if grant.status == "pending":
                # Auth0 answers a pending poll with 403, not RFC 6749's 400.
                raise OAuthError(
                    403, "authorization_pending", "User has yet to authorize device code."
                )
            if grant.status == "denied":
                raise OAuthError(403, "access_denied", "User did not authorize the request")
            username = grant.username
            assert username is not None  # approved grants always name the user
            grant.status = "consumed"
        if not self.state.holds_role(username):
            logger.info("sign-in of %s denied: missing the required role", username)
            raise role_denied(500)  # an Action's denial reaches the device as an HTTP 500
        payload = self.state.tokens_for(
            username, scope=grant.scope, audience=grant.audience, resource=grant.resource
        )
        logger.info("tokens issued to %s (device code grant)", username)
        return payload
