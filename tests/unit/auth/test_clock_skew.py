"""Clock skew (issue 17, item 9): a client clock a little behind the provider's still signs in.

Laptops after sleep are often a minute or two behind: a token then looks issued
(``iat``) or valid from (``nbf``) a little in the future. Up to five minutes of that
is accepted, as providers and gateways do; ``exp`` keeps a small leeway. Time is the
validator's clock (``FakeClock``), not the machine's.
"""

from __future__ import annotations

import time

import pytest

from gui.auth.tokens import TokenValidator
from gui.errors import InvalidToken
from tests.support.clock import FakeClock
from tests.unit.auth.test_tokens import JWK_A, META, KeyServer, sign, validator


def checker(clock: FakeClock) -> TokenValidator:
    """A validator on ``clock``, as a session hands its clock in."""
    return TokenValidator(
        KeyServer(JWK_A),  # type: ignore[arg-type]
        META,
        client_id="cid",
        audience="urn:api",
        clock=clock,
    )


@pytest.mark.parametrize("claim", ["iat", "nbf"])
async def test_a_provider_clock_90_s_ahead_is_accepted(claim: str):
    ahead = int(time.time()) + 90  # the machine's clock is 90 s behind the provider's
    token = sign({claim: ahead, "exp": ahead + 3600})
    access = await validator(KeyServer(JWK_A)).access_token(token)
    assert access.subject == "user|1"


@pytest.mark.parametrize("claim", ["iat", "nbf"])
async def test_a_client_clock_90_s_behind_is_accepted(claim: str):
    now = int(time.time())
    token = sign({claim: now, "exp": now + 3600})
    access = await checker(FakeClock(now - 90)).access_token(token)
    assert access.seconds_left(now - 90) == pytest.approx(3690)


@pytest.mark.parametrize("claim", ["iat", "nbf"])
async def test_a_token_from_ten_minutes_in_the_future_is_refused(claim: str):
    now = int(time.time())
    token = sign({claim: now + 600, "exp": now + 4200})
    with pytest.raises(InvalidToken, match="not valid yet"):
        await checker(FakeClock(now)).access_token(token)


@pytest.mark.parametrize(("age", "accepted"), [(30, True), (120, False)])
async def test_exp_keeps_a_small_leeway(age: int, accepted: bool):
    now = int(time.time())
    token = sign({"iat": now - 3600, "exp": now - age})
    check = checker(FakeClock(now))
    if accepted:
        await check.access_token(token)
    else:
        with pytest.raises(InvalidToken, match="already expired"):
            await check.access_token(token)


async def test_the_validators_clock_decides_not_the_machines():
    now = int(time.time())
    token = sign({"iat": now, "exp": now + 600})
    with pytest.raises(InvalidToken, match="already expired"):
        await checker(FakeClock(now + 3600)).access_token(token)


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        pytest.param({"exp": 1e300}, "exp", id="exp absurdly far"),
        pytest.param({"exp": True}, "exp", id="exp a boolean"),
        pytest.param({"exp": "soon"}, "exp", id="exp a string"),
        pytest.param({"iat": float("nan")}, "iat", id="iat NaN"),
        pytest.param({"nbf": float("inf")}, "nbf", id="nbf infinite"),
    ],
)
async def test_unusable_times_are_refused_by_name(claims: dict, message: str):
    with pytest.raises(InvalidToken, match=message):
        await checker(FakeClock(time.time())).access_token(sign(claims))
