"""Validating the provider's JWTs: signature from its JWKS, issuer, audience, time.

Only asymmetric algorithms are accepted, so a token signed with a shared
secret (or ``none``) can never pass. The JWKS is cached and fetched again at
most once when a token names a key id we have not seen (key rotation).

Time is checked here, on the clock the session hands in, not by PyJWT on the
machine's: a clock a minute or two slow (a laptop after sleep) sees the
provider's tokens issued a little in the future, so ``iat`` and ``nbf`` may be up
to :data:`FUTURE_LEEWAY` ahead, as providers and gateways allow; ``exp`` keeps
the small :data:`LEEWAY`. A time that is not a finite number, or an ``exp``
absurdly far away, is refused by name.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import jwt
from jwt import PyJWK

from gui.auth.http import HttpClient
from gui.auth.oidc import ProviderMetadata
from gui.errors import InvalidToken, ProtocolError

log = logging.getLogger(__name__)

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
LEEWAY = 60  # seconds a token may be past its exp (clock skew)
FUTURE_LEEWAY = 300  # seconds iat / nbf may be ahead of our clock (a slow clock)
MAX_LIFETIME = 400 * 24 * 3600  # an exp further away than this is a broken token


@dataclass(frozen=True)
class AccessToken:
    """A validated access token; ``value`` is the bearer string (kept out of repr)."""

    value: str = field(repr=False)
    expires_at: float
    subject: str
    scope: str = ""

    def seconds_left(self, now: float | None = None) -> float:
        """Seconds until expiry (negative when expired)."""
        return self.expires_at - (time.time() if now is None else now)


@dataclass(frozen=True)
class Identity:
    """Who is signed in, for display."""

    subject: str
    name: str = ""
    email: str = ""

    @property
    def display(self) -> str:
        """``Name <email>``, or whatever part is known."""
        if self.name and self.email and self.name != self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email or self.subject


@dataclass(eq=False)  # a service: equal only to itself, and hashable
class TokenValidator:
    """Checks access and ID tokens against one provider's keys."""

    http: HttpClient
    metadata: ProviderMetadata
    _: KW_ONLY
    client_id: str
    audience: str = ""
    leeway: int = LEEWAY
    clock: Callable[[], float] = time.time
    _keys: dict[str, tuple[PyJWK, str | None]] = field(init=False, default_factory=dict)
    _fetched: bool = field(init=False, default=False)

    async def access_token(self, token: str) -> AccessToken:
        """Validate an access token; raise InvalidToken with the reason."""
        claims = await self._decode(token, audience=self.audience or None, kind="access token")
        return AccessToken(
            value=token,
            expires_at=float(claims["exp"]),
            subject=str(claims.get("sub", "")),
            scope=str(claims.get("scope", "")),
        )

    async def identity(self, id_token: str | None, access: AccessToken) -> Identity:
        """Who signed in: from the ID token when there is one, else the access token."""
        if not id_token:
            return Identity(subject=access.subject)
        claims = await self._decode(id_token, audience=self.client_id, kind="ID token")
        return Identity(
            subject=str(claims.get("sub", access.subject)),
            name=str(claims.get("name") or claims.get("nickname") or ""),
            email=str(claims.get("email") or ""),
        )

    async def _decode(self, token: str, *, audience: str | None, kind: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError as exc:
            hint = (
                " Set AUTH0_AUDIENCE to the API identifier so Auth0 issues a JWT."
                if kind == "access token"
                else ""
            )
            raise InvalidToken(f"The provider's {kind} is not a JWT.{hint}") from exc
        alg = header.get("alg")
        if alg not in ASYMMETRIC_ALGORITHMS:
            raise InvalidToken(
                f"The provider's {kind} uses algorithm {alg!r}, which is not allowed."
            )
        key, declared = await self._key(header.get("kid"))
        if declared and declared != alg:
            # The key says which algorithm it is for; a header naming another is suspect.
            raise InvalidToken(f"The provider's {kind} algorithm does not match its key.")
        required = ["exp", "iss", "sub"] + (["aud"] if audience else [])
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[alg],
                audience=audience,
                issuer=self.metadata.issuer,
                options={
                    "require": required,
                    "verify_aud": audience is not None,
                    # Checked below, on our clock and with our leeways.
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.InvalidAudienceError as exc:
            raise InvalidToken(
                f"The provider's {kind} is for another audience; expected {audience!r}."
            ) from exc
        except jwt.InvalidIssuerError as exc:
            raise InvalidToken(f"The provider's {kind} names another issuer.") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise InvalidToken(f"The provider's {kind} lacks the {exc.claim!r} claim.") from exc
        except jwt.InvalidSignatureError as exc:
            raise InvalidToken(f"The provider's {kind} has a bad signature.") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"The provider's {kind} is invalid ({type(exc).__name__}).") from exc
        self._check_times(claims, kind)
        return claims

    def _check_times(self, claims: dict[str, Any], kind: str) -> None:
        """``exp``, ``iat`` and ``nbf`` against our clock, with the leeways of the docstring."""
        now = self.clock()
        times: dict[str, float] = {}
        for name in ("exp", "iat", "nbf"):
            value = claims.get(name)
            if value is None:
                continue
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not math.isfinite(value)
            ):
                raise InvalidToken(f"The provider's {kind} has an unusable {name!r} time.")
            times[name] = float(value)
        if times["exp"] > now + MAX_LIFETIME:
            raise InvalidToken(f"The provider's {kind} has an unusable 'exp' time (years away).")
        if times["exp"] < now - self.leeway:
            raise InvalidToken(f"The provider's {kind} has already expired. Check the clock.")
        for name in ("nbf", "iat"):
            if times.get(name, now) > now + FUTURE_LEEWAY:
                raise InvalidToken(f"The provider's {kind} is not valid yet. Check the clock.")

    async def _key(self, kid: str | None) -> tuple[PyJWK, str | None]:
        if not self._fetched or (kid is not None and kid not in self._keys):
            await self._fetch_keys()
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        key = self._keys.get(kid or "")
        if key is None:
            raise InvalidToken("The provider's token was signed with a key it does not publish.")
        return key

    async def _fetch_keys(self) -> None:
        doc = await self.http.get_json(self.metadata.jwks_uri)
        keys = doc.get("keys")
        if not isinstance(keys, list):
            raise ProtocolError("The provider's key set (JWKS) is malformed.")
        parsed: dict[str, tuple[PyJWK, str | None]] = {}
        for entry in keys:
            if not isinstance(entry, dict) or entry.get("use", "sig") != "sig":
                continue
            try:
                declared = entry.get("alg")
                parsed[str(entry.get("kid", ""))] = (
                    PyJWK(entry),
                    declared if isinstance(declared, str) else None,
                )
            except jwt.PyJWTError:
                log.debug("Skipping an unusable JWK of type %s", entry.get("kty"))
        self._keys = parsed
        self._fetched = True
