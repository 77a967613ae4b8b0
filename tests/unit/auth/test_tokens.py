"""Access- and ID-token validation: signature, algorithm, issuer, audience, time."""

from __future__ import annotations

import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from gui.auth.oidc import ProviderMetadata
from gui.auth.tokens import TokenValidator
from gui.errors import InvalidToken

ISSUER = "https://tenant.example.com/"
META = ProviderMetadata(
    issuer=ISSUER,
    device_authorization_endpoint=ISSUER + "device",
    token_endpoint=ISSUER + "token",
    jwks_uri=ISSUER + "jwks",
)


def new_key(kid: str) -> tuple[rsa.RSAPrivateKey, dict]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid=kid, use="sig", alg="RS256")
    return key, jwk


class KeyServer:
    """Serves a JWKS that tests can rotate; counts fetches."""

    def __init__(self, *jwks: dict) -> None:
        self.keys = list(jwks)
        self.fetches = 0

    async def get_json(self, url: str) -> dict:
        assert url == META.jwks_uri
        self.fetches += 1
        return {"keys": list(self.keys)}


KEY_A, JWK_A = new_key("a")


def sign(claims: dict, key=KEY_A, kid: str = "a", alg: str = "RS256") -> str:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": "urn:api", "sub": "user|1", "iat": now, "exp": now + 600}
    base.update(claims)
    return jwt.encode(base, key, algorithm=alg, headers={"kid": kid})


def validator(server: KeyServer, audience: str = "urn:api") -> TokenValidator:
    return TokenValidator(server, META, client_id="cid", audience=audience)  # type: ignore[arg-type]


async def test_a_good_token_passes_and_keys_are_cached():
    server = KeyServer(JWK_A)
    check = validator(server)
    token = await check.access_token(sign({"scope": "openid invoke:mcp"}))
    assert token.subject == "user|1" and "invoke:mcp" in token.scope
    await check.access_token(sign({}))
    assert server.fetches == 1


async def test_audience_may_be_a_list_as_auth0_sends_it():
    token = sign({"aud": ["urn:api", ISSUER + "userinfo"]})
    assert (await validator(KeyServer(JWK_A)).access_token(token)).subject == "user|1"


async def test_an_unknown_kid_refetches_once_for_a_rotated_key():
    key_b, jwk_b = new_key("b")
    server = KeyServer(JWK_A)
    check = validator(server)
    await check.access_token(sign({}))
    server.keys.append(jwk_b)  # the provider rotated its key
    await check.access_token(sign({}, key=key_b, kid="b"))
    assert server.fetches == 2


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (lambda: sign({"aud": "urn:other"}), "another audience"),
        (lambda: sign({"iss": "https://evil.example.com/"}), "another issuer"),
        (lambda: sign({"exp": int(time.time()) - 3600}), "already expired"),
        (lambda: sign({"nbf": int(time.time()) + 3600}), "not valid yet"),
        (lambda: sign({}, key=new_key("a")[0]), "bad signature"),
        (lambda: sign({}, kid="zzz"), "does not publish"),
        (
            lambda: jwt.encode(
                {"iss": ISSUER, "sub": "x"},
                "a-shared-secret-of-thirty-two-bytes!",
                algorithm="HS256",
            ),
            "'HS256'",
        ),
        (lambda: jwt.encode({"iss": ISSUER}, None, algorithm="none"), "'none'"),
        (lambda: "opaque-access-token", "not a JWT"),
    ],
)
async def test_bad_tokens_are_refused_with_the_reason(token, message: str):
    with pytest.raises(InvalidToken, match=message):
        await validator(KeyServer(JWK_A)).access_token(token())


async def test_a_header_algorithm_that_disagrees_with_the_key_is_refused():
    token = sign({}, alg="RS512")
    with pytest.raises(InvalidToken, match="does not match its key"):
        await validator(KeyServer(JWK_A)).access_token(token)


async def test_identity_comes_from_the_id_token_checked_against_the_client_id():
    check = validator(KeyServer(JWK_A))
    access = await check.access_token(sign({}))
    id_token = sign({"aud": "cid", "name": "Ada", "email": "ada@example.com"})
    identity = await check.identity(id_token, access)
    assert identity.display == "Ada <ada@example.com>"
    with pytest.raises(InvalidToken, match="another audience"):
        await check.identity(sign({"aud": "someone-else"}), access)
    assert (await check.identity(None, access)).display == "user|1"
