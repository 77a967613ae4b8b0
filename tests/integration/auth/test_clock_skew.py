"""Signing in with a client clock 90 s behind the provider's (issue 17, item 9).

The embedded provider stamps its tokens with the machine's time; a provider whose
clock is ahead is its token answer with ``iat``/``nbf``/``exp`` 90 s later (minted by
the provider itself and handed out through its fault injection). A client clock
behind is the session's clock, which the validator now uses.
"""

from __future__ import annotations

import asyncio
import json
import time

from gui.auth.store import KeyringStore
from gui.demo.idp import DemoIdp
from tests.support.auth import make_session, sign_in_as
from tests.support.clock import FakeClock

SKEW = 90


async def test_a_provider_90_s_ahead_signs_in(idp: DemoIdp, store: KeyringStore):
    ahead = int(time.time()) + SKEW
    access = idp.mint_access_token(
        sub="demo|alice", extra_claims={"iat": ahead, "nbf": ahead, "exp": ahead + 3600}
    )
    body = json.dumps({"access_token": access, "token_type": "Bearer", "expires_in": 3600})
    session = make_session(idp, store)
    code = await session.start_sign_in()
    idp.inject_fault("/oauth/token", status=200, body=body.encode())

    identity = await asyncio.wait_for(session.wait_for_approval(code), 10)

    assert identity.subject == "demo|alice" and session.signed_in
    await session.aclose()


async def test_a_client_clock_90_s_behind_signs_in_and_refreshes(idp: DemoIdp, store: KeyringStore):
    clock = FakeClock(time.time() - SKEW)
    session = make_session(idp, store, clock=clock)

    identity = await sign_in_as(session, idp)
    assert identity.subject == "demo|alice"
    clock.advance(3600 - 60)  # the access token has a minute left by our clock
    await session.access_token()  # refreshed ahead of expiry, as by the right clock
    assert session.signed_in and idp.reuse_count() == 0
    await session.aclose()
