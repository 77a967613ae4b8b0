"""The demo gateway's inbound authorizer, checking bearer tokens like AgentCore's custom JWT one.

A request to ``/mcp`` needs ``Authorization: Bearer <jwt>``, signed by a key from the
issuer's JWKS (found through OIDC discovery), with the right ``iss``, the allowed ``aud``,
an ``exp`` not too close (AgentCore turns such tokens away, so clients must refresh ahead
of time) and the required scope. Only asymmetric algorithms pass (the app's own list,
``gui.auth.tokens.ASYMMETRIC_ALGORITHMS``): an HS* token would let anyone holding the
public JWKS forge one.

A refusal is :class:`Rejected` (401, 403, or 503 when the keys cannot be fetched) and never
carries token text. :func:`authenticated_user` is what the MCP session manager reads to
bind a session to its user.

May import: jwt, requests, mcp's auth types, starlette's ASGI types,
``gui.auth.tokens`` (the algorithm list). No Qt.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

import jwt
import requests
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from starlette.types import Scope

from gui.auth.tokens import ASYMMETRIC_ALGORITHMS

logger = logging.getLogger(__name__)

_HTTP_TIMEOUT = 5.0
# An unknown kid re-fetches the JWKS at most this often, so garbage tokens cannot hammer the IdP.
_JWKS_REFETCH_COOLDOWN = 10.0


class Rejected(Exception):
    """A request the authorizer turns away; never carries token text."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


class JwtVerifier:
    """Checks bearer tokens like AgentCore's custom JWT authorizer.

    Signing keys come from ``<issuer>.well-known/openid-configuration`` → ``jwks_uri``,
    fetched on first use and cached; an unknown ``kid`` re-fetches once (key rotation).
    """

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        required_scope: str,
        min_token_lifetime: int,
        ca_file: str | None = None,
    ) -> None:
        self.issuer = issuer
        self._verify: str | bool = ca_file or True  # an https issuer signed by a test CA
        self.audience = audience
        self.required_scope = required_scope
        self.min_token_lifetime = min_token_lifetime
        self._keys: dict[str | None, jwt.PyJWK] | None = None
        self._last_fetch = 0.0
        self._lock = asyncio.Lock()

    async def verify(self, token: str) -> dict[str, Any]:
        """Return the token's claims, or raise ``Rejected`` (401 or 403)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Rejected(401, "invalid_token", "The access token is malformed") from None
        alg = header.get("alg")
        if alg not in ASYMMETRIC_ALGORITHMS:
            raise Rejected(401, "invalid_token", "The token's signing algorithm is not allowed")
        key = await self._key_for(header.get("kid"))
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Rejected(401, "invalid_token", "The access token has expired") from None
        except jwt.InvalidAudienceError:
            raise Rejected(401, "invalid_token", "The token is not for this gateway") from None
        except jwt.InvalidIssuerError:
            raise Rejected(401, "invalid_token", "The token is from another issuer") from None
        except jwt.PyJWTError:
            raise Rejected(401, "invalid_token", "The access token is not valid") from None
        # AgentCore turns away tokens about to expire, so a client must refresh ahead of time.
        if claims["exp"] - time.time() < self.min_token_lifetime:
            raise Rejected(401, "invalid_token", "The access token expires too soon")
        if self.required_scope not in scopes(claims):
            raise Rejected(
                403, "insufficient_scope", f"The token lacks the '{self.required_scope}' scope"
            )
        return claims

    async def _key_for(self, kid: str | None) -> jwt.PyJWK:
        async with self._lock:  # single flight: concurrent first requests share one fetch
            stale = time.monotonic() - self._last_fetch >= _JWKS_REFETCH_COOLDOWN
            if self._keys is None or (kid not in self._keys and stale):
                await self._refresh()
            keys = self._keys or {}
        if kid in keys:
            return keys[kid]
        if kid is None and len(keys) == 1:
            return next(iter(keys.values()))
        raise Rejected(401, "invalid_token", "The token was signed with an unknown key")

    async def _refresh(self) -> None:
        try:
            keys = await asyncio.to_thread(self._fetch_keys)
        except (requests.RequestException, ValueError, KeyError) as exc:
            # Not the caller's fault; AgentCore answers a failing IdP with a server error too.
            logger.warning("Could not fetch signing keys for %s: %s", self.issuer, exc)
            raise Rejected(
                503, "temporarily_unavailable", "The gateway could not fetch signing keys"
            ) from None
        self._keys = keys
        self._last_fetch = time.monotonic()

    def _fetch_keys(self) -> dict[str | None, jwt.PyJWK]:
        discovery_url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        response = requests.get(discovery_url, timeout=_HTTP_TIMEOUT, verify=self._verify)
        response.raise_for_status()
        jwks_uri = response.json()["jwks_uri"]
        response = requests.get(jwks_uri, timeout=_HTTP_TIMEOUT, verify=self._verify)
        response.raise_for_status()
        keys: dict[str | None, jwt.PyJWK] = {}
        for data in response.json()["keys"]:
            if data.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(data)
            except jwt.PyJWTError:
                continue  # a key type we cannot use; others in the set may still work
            if key.algorithm_name in ASYMMETRIC_ALGORITHMS:
                keys[data.get("kid")] = key
        return keys


def scopes(claims: Mapping[str, Any]) -> list[str]:
    """The token's scopes (``scope`` as a space-separated string or a list)."""
    scope = claims.get("scope", "")
    if isinstance(scope, str):
        return scope.split()
    if isinstance(scope, list):
        return [str(item) for item in scope]
    return []


def authenticated_user(token: str, claims: Mapping[str, Any]) -> AuthenticatedUser:
    """What the MCP session manager reads from ``scope["user"]``.

    It binds each MCP session to the (client, issuer, subject) that created it, so a
    refreshed token of the same user keeps the session and another user's token gets 404.
    """
    client_id = str(claims.get("client_id") or claims.get("azp") or "")
    info = AccessToken(
        token=token,
        client_id=client_id,
        scopes=scopes(claims),
        expires_at=int(claims["exp"]),
        subject=claims.get("sub"),
        claims={"iss": claims.get("iss")},
    )
    return AuthenticatedUser(info)


def request_header(scope: Scope, name: bytes) -> bytes | None:
    """The value of header ``name`` (lower case) in an ASGI request, or None."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value
    return None


def bearer_token(scope: Scope) -> str:
    """The token of ``Authorization: Bearer <token>``; raises ``Rejected`` (401) without one."""
    raw = request_header(scope, b"authorization")
    if raw is None:
        raise Rejected(401, "invalid_token", "A bearer token is required")
    scheme, _, token = raw.decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Rejected(401, "invalid_token", "A bearer token is required")
    return token
