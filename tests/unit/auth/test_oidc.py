"""gui/auth/oidc.py: discovery documents checked against the issuer that was asked."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from gui.auth.http import HttpClient
from gui.auth.oidc import discover, discovery_url, parse_metadata
from gui.errors import NetworkError, ProtocolError
from tests.support.http_server import Canned, canned_server

ISSUER = "https://example.us.auth0.com/"


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "issuer": ISSUER,
        "device_authorization_endpoint": f"{ISSUER}oauth/device/code",
        "token_endpoint": f"{ISSUER}oauth/token",
        "jwks_uri": f"{ISSUER}.well-known/jwks.json",
        "revocation_endpoint": f"{ISSUER}oauth/revoke",
    }
    doc.update(changes)
    return {k: v for k, v in doc.items() if v is not None}


@pytest.mark.parametrize("issuer", [ISSUER, ISSUER.rstrip("/")])
def test_discovery_url(issuer: str) -> None:
    assert discovery_url(issuer) == f"{ISSUER}.well-known/openid-configuration"


def test_a_good_document_keeps_its_own_spelling_of_the_issuer() -> None:
    metadata = parse_metadata(ISSUER.rstrip("/"), document())
    assert metadata.issuer == ISSUER  # tokens carry exactly this as `iss`
    assert metadata.token_endpoint == f"{ISSUER}oauth/token"
    assert metadata.revocation_endpoint == f"{ISSUER}oauth/revoke"
    assert metadata.userinfo_endpoint is None


def test_revocation_is_optional() -> None:
    assert parse_metadata(ISSUER, document(revocation_endpoint=None)).revocation_endpoint is None


def test_another_issuer_is_refused() -> None:
    with pytest.raises(ProtocolError, match=re.escape("names issuer 'https://evil.example.com/'")):
        parse_metadata(ISSUER, document(issuer="https://evil.example.com/"))


def test_no_device_grant_says_so() -> None:
    with pytest.raises(ProtocolError, match="does not offer the device authorization grant"):
        parse_metadata(ISSUER, document(device_authorization_endpoint=None))


@pytest.mark.parametrize("name", ["token_endpoint", "jwks_uri"])
def test_a_missing_required_endpoint_is_named(name: str) -> None:
    with pytest.raises(ProtocolError, match=f"has no {name}"):
        parse_metadata(ISSUER, document(**{name: None}))


def test_plain_http_endpoints_are_refused_off_loopback() -> None:
    with pytest.raises(ProtocolError, match="token_endpoint"):
        parse_metadata(ISSUER, document(token_endpoint="http://example.us.auth0.com/oauth/token"))


async def test_discover_fetches_and_checks_over_http() -> None:
    with canned_server({}) as server:
        issuer = f"{server.url}/"
        doc = {
            "issuer": issuer,
            "device_authorization_endpoint": f"{issuer}oauth/device/code",
            "token_endpoint": f"{issuer}oauth/token",
            "jwks_uri": f"{issuer}jwks",
        }
        server.answers["/.well-known/openid-configuration"] = Canned(200, json.dumps(doc).encode())
        http = HttpClient(timeout=5)
        try:
            metadata = await discover(http, issuer)
            server.answers["/.well-known/openid-configuration"] = Canned(503, b"{}")
            with pytest.raises(NetworkError, match="HTTP 503"):
                await discover(http, issuer)
        finally:
            http.close()
    assert metadata.device_authorization_endpoint == f"{issuer}oauth/device/code"


def test_a_browser_only_provider_is_accepted_and_says_so() -> None:
    metadata = parse_metadata(
        ISSUER,
        document(
            device_authorization_endpoint=None,
            authorization_endpoint=f"{ISSUER}authorize",
            code_challenge_methods_supported=["S256"],
            authorization_response_iss_parameter_supported=True,
        ),
    )
    assert not metadata.offers_device_flow and metadata.offers_browser_flow
    assert metadata.code_challenge_methods == ("S256",)
    assert metadata.iss_parameter_supported


def test_the_browser_fields_default_to_not_offered() -> None:
    metadata = parse_metadata(ISSUER, document())
    assert metadata.offers_device_flow and not metadata.offers_browser_flow
    assert metadata.code_challenge_methods is None and not metadata.iss_parameter_supported
    assert metadata.protected_resources == ()


def test_a_plain_http_authorization_endpoint_is_refused() -> None:
    with pytest.raises(ProtocolError, match=r"authorization_endpoint .* plain http://"):
        parse_metadata(ISSUER, document(authorization_endpoint="http://login.example.com/a"))


@pytest.mark.parametrize(
    ("resources", "sent"),
    [
        (["https://gw.example.com/mcp"], "https://gw.example.com/mcp"),
        (["https://gw.example.com/mcp/"], "https://gw.example.com/mcp"),
        (["https://other.example.com/mcp"], None),
        (None, None),
        ("https://gw.example.com/mcp", None),  # not a list: not understood
    ],
)
def test_the_gateway_is_a_resource_only_when_advertised(resources: Any, sent: str | None) -> None:
    metadata = parse_metadata(ISSUER, document(protected_resources=resources))
    assert metadata.resource_indicator("https://gw.example.com/mcp") == sent
    assert metadata.resource_indicator("") is None
