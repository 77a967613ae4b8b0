"""Discovery checks against the real embedded server answering an injected document.

Each case fetches the server's own discovery document, spoils one thing, and
has the server answer with it; the sign-in must stop with a ProtocolError that
says what is wrong, before any device code is asked for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import requests

from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.errors import DeviceFlowUnavailable, ProtocolError
from tests.support.auth import make_session

DISCOVERY = "/.well-known/openid-configuration"
DEVICE = "/oauth/device/code"

Spoil = Callable[[dict[str, Any], DemoIdp], None]


def _issuer_elsewhere(doc: dict[str, Any], idp: DemoIdp) -> None:
    doc["issuer"] = "https://evil.example.com/"


def _no_way_to_sign_in(doc: dict[str, Any], idp: DemoIdp) -> None:
    del doc["device_authorization_endpoint"]
    del doc["authorization_endpoint"]


def _plain_http_token_endpoint(doc: dict[str, Any], idp: DemoIdp) -> None:
    doc["token_endpoint"] = "http://login.example.com/oauth/token"


def _plain_http_device_endpoint(doc: dict[str, Any], idp: DemoIdp) -> None:
    doc["device_authorization_endpoint"] = "http://10.0.0.8/oauth/device/code"


def _hostile_issuer(doc: dict[str, Any], idp: DemoIdp) -> None:
    doc["issuer"] = "\x1b[2J<b>x</b>" + "A" * 10_000


CASES: dict[str, tuple[Spoil, str]] = {
    "issuer mismatch": (_issuer_elsewhere, r"names issuer 'https://evil\.example\.com/', not"),
    "no way to sign in": (_no_way_to_sign_in, "does not offer the device authorization grant"),
    "plain http token endpoint": (_plain_http_token_endpoint, "token_endpoint .* plain http://"),
    "plain http device endpoint": (
        _plain_http_device_endpoint,
        "device_authorization_endpoint .* plain http://",
    ),
    "hostile issuer": (_hostile_issuer, "names issuer"),
}


def served_document(idp: DemoIdp) -> dict[str, Any]:
    """The server's real discovery document."""
    answer = requests.get(idp.issuer + DISCOVERY.lstrip("/"), timeout=5)
    answer.raise_for_status()
    return answer.json()


@pytest.mark.parametrize("case", CASES)
async def test_a_spoiled_discovery_document_stops_the_sign_in(idp: DemoIdp, case: str) -> None:
    spoil, message = CASES[case]
    doc = served_document(idp)
    spoil(doc, idp)
    idp.inject_fault(DISCOVERY, status=200, body=json.dumps(doc).encode())
    # Nothing must reach the device endpoint: a 500 there would surface as another error.
    idp.inject_fault(DEVICE, status=500)
    session = make_session(idp, MemoryStore())
    try:
        with pytest.raises(ProtocolError, match=message) as caught:
            await session.start_sign_in()
    finally:
        await session.aclose()
    text = caught.value.message
    assert len(text) < 500
    assert "\x1b" not in text and "A" * 200 not in text


@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_a_redirected_discovery_is_refused_not_followed(idp: DemoIdp, status: int) -> None:
    # The redirect points at the server's own real document: following it would succeed.
    target = idp.issuer + DISCOVERY.lstrip("/") + "?followed=1"
    idp.inject_fault(DISCOVERY, status=status, body=b"", headers={"Location": target})
    session = make_session(idp, MemoryStore())
    try:
        with pytest.raises(ProtocolError, match=rf"redirect \(HTTP {status}\), which is refused"):
            await session.start_sign_in()
    finally:
        await session.aclose()


async def test_without_a_device_endpoint_the_device_flow_is_unavailable(idp: DemoIdp) -> None:
    """A provider with only the browser sign-in (e.g. Entra with device code blocked)."""
    doc = served_document(idp)
    del doc["device_authorization_endpoint"]
    idp.inject_fault(DISCOVERY, status=200, body=json.dumps(doc).encode())
    idp.inject_fault(DEVICE, status=500)
    session = make_session(idp, MemoryStore())
    try:
        with pytest.raises(DeviceFlowUnavailable, match="Use this computer's browser"):
            await session.start_sign_in()
        metadata = await session.metadata()
    finally:
        await session.aclose()
    assert not metadata.offers_device_flow and metadata.offers_browser_flow
    assert idp.pending_faults(DEVICE) == 1  # never asked


async def test_the_real_document_passes(idp: DemoIdp) -> None:
    session = make_session(idp, MemoryStore())
    try:
        code = await session.start_sign_in()
    finally:
        await session.aclose()
    assert code.user_code
