"""gui/auth/browser_flow.py: PKCE, the authorization URL, the callback judged, the exchange.

The browser is played with plain HTTP requests to the loopback listener; the token
endpoint is a fake that records what it was sent.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from gui.auth.browser_flow import DEFAULT_TIMEOUT, BrowserSignIn, Pkce, fixed_port, s256
from gui.auth.http import HttpResponse
from gui.auth.oidc import ProviderMetadata, SignInRequest
from gui.errors import AccessDenied, AuthError, BrowserSignInTimedOut, ConfigError, ProtocolError

ISSUER = "https://tenant.example.auth0.com/"
META = ProviderMetadata(
    issuer=ISSUER,
    device_authorization_endpoint=None,
    token_endpoint=ISSUER + "oauth/token",
    jwks_uri=ISSUER + ".well-known/jwks.json",
    authorization_endpoint=ISSUER + "authorize",
    code_challenge_methods=("S256",),
    iss_parameter_supported=True,
)
TOKENS = {"access_token": "at", "refresh_token": "rt", "expires_in": 3600, "scope": "openid"}
APP = SignInRequest(client_id="app", scopes="openid")


class FakeTokenEndpoint:
    """Answers the code exchange; records each form."""

    def __init__(self, status: int = 200, body: dict[str, Any] | None = None) -> None:
        self.status = status
        self.body = TOKENS if body is None else body
        self.forms: list[dict[str, str]] = []

    async def post_form(self, url: str, data: dict[str, str]) -> HttpResponse:
        self.forms.append(dict(data))
        return HttpResponse(url, self.status, json.dumps(self.body).encode())


def visit(url: str) -> tuple[int, str]:
    """GET ``url`` as the browser would; the status and the page."""
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


async def come_back(flow: BrowserSignIn, **params: str) -> tuple[int, str]:
    """The browser returns to the app's callback with ``params``."""
    return await asyncio.to_thread(visit, f"{flow.redirect_uri}?{urlencode(params)}")


async def begin(
    endpoint: FakeTokenEndpoint, asked: SignInRequest = APP, within: float = DEFAULT_TIMEOUT
) -> BrowserSignIn:
    """A started browser sign-in against ``endpoint``, listening on any free port."""
    return await BrowserSignIn(endpoint, META, asked, within=within).start()  # type: ignore[arg-type]


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def test_s256_matches_rfc_7636_appendix_b():
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_a_new_verifier_is_long_random_and_unreserved():
    first, second = Pkce.new(), Pkce.new()
    assert first.verifier != second.verifier
    assert 43 <= len(first.verifier) <= 128
    assert set(first.verifier) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
    assert first.challenge == s256(first.verifier) and first.method == "S256"
    assert first.verifier not in repr(first)


@pytest.mark.parametrize(
    ("value", "port"), [("", 0), ("8765", 8765), (" 50000 ", 50000)], ids=["unset", "set", "spaces"]
)
def test_fixed_port_setting(value: str, port: int):
    assert fixed_port({"AGENTCORE_REDIRECT_PORT": value}) == port


@pytest.mark.parametrize("value", ["http", "80", "70000", "-1"])
def test_a_bad_fixed_port_names_the_setting(value: str):
    with pytest.raises(ConfigError, match="AGENTCORE_REDIRECT_PORT"):
        fixed_port({"AGENTCORE_REDIRECT_PORT": value})


async def test_the_authorization_url_carries_pkce_state_and_the_loopback_redirect():
    asked = SignInRequest(
        "app", "openid offline_access", audience="urn:api", resource="https://gw.example.com/mcp"
    )
    flow = await begin(FakeTokenEndpoint(), asked)
    try:
        query = query_of(flow.url)
        assert flow.url.startswith(ISSUER + "authorize?")
        assert query["response_type"] == "code" and query["client_id"] == "app"
        assert query["redirect_uri"] == flow.redirect_uri
        assert flow.redirect_uri.startswith("http://127.0.0.1:")
        assert flow.redirect_uri.endswith("/callback")
        assert query["code_challenge_method"] == "S256"
        assert len(query["state"]) >= 32 and len(query["code_challenge"]) == 43
        assert query["scope"] == "openid offline_access"
        assert query["audience"] == "urn:api"
        assert query["resource"] == "https://gw.example.com/mcp"
    finally:
        await flow.aclose()


async def test_a_good_answer_is_exchanged_with_the_verifier():
    endpoint = FakeTokenEndpoint()
    flow = await begin(endpoint)
    state = query_of(flow.url)["state"]
    waiting = asyncio.ensure_future(flow.wait())
    status, page = await come_back(flow, code="the-code", state=state, iss=ISSUER)
    tokens = await asyncio.wait_for(waiting, 5)
    assert status == 200 and "You can close this tab" in page
    assert tokens.access_token == "at" and tokens.refresh_token == "rt"
    (form,) = endpoint.forms
    assert form["grant_type"] == "authorization_code" and form["code"] == "the-code"
    assert form["redirect_uri"] == flow.redirect_uri and form["client_id"] == "app"
    assert s256(form["code_verifier"]) == query_of(flow.url)["code_challenge"]
    assert "resource" not in form  # not advertised, not sent
    # The listener is gone: the port no longer answers.
    with pytest.raises(OSError):
        await asyncio.to_thread(visit, flow.redirect_uri)


