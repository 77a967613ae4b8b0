"""The demo provider's authorization code grant with PKCE, over real HTTP with ``requests``.

The app's side of it is tests/integration/auth/test_browser_sign_in.py; here the requests
are made by hand, to see each refusal the provider must make.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from gui.auth.browser_flow import Pkce
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DENIAL_MESSAGE, DemoIdp
from tests.support import browser

TIMEOUT = 5
CALLBACK = "http://127.0.0.1:54321/callback"


def authorize_url(idp: DemoIdp, pkce: Pkce, **changes: str | None) -> str:
    query: dict[str, str | None] = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": CALLBACK,
        "scope": "openid profile email offline_access invoke:mcp",
        "state": "s-1",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
        "audience": DEMO_AUDIENCE,
    }
    query.update(changes)
    return f"{idp.issuer}authorize?" + urlencode({k: v for k, v in query.items() if v is not None})


def answer_of(location: str) -> dict[str, str]:
    assert location.startswith(CALLBACK + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def exchange(idp: DemoIdp, code: str, verifier: str, **changes: str) -> requests.Response:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": DEMO_CLIENT_ID,
        "code_verifier": verifier,
        **changes,
    }
    return requests.post(f"{idp.issuer}oauth/token", data=form, timeout=TIMEOUT)


def code_for(idp: DemoIdp, pkce: Pkce, username: str = "alice") -> str:
    answer = answer_of(browser.answer(authorize_url(idp, pkce), username))
    assert answer["state"] == "s-1" and answer["iss"] == idp.issuer
    return answer["code"]


def test_discovery_advertises_the_browser_sign_in(idp: DemoIdp) -> None:
    doc = requests.get(f"{idp.issuer}.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert doc["authorization_endpoint"] == f"{idp.issuer}authorize"
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["authorization_response_iss_parameter_supported"] is True
    assert "authorization_code" in doc["grant_types_supported"]
    assert "protected_resources" not in doc
    idp.protect_resource("http://127.0.0.1:9/mcp")
    doc = requests.get(f"{idp.issuer}.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert doc["protected_resources"] == ["http://127.0.0.1:9/mcp"]


def test_the_page_offers_the_users_allow_and_deny(idp: DemoIdp) -> None:
    page = requests.get(authorize_url(idp, Pkce.new()), timeout=TIMEOUT)
    assert page.status_code == 200
    assert "Alice Example" in page.text and "Bob Example" in page.text
    assert "<li>invoke:mcp</li>" in page.text
    policy = page.headers["Content-Security-Policy"]
    assert "script-src" not in policy and "form-action 'self' http://127.0.0.1:*" in policy


def test_a_code_with_its_verifier_gets_tokens_once(idp: DemoIdp) -> None:
    pkce = Pkce.new()
    code = code_for(idp, pkce)
    first = exchange(idp, code, pkce.verifier)
    assert first.status_code == 200, first.text
    tokens: dict[str, Any] = first.json()
    assert {"access_token", "id_token", "refresh_token"} <= set(tokens)
    again = exchange(idp, code, pkce.verifier)
    assert (again.status_code, again.json()["error"]) == (403, "invalid_grant")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"code_verifier": Pkce.new().verifier}, "invalid_grant"),
        ({"code_verifier": "short"}, "invalid_grant"),
        ({"redirect_uri": "http://127.0.0.1:54322/callback"}, "invalid_grant"),
        ({"client_id": "another-app"}, "invalid_client"),
        ({"resource": "https://elsewhere.example/mcp"}, "invalid_target"),
    ],
    ids=[
        "another verifier",
        "malformed verifier",
        "another redirect",
        "another client",
        "resource",
    ],
)
def test_an_exchange_that_does_not_match_is_refused(
    idp: DemoIdp, changes: dict[str, str], error: str
) -> None:
    pkce = Pkce.new()
    code = code_for(idp, pkce)
    refused = exchange(idp, code, pkce.verifier, **changes)
    assert refused.json()["error"] == error, refused.text
    assert exchange(idp, code, pkce.verifier).json()["error"] == "invalid_grant"  # spent


@pytest.mark.parametrize(
    ("changes", "error", "text"),
    [
        ({"code_challenge_method": "plain"}, "invalid_request", "plain is not accepted"),
        ({"code_challenge_method": None}, "invalid_request", "S256 is required"),
        ({"code_challenge": None}, "invalid_request", "code_challenge is missing"),
        ({"response_type": "token"}, "unsupported_response_type", "response_type=code"),
        ({"audience": "urn:other"}, "access_denied", "Service not found"),
        ({"resource": "https://elsewhere.example/mcp"}, "invalid_target", "Unknown resource"),
    ],
)
def test_a_bad_request_goes_back_to_the_app_as_an_error(
    idp: DemoIdp, changes: dict[str, str | None], error: str, text: str
) -> None:
    answer = requests.get(
        authorize_url(idp, Pkce.new(), **changes), timeout=TIMEOUT, allow_redirects=False
    )
    assert answer.status_code == 302
    params = answer_of(answer.headers["Location"])
    assert params["error"] == error and text in params["error_description"]
    assert params["state"] == "s-1" and params["iss"] == idp.issuer


@pytest.mark.parametrize(
    "changes",
    [
        {"client_id": "another-app"},
        {"redirect_uri": "https://attacker.example/callback"},
        {"redirect_uri": "http://127.0.0.1/callback"},  # no port: not our listener
        {"redirect_uri": "http://127.0.0.1:5000/other"},
        {"redirect_uri": None},
    ],
    ids=["unknown client", "remote redirect", "no port", "other path", "no redirect"],
)
def test_an_untrusted_client_or_redirect_is_never_redirected_to(
    idp: DemoIdp, changes: dict[str, str | None]
) -> None:
    answer = requests.get(
        authorize_url(idp, Pkce.new(), **changes), timeout=TIMEOUT, allow_redirects=False
    )
    assert answer.status_code == 400 and "Location" not in answer.headers


@pytest.mark.parametrize(
    ("user", "action", "description"),
    [("alice", "deny", "User did not authorize the request"), ("bob", "allow", DENIAL_MESSAGE)],
)
def test_a_denial_goes_back_as_access_denied(
    idp: DemoIdp, user: str, action: str, description: str
) -> None:
    params = answer_of(browser.answer(authorize_url(idp, Pkce.new()), user, action))
    assert params == {
        "error": "access_denied",
        "error_description": description,
        "state": "s-1",
        "iss": idp.issuer,
    }


def test_a_request_is_answered_once(idp: DemoIdp) -> None:
    url = authorize_url(idp, Pkce.new())
    request_id = browser.consent_page(url)
    form = {"request_id": request_id, "username": "alice", "action": "allow"}
    first = requests.post(
        f"{idp.issuer}authorize", data=form, timeout=TIMEOUT, allow_redirects=False
    )
    second = requests.post(
        f"{idp.issuer}authorize", data=form, timeout=TIMEOUT, allow_redirects=False
    )
    assert first.status_code == 302 and second.status_code == 400
