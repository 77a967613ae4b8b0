"""Non-finite numbers from the embedded provider (issue 17, item 8), against the real keyring.

A refresh the provider has answered has already spent the old refresh token, so an
answer whose numbers we refuse must still leave the rotated token stored: the test
makes the provider rotate the token (a real refresh over HTTP, as the provider would
on our request), then has it hand that answer to the session with ``expires_in``
spoiled, through the server's own fault injection.
"""

from __future__ import annotations

import asyncio
import json

import pytest
import requests

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.errors import ProtocolError
from tests.support.auth import make_session, sign_in_as

TOKEN = "/oauth/token"
DEVICE = "/oauth/device/code"
SPOILED = [pytest.param("NaN", id="NaN"), pytest.param("1e999", id="1e999")]


def rotate_at_the_provider(idp: DemoIdp, refresh_token: str) -> dict[str, object]:
    """Spend ``refresh_token`` in a real refresh; the provider's answer (new tokens)."""
    response = requests.post(
        f"{idp.issuer}oauth/token",
        data={
            "grant_type": "refresh_token",
            "client_id": DEMO_CLIENT_ID,
            "refresh_token": refresh_token,
        },
        timeout=5,
    )
    response.raise_for_status()
    return response.json()


def with_expires_in(answer: dict[str, object], raw_number: str) -> bytes:
    """``answer`` as JSON with ``expires_in`` written as ``raw_number`` (NaN, 1e999)."""
    fields = {k: v for k, v in answer.items() if k != "expires_in"}
    text = json.dumps(fields)
    return (text[:-1] + f', "expires_in": {raw_number}}}').encode()


@pytest.mark.parametrize("number", SPOILED)
async def test_a_refresh_answer_with_a_spoiled_expires_in_keeps_the_rotated_token(
    idp: DemoIdp, store: KeyringStore, number: str
):
    window = make_session(idp, store)
    await sign_in_as(window, idp)
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert stored is not None
    rotated = await asyncio.to_thread(rotate_at_the_provider, idp, stored.refresh_token)
    idp.inject_fault(TOKEN, status=200, body=with_expires_in(rotated, number))

    with pytest.raises(ProtocolError, match="expires_in") as caught:
        await window.refresh_now()

    assert "not a usable number" in caught.value.message
    now = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert now is not None and now.refresh_token == rotated["refresh_token"]
    assert idp.is_refresh_token_active(now.refresh_token)
    await window.refresh_now()  # the next refresh goes on from the rotated token
    assert idp.reuse_count() == 0 and window.remembered
    await window.aclose()


@pytest.mark.parametrize("number", SPOILED)
async def test_a_sign_in_answer_with_a_spoiled_expires_in_is_a_protocol_error(
    idp: DemoIdp, store: KeyringStore, number: str
):
    session = make_session(idp, store)
    code = await session.start_sign_in()
    body = f'{{"access_token": "{idp.mint_access_token()}", "expires_in": {number}}}'
    idp.inject_fault(TOKEN, status=200, body=body.encode())
    with pytest.raises(ProtocolError, match="expires_in"):
        await asyncio.wait_for(session.wait_for_approval(code), 10)
    assert not session.signed_in
    await session.aclose()


@pytest.mark.parametrize("field", ["interval", "expires_in"])
@pytest.mark.parametrize("number", SPOILED)
async def test_a_device_code_answer_with_a_spoiled_number_is_a_protocol_error(
    idp: DemoIdp, store: KeyringStore, field: str, number: str
):
    values = {"interval": "5", "expires_in": "600"}
    values[field] = number
    body = (
        '{"device_code": "dc", "user_code": "BCDF-GHJK", '
        f'"verification_uri": "{idp.issuer}activate", '
        f'"expires_in": {values["expires_in"]}, "interval": {values["interval"]}}}'
    )
    idp.inject_fault(DEVICE, status=200, body=body.encode())
    session = make_session(idp, store)
    with pytest.raises(ProtocolError, match=field):
        await session.start_sign_in()
    await session.aclose()