def _other_issuer(state: str) -> dict[str, str]:
    return {"code": "c", "state": state, "iss": "https://evil.example.com/"}


CALLBACKS: dict[str, tuple[Any, type[Exception], str]] = {
    "wrong state": (
        lambda state: {"code": "c", "state": state + "x", "iss": ISSUER},
        AuthError,
        "state did not match",
    ),
    "no state": (lambda state: {"code": "c", "iss": ISSUER}, AuthError, "state did not match"),
    "another issuer": (_other_issuer, AuthError, "came from 'https://evil.example.com/'"),
    "no iss though promised": (
        lambda state: {"code": "c", "state": state},
        AuthError,
        "no 'iss'",
    ),
    "access denied": (
        lambda state: {
            "error": "access_denied",
            "error_description": "missing required role\x1b[2J for this application",
            "state": state,
            "iss": ISSUER,
        },
        AccessDenied,
        "Access denied: missing required role for this application",
    ),
    "other error": (
        lambda state: {"error": "login_required", "state": state, "iss": ISSUER},
        AuthError,
        "refused the sign-in: login_required",
    ),
    "no code": (lambda state: {"state": state, "iss": ISSUER}, ProtocolError, "without a sign-in"),
}


@pytest.mark.parametrize("case", CALLBACKS)
async def test_a_bad_answer_is_refused_with_a_clear_error(case: str):
    params, error, message = CALLBACKS[case]
    endpoint = FakeTokenEndpoint()
    flow = await begin(endpoint)
    waiting = asyncio.ensure_future(flow.wait())
    status, page = await come_back(flow, **params(query_of(flow.url)["state"]))
    with pytest.raises(error, match=message) as caught:
        await asyncio.wait_for(waiting, 5)
    assert status == 400 and "did not finish" in page and "You can close this tab" in page
    assert endpoint.forms == []  # nothing exchanged
    assert "\x1b" not in caught.value.message


async def test_a_browser_that_never_comes_back_times_out_clearly():
    flow = await begin(FakeTokenEndpoint(), within=0.2)
    with pytest.raises(BrowserSignInTimedOut, match=r"did not come back within 0\.2 s"):
        await flow.wait()
    with pytest.raises(OSError):  # the listener is closed
        await asyncio.to_thread(visit, flow.redirect_uri)


def test_the_timeout_message_speaks_in_minutes():
    assert "within 5 minutes" in BrowserSignInTimedOut(300).message


async def test_cancelling_the_wait_closes_the_listener():
    flow = await begin(FakeTokenEndpoint())
    waiting = asyncio.ensure_future(flow.wait())
    await asyncio.sleep(0)  # one loop turn: the wait starts and suspends on the browser's answer
    assert not waiting.done()
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    with pytest.raises(OSError):
        await asyncio.to_thread(visit, flow.redirect_uri)


@pytest.mark.parametrize(
    ("status", "body", "error", "message"),
    [
        (
            403,
            {"error": "invalid_grant", "error_description": "Invalid authorization code"},
            AuthError,
            "did not accept the sign-in: Invalid authorization code",
        ),
        (403, {"error": "access_denied", "error_description": "no role"}, AccessDenied, "no role"),
        (503, {}, Exception, "having trouble"),
    ],
    ids=["invalid grant", "denied at the exchange", "server trouble"],
)
async def test_a_refused_exchange_says_why(
    status: int, body: dict[str, str], error: type[Exception], message: str
):
    endpoint = FakeTokenEndpoint(status, body)
    flow = await begin(endpoint)
    waiting = asyncio.ensure_future(flow.wait())
    await come_back(flow, code="c", state=query_of(flow.url)["state"], iss=ISSUER)
    with pytest.raises(error, match=message):
        await asyncio.wait_for(waiting, 5)


@pytest.mark.parametrize(
    ("changes", "offered"),
    [
        ({}, True),
        ({"code_challenge_methods": None}, True),  # not advertised: tried
        ({"code_challenge_methods": ("plain",)}, False),
        ({"authorization_endpoint": None}, False),
    ],
)
def test_which_providers_offer_the_browser_sign_in(changes: dict[str, Any], offered: bool):
    import dataclasses

    metadata = dataclasses.replace(META, **changes)
    assert metadata.offers_browser_flow is offered
    if not offered:
        with pytest.raises(AuthError, match="does not offer a browser sign-in"):
            BrowserSignIn(FakeTokenEndpoint(), metadata, SignInRequest("a", "s"))  # type: ignore[arg-type]
