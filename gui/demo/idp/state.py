"""The demo provider's state machine: users, tokens, refresh families, revocation.

It answers the OAuth requests the way Auth0 does, without any HTTP of its own: each call
takes the request's parameters and returns the JSON answer, or raises :class:`OAuthError`
carrying Auth0's status (a post-login Action's denial on refresh is 403). The two ways to
sign in are their own modules over this one: the device code (``gui.demo.idp.device``)
and the browser's authorization code (``gui.demo.idp.codes``).

Refresh tokens come in families, one per sign-in. With rotation, a refresh retires the
token it spends; presenting a retired one again is taken as theft and revokes the whole
family (like Auth0's reuse detection). Every refresh checks the user's roles again, as an
Auth0 Action would.

Invariants: refresh tokens are kept only as SHA-256 digests and never logged; one lock
guards all state (the server's loop and the tests' thread both call in); ``clock`` times
expiry, while token claims use the real time.

May import: jwt, ``gui.demo.idp.keys``. No HTTP, no Qt.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

from gui.demo.idp.keys import SigningKey

logger = logging.getLogger(__name__)

DEMO_CLIENT_ID = "agentcore-chat-demo"
DEMO_AUDIENCE = "urn:agentcore-chat:demo-gateway"
REQUIRED_ROLE = "agentcore-gateway-invoke"  # the role that grants gateway access
DENIAL_MESSAGE = "missing required role for this application"

REFRESH_TOKEN_GRANT = "refresh_token"
INVOKE_PERMISSION = "invoke:mcp"
SCOPES_SUPPORTED = ("openid", "profile", "email", "offline_access", INVOKE_PERMISSION)
DEFAULT_SCOPE = "openid profile email"
_UNKNOWN_REFRESH = "Unknown or invalid refresh token."


@dataclass(frozen=True)
class DemoUser:
    """A user the demo sign-in page offers; ``roles`` are the roles they start with."""

    username: str
    name: str
    email: str
    roles: tuple[str, ...]


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("alice", "Alice Example", "alice@example.com", (REQUIRED_ROLE,)),
    DemoUser("bob", "Bob Example", "bob@example.com", ()),
)


@dataclass(eq=False)  # an exception: equal only to itself, and hashable
class OAuthError(Exception):
    """An OAuth error answer: HTTP ``status``, ``error`` code, ``description`` and headers."""

    status: int
    error: str
    description: str
    headers: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        super().__init__(self.description)  # str(error) is the description, as before


def digest(secret: str) -> str:
    """Why: secrets are stored only as digests, so a dump of the state reveals none."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def split_scope(scope: str) -> list[str]:
    """Split a scope string, dropping duplicates but keeping the order."""
    return list(dict.fromkeys(scope.split()))


def asked_scope(params: dict[str, str]) -> str:
    """The scope a sign-in asks for, duplicates dropped (``openid profile email`` if none)."""
    return " ".join(split_scope(params.get("scope") or DEFAULT_SCOPE))


def role_denied(status: int) -> OAuthError:
    """A post-login Action's ``api.access.deny()`` as Auth0 answers it, with ``status``."""
    return OAuthError(status, "access_denied", DENIAL_MESSAGE)


@dataclass
class _RefreshRecord:
    """One refresh token, keyed by its digest; tokens rotated from one grant share a family."""

    family: str
    username: str
    client_id: str
    scope: str
    audience: str
    expires_at: float  # the state's clock
    rotated: bool = False
    resource: str = ""


def require(form: dict[str, str], *names: str) -> None:
    """Refuse a request without each of ``names`` (``invalid_request``, as Auth0 words it)."""
    missing = [n for n in names if not form.get(n)]
    if missing:
        raise OAuthError(
            400, "invalid_request", f"Missing required parameter: {', '.join(missing)}"
        )


