"""The demo provider's signing key: one fresh RS256 key per instance, and its JWKS entry.

The key id is the key's RFC 7638 thumbprint: stable for the key, different for every
instance, so a token from one demo provider never verifies against another's JWKS.
Only the public half is ever published.

May import: jwt, cryptography. No Qt, no HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class SigningKey:
    """An RSA key that signs tokens and checks the ones it signed."""

    def __init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_jwk: dict[str, Any] = dict(RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True))
        canonical = json.dumps(
            {"e": public_jwk["e"], "kty": "RSA", "n": public_jwk["n"]}, separators=(",", ":")
        )
        self.kid = _b64url(hashlib.sha256(canonical.encode("ascii")).digest())
        #: The public key as a JWKS entry.
        self.jwk: dict[str, Any] = {**public_jwk, "kid": self.kid, "use": "sig", "alg": ALGORITHM}

    def sign(self, claims: dict[str, Any]) -> str:
        """A JWT carrying ``claims``, with this key's ``kid`` in its header."""
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid})

    def verify(self, token: str, *, audience: str, issuer: str) -> dict[str, Any]:
        """The claims of a token this key signed; raises ``jwt.PyJWTError`` otherwise."""
        claims: dict[str, Any] = jwt.decode(
            token, self._key.public_key(), algorithms=[ALGORITHM], audience=audience, issuer=issuer
        )
        return claims