@dataclass(eq=False, kw_only=True)  # a service: equal only to itself, and hashable
class IdpState:
    """Everything the demo provider knows; every method is safe from any thread.

    ``issuer`` gives the issuer URL (known once the server has its port).
    """

    issuer: Callable[[], str]
    client_id: str
    audience: str
    access_token_ttl: int
    refresh_token_ttl: int
    rotate_refresh_tokens: bool
    clock: Callable[[], float]
    key: SigningKey = field(init=False, default_factory=SigningKey)
    # RLock: helpers that need the lock are also called from code already holding it.
    _lock: threading.RLock = field(init=False, default_factory=threading.RLock)
    users: dict[str, DemoUser] = field(
        init=False, default_factory=lambda: {u.username: u for u in DEMO_USERS}
    )
    _roles: dict[str, tuple[str, ...]] = field(
        init=False, default_factory=lambda: {u.username: u.roles for u in DEMO_USERS}
    )
    _refresh_tokens: dict[str, _RefreshRecord] = field(init=False, default_factory=dict)
    _revoked_families: set[str] = field(init=False, default_factory=set)
    #: RFC 8707 resources it issues tokens for (advertised as RFC 9728 ``protected_resources``).
    protected_resources: list[str] = field(init=False, default_factory=list)
    _revocations: int = field(init=False, default=0)
    _reuses: int = field(init=False, default=0)

    # ------------------------------------------------------------------ users

    def roles(self) -> dict[str, tuple[str, ...]]:
        """Each demo user's current roles."""
        with self._lock:
            return dict(self._roles)

    def holds_role(self, username: str) -> bool:
        """Whether ``username`` holds the gateway role now (what the Action checks)."""
        with self._lock:
            return REQUIRED_ROLE in self._roles.get(username, ())

    def set_roles(self, username: str, roles: tuple[str, ...]) -> None:
        """Replace a demo user's roles; the next exchange or refresh sees the change."""
        with self._lock:
            if username not in self._roles:
                raise ValueError(f"unknown demo user {username!r}")
            self._roles[username] = tuple(roles)
        logger.info("roles of %s changed", username)

    # --------------------------------------------------------------- counters

    def revocation_count(self) -> int:
        """How many revocation requests actually revoked a live token family."""
        with self._lock:
            return self._revocations

    def reuse_count(self) -> int:
        """How many refreshes presented a rotated-out token (each revoked its family)."""
        with self._lock:
            return self._reuses

    def is_refresh_token_active(self, token: str) -> bool:
        """Whether ``token`` would be accepted by a refresh now (ignoring the role check)."""
        with self._lock:
            record = self._refresh_tokens.get(digest(token))
            return (
                record is not None
                and not record.rotated
                and record.family not in self._revoked_families
                and self.clock() < record.expires_at
            )

    # ----------------------------------------------------------------- tokens

    def knows_resource(self, resource: str) -> bool:
        """Whether ``resource`` is one of the advertised protected resources (RFC 8707)."""
        return resource in self.protected_resources

    def check_resource(self, form: dict[str, str], granted: str = "") -> str:
        """The request's ``resource``: known, and the one granted when there is one."""
        resource = form.get("resource", "")
        if resource and (not self.knows_resource(resource) or granted not in ("", resource)):
            raise OAuthError(400, "invalid_target", "Unknown resource.")
        return resource or granted

    def access_claims(
        self, *, sub: str, scope: str, audience: str, ttl: int, resource: str = ""
    ) -> dict[str, Any]:
        """The claims of an access token for ``sub`` (``permissions`` from their roles).

        A ``resource`` (RFC 8707) joins the audiences, beside Auth0's ``audience``.
        """
        now = int(time.time())
        scopes = split_scope(scope)
        username = sub.removeprefix("demo|") if sub.startswith("demo|") else None
        with self._lock:
            roles = self._roles.get(username, ()) if username else ()
        issuer = self.issuer()
        # Auth0 adds the userinfo URL to aud when openid was requested; clients must cope.
        audiences = [audience, *([resource] if resource else [])]
        if "openid" in scopes:
            audiences.append(f"{issuer}userinfo")
        aud: str | list[str] = audiences if len(audiences) > 1 else audience
        return {
            "iss": issuer,
            "sub": sub,
            "aud": aud,
            "azp": self.client_id,
            "scope": " ".join(scopes),
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "permissions": [INVOKE_PERMISSION] if REQUIRED_ROLE in roles else [],
            # A unique id (RFC 9068): without it, two tokens issued in the same second for
            # the same grant would be byte-identical and a refresh would look like a no-op.
            "jti": secrets.token_urlsafe(16),
        }

    def _issue_tokens(
        self,
        *,
        username: str,
        scope: str,
        audience: str,
        refresh_scope: str | None = None,
        family: str | None = None,
        include_refresh: bool,
        resource: str = "",
    ) -> dict[str, Any]:
        """Build a token response; registers a new refresh token when asked (lock held)."""
        user = self.users[username]
        scopes = split_scope(scope)
        sub = f"demo|{username}"
        claims = self.access_claims(
            sub=sub, scope=scope, audience=audience, ttl=self.access_token_ttl, resource=resource
        )
        payload: dict[str, Any] = {
            "access_token": self.key.sign(claims),
            "token_type": "Bearer",
            "expires_in": self.access_token_ttl,
            "scope": " ".join(scopes),
        }
        if "openid" in scopes:
            now = int(time.time())
            payload["id_token"] = self.key.sign(
                {
                    "iss": self.issuer(),
                    "sub": sub,
                    "aud": self.client_id,
                    "azp": self.client_id,
                    "iat": now,
                    "exp": now + self.access_token_ttl,
                    "name": user.name,
                    "nickname": user.username,
                    "email": user.email,
                    "email_verified": True,
                }
            )
        if include_refresh:
            token = secrets.token_urlsafe(48)
            self._refresh_tokens[digest(token)] = _RefreshRecord(
                family=family or secrets.token_hex(16),
                username=username,
                client_id=self.client_id,
                scope=refresh_scope or scope,
                audience=audience,
                expires_at=self.clock() + self.refresh_token_ttl,
                resource=resource,
            )
            payload["refresh_token"] = token
        return payload

    def tokens_for(
        self, username: str, *, scope: str, audience: str, resource: str = ""
    ) -> dict[str, Any]:
        """Tokens for a person who signed in on the ``/authorize`` page (the code grant)."""
        with self._lock:
            return self._issue_tokens(
                username=username,
                scope=scope,
                audience=audience,
                resource=resource,
                include_refresh="offline_access" in split_scope(scope),
            )

    def check_client(self, form: dict[str, str]) -> None:
        """Refuse a request from another client (401 ``invalid_client``)."""
        if form.get("client_id") != self.client_id:
            raise OAuthError(401, "invalid_client", "Unknown client.")

    # ------------------------------------------------------------ token grants

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        """``POST /oauth/token``: the refresh token grant.

        (The device code grant is ``gui.demo.idp.device``'s, the authorization code grant
        ``gui.demo.idp.codes``'s.)
        """
        require(form, "grant_type")
        if form["grant_type"] == REFRESH_TOKEN_GRANT:
            return self._refresh_grant(form)
        raise OAuthError(400, "unsupported_grant_type", "Unsupported grant type.")

    def _refresh_grant(self, form: dict[str, str]) -> dict[str, Any]:
        require(form, "refresh_token", "client_id")
        self.check_client(form)
        now = self.clock()
        with self._lock:
            record = self._refresh_tokens.get(digest(form["refresh_token"]))
            if (
                record is None
                or record.client_id != form["client_id"]
                or record.family in self._revoked_families
                or now >= record.expires_at
            ):
                raise OAuthError(400, "invalid_grant", _UNKNOWN_REFRESH)
            if record.rotated:
                # Reuse of a rotated-out token: it may have been stolen, so revoke the family.
                self._revoked_families.add(record.family)
                self._reuses += 1
                logger.warning(
                    "refresh token reuse detected for %s; token family revoked", record.username
                )
                raise OAuthError(400, "invalid_grant", _UNKNOWN_REFRESH)
            resource = self.check_resource(form, record.resource)
            scope = record.scope
            if form.get("scope"):
                requested = split_scope(form["scope"])
                if not set(requested) <= set(split_scope(record.scope)):
                    raise OAuthError(
                        400, "invalid_scope", "The scope exceeds the originally granted scope."
                    )
                scope = " ".join(requested)
            if not self.holds_role(record.username):
                # Auth0 runs post-login Actions on refresh too; the token itself stays valid.
                logger.info("refresh for %s denied: missing the required role", record.username)
                raise role_denied(403)
            if self.rotate_refresh_tokens:
                record.rotated = True
            payload = self._issue_tokens(
                username=record.username,
                scope=scope,
                audience=record.audience,
                refresh_scope=record.scope,
                family=record.family,
                include_refresh=self.rotate_refresh_tokens,
                resource=resource,
            )
            username = record.username
        logger.info("tokens refreshed for %s", username)
        return payload

    # -------------------------------------------------------------- revocation

    def revoke(self, form: dict[str, str]) -> None:
        """``POST /oauth/revoke`` (RFC 7009): revoke the token's whole family."""
        require(form, "token", "client_id")
        self.check_client(form)
        with self._lock:
            record = self._refresh_tokens.get(digest(form["token"]))
            # RFC 7009 section 2.2: unknown tokens get the same 200 as known ones.
            if (
                record is not None
                and record.client_id == form["client_id"]
                and record.family not in self._revoked_families
            ):
                self._revoked_families.add(record.family)
                self._revocations += 1
                logger.info("refresh token revoked for %s", record.username)

    # ---------------------------------------------------------------- userinfo

    def userinfo(self, authorization: str) -> dict[str, Any]:
        """``GET /userinfo`` with ``Authorization: Bearer <access token>``."""
        scheme, _, token = authorization.partition(" ")
        challenge = (("WWW-Authenticate", 'Bearer error="invalid_token"'),)
        if scheme.lower() != "bearer" or not token.strip():
            raise OAuthError(401, "invalid_token", "Bearer token required.", challenge)
        issuer = self.issuer()
        try:
            claims = self.key.verify(token.strip(), audience=f"{issuer}userinfo", issuer=issuer)
        except jwt.PyJWTError:
            raise OAuthError(401, "invalid_token", "Invalid token.", challenge) from None
        sub = str(claims["sub"])
        info: dict[str, Any] = {"sub": sub}
        user = self.users.get(sub.removeprefix("demo|")) if sub.startswith("demo|") else None
        if user is not None:
            info.update(
                name=user.name, nickname=user.username, email=user.email, email_verified=True
            )
        return info
