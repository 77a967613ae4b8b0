"""Protocol tests of the demo identity provider, over real HTTP with ``requests``."""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests

from gui.demo.idp import (
    DEMO_AUDIENCE,
    DEMO_CLIENT_ID,
    DEMO_USERS,
    DENIAL_MESSAGE,
    REQUIRED_ROLE,
    DemoIdp,
)
from tests.support.clock import FakeClock

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 5  # seconds; every request has one so a bug can't hang the suite


@pytest.fixture
def make_idp() -> Iterator[Callable[..., DemoIdp]]:
    """Start providers with custom settings; all are stopped at teardown."""
    started: list[DemoIdp] = []

    def _make(**kwargs: Any) -> DemoIdp:
        idp = DemoIdp(**kwargs).start()
        started.append(idp)
        return idp

    yield _make
    for idp in started:
        idp.stop()


# ----------------------------------------------------------------------- helpers


def post(idp: DemoIdp, path: str, data: dict[str, str], **kwargs: Any) -> requests.Response:
    return requests.post(f"{idp.issuer}{path}", data=data, timeout=TIMEOUT, **kwargs)


def start_device(
    idp: DemoIdp, scope: str = "openid profile email offline_access invoke:mcp"
) -> dict[str, Any]:
    response = post(
        idp,
        "oauth/device/code",
        {"client_id": DEMO_CLIENT_ID, "scope": scope, "audience": DEMO_AUDIENCE},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def poll(idp: DemoIdp, device_code: str) -> requests.Response:
    return post(
        idp,
        "oauth/token",
        {"grant_type": DEVICE_GRANT, "device_code": device_code, "client_id": DEMO_CLIENT_ID},
    )


def refresh(idp: DemoIdp, refresh_token: str) -> requests.Response:
    return post(
        idp,
        "oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": DEMO_CLIENT_ID,
        },
    )


def sign_in(idp: DemoIdp, username: str = "alice") -> dict[str, Any]:
    """A whole device flow approved through the API; returns the token response."""
    device = start_device(idp)
    idp.approve(device["user_code"], username)
    response = poll(idp, device["device_code"])
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def verify(idp: DemoIdp, token: str, audience: str) -> dict[str, Any]:
    """Verify a token the way a client does: key from the JWKS by kid, iss, aud, exp."""
    jwks = requests.get(f"{idp.issuer}.well-known/jwks.json", timeout=TIMEOUT).json()
    kid = jwt.get_unverified_header(token)["kid"]
    (jwk,) = [k for k in jwks["keys"] if k["kid"] == kid]
    claims: dict[str, Any] = jwt.decode(
        token,
        jwt.PyJWK(jwk).key,
        algorithms=["RS256"],
        audience=audience,
        issuer=idp.issuer,
    )
    return claims


def error_of(response: requests.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body.get("error_description", "")


# -------------------------------------------------------------- discovery, keys


def test_discovery_document(idp: DemoIdp) -> None:
    response = requests.get(f"{idp.issuer}.well-known/openid-configuration", timeout=TIMEOUT)
    assert response.status_code == 200
    doc = response.json()
    iss = idp.issuer
    assert iss == f"http://127.0.0.1:{idp.port}/"
    assert doc["issuer"] == iss
    assert doc["device_authorization_endpoint"] == f"{iss}oauth/device/code"
    assert doc["token_endpoint"] == f"{iss}oauth/token"
    assert doc["jwks_uri"] == f"{iss}.well-known/jwks.json"
    assert doc["revocation_endpoint"] == f"{iss}oauth/revoke"
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]
    assert {DEVICE_GRANT, "refresh_token"} <= set(doc["grant_types_supported"])
    assert {"openid", "offline_access"} <= set(doc["scopes_supported"])
    authorize = requests.get(doc["authorization_endpoint"], timeout=TIMEOUT)
    assert authorize.status_code == 400


def test_jwks_verifies_issued_tokens(idp: DemoIdp) -> None:
    jwks = requests.get(f"{idp.issuer}.well-known/jwks.json", timeout=TIMEOUT).json()
    (key,) = jwks["keys"]
    assert (key["kty"], key["use"], key["alg"]) == ("RSA", "sig", "RS256")
    assert "d" not in key  # public part only

    tokens = sign_in(idp)
    access = verify(idp, tokens["access_token"], DEMO_AUDIENCE)
    assert jwt.get_unverified_header(tokens["access_token"])["kid"] == key["kid"]
    assert access["iss"] == idp.issuer
    assert access["aud"] == [DEMO_AUDIENCE, f"{idp.issuer}userinfo"]
    assert access["sub"] == "demo|alice"
    assert access["azp"] == DEMO_CLIENT_ID
    assert access["permissions"] == ["invoke:mcp"]
    assert "invoke:mcp" in access["scope"].split()
    assert access["iat"] <= access["nbf"] < access["exp"]
    assert access["jti"]

    identity = verify(idp, tokens["id_token"], DEMO_CLIENT_ID)
    assert identity["sub"] == "demo|alice"
    assert identity["name"] == "Alice Example"
    assert identity["email"] == "alice@example.com"

    minted = idp.mint_access_token(scope="invoke:mcp", extra_claims={"custom": 1})
    claims = verify(idp, minted, DEMO_AUDIENCE)
    assert claims["aud"] == DEMO_AUDIENCE  # no openid scope: a plain string
    assert claims["custom"] == 1


def test_each_instance_has_its_own_key(make_idp: Callable[..., DemoIdp]) -> None:
    first, second = make_idp(interval=0), make_idp(interval=0)
    token = first.mint_access_token()
    (other,) = requests.get(f"{second.issuer}.well-known/jwks.json", timeout=TIMEOUT).json()["keys"]
    assert other["kid"] != jwt.get_unverified_header(token)["kid"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, jwt.PyJWK(other).key, algorithms=["RS256"], audience=DEMO_AUDIENCE)


def test_userinfo(idp: DemoIdp) -> None:
    tokens = sign_in(idp)
    response = requests.get(
        f"{idp.issuer}userinfo",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.json()["email"] == "alice@example.com"
    anonymous = requests.get(f"{idp.issuer}userinfo", timeout=TIMEOUT)
    assert anonymous.status_code == 401


# ------------------------------------------------------------ device authorization


def test_device_code_answer(idp: DemoIdp) -> None:
    device = start_device(idp)
    assert re.fullmatch(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", device["user_code"])
    assert len(device["device_code"]) >= 32
    assert device["verification_uri"] == f"{idp.issuer}activate"
    assert device["verification_uri_complete"] == (
        f"{idp.issuer}activate?user_code={device['user_code']}"
    )
    assert device["expires_in"] == 600
    assert device["interval"] == 0


def test_device_code_rejects_unknown_client_and_audience(idp: DemoIdp) -> None:
    unknown = post(idp, "oauth/device/code", {"client_id": "someone-else", "scope": "openid"})
    assert unknown.status_code == 401
    assert unknown.json()["error"] == "invalid_client"

    wrong = post(
        idp,
        "oauth/device/code",
        {"client_id": DEMO_CLIENT_ID, "scope": "openid", "audience": "urn:other"},
    )
    assert error_of(wrong) == (403, "access_denied", "Service not found: urn:other")


def test_device_flow_approved_on_the_web_page(idp: DemoIdp) -> None:
    device = start_device(idp)
    assert error_of(poll(idp, device["device_code"])) == (
        403,
        "authorization_pending",
        "User has yet to authorize device code.",
    )

    # What a browser does: open the link from the app, then submit the form.
    with requests.Session() as browser:
        page = browser.get(device["verification_uri_complete"], timeout=TIMEOUT)
        assert page.status_code == 200
        assert f'value="{device["user_code"]}"' in page.text
        result = browser.post(
            f"{idp.issuer}activate",
            data={"user_code": device["user_code"], "username": "alice", "action": "approve"},
            timeout=TIMEOUT,
        )
    assert result.status_code == 200
    assert "You can return to the app." in result.text
    assert "Alice Example" in result.text

    response = poll(idp, device["device_code"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    tokens = response.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert {"access_token", "id_token", "refresh_token", "scope"} <= tokens.keys()
    assert idp.is_refresh_token_active(tokens["refresh_token"])

    # A device code is exchanged once.
    assert error_of(poll(idp, device["device_code"]))[:2] == (400, "invalid_grant")


def test_lowercase_code_without_dash_is_accepted(idp: DemoIdp) -> None:
    device = start_device(idp)
    typed = device["user_code"].replace("-", "").lower()
    result = post(idp, "activate", {"user_code": typed, "username": "alice", "action": "approve"})
    assert result.status_code == 200
    assert poll(idp, device["device_code"]).status_code == 200


def test_no_refresh_token_without_offline_access(idp: DemoIdp) -> None:
    device = start_device(idp, scope="openid invoke:mcp")
    idp.approve(device["user_code"], "alice")
    tokens = poll(idp, device["device_code"]).json()
    assert "refresh_token" not in tokens
    assert "access_token" in tokens


def test_polling_too_fast_gets_slow_down_and_a_longer_interval(
    make_idp: Callable[..., DemoIdp],
) -> None:
    clock = FakeClock()
    idp = make_idp(interval=1, clock=clock)
    device = start_device(idp)
    assert device["interval"] == 1
    assert poll(idp, device["device_code"]).status_code == 403  # first poll: never too soon
    code, error, description = error_of(poll(idp, device["device_code"]))
    assert (code, error) == (429, "slow_down")
    assert "6 seconds" in description
    # 1.2 s later would satisfy the original interval, but it has grown to 6 s.
    clock.advance(1.2)
    code, error, description = error_of(poll(idp, device["device_code"]))
    assert (code, error) == (429, "slow_down")
    assert "11 seconds" in description  # grown again, as Auth0 does
    clock.advance(11.0)  # waiting the whole grown interval is on time again
    assert error_of(poll(idp, device["device_code"]))[:2] == (403, "authorization_pending")


def test_polling_tolerance(make_idp: Callable[..., DemoIdp]) -> None:
    clock = FakeClock()
    idp = make_idp(interval=1, clock=clock)
    early, on_time = start_device(idp)["device_code"], start_device(idp)["device_code"]
    assert poll(idp, early).status_code == 403
    assert poll(idp, on_time).status_code == 403
    clock.advance(0.8)  # 0.2 s too early is still too fast
    assert error_of(poll(idp, early))[1] == "slow_down"
    clock.advance(0.15)  # 0.05 s early: within the jitter the server forgives
    assert error_of(poll(idp, on_time))[1] == "authorization_pending"


def test_device_code_expires(make_idp: Callable[..., DemoIdp]) -> None:
    clock = FakeClock()
    idp = make_idp(interval=0, device_code_ttl=1, clock=clock)
    device = start_device(idp)
    assert error_of(poll(idp, device["device_code"]))[1] == "authorization_pending"
    clock.advance(0.99)
    assert error_of(poll(idp, device["device_code"]))[1] == "authorization_pending"
    clock.advance(0.01)
    assert error_of(poll(idp, device["device_code"]))[:2] == (403, "expired_token")
    with pytest.raises(ValueError, match="expired"):
        idp.approve(device["user_code"], "alice")
    page = post(
        idp,
        "activate",
        {"user_code": device["user_code"], "username": "alice", "action": "approve"},
    )
    assert page.status_code == 400
    assert "expired" in page.text


def test_deny_on_the_web_page(idp: DemoIdp) -> None:
    device = start_device(idp)
    result = post(idp, "activate", {"user_code": device["user_code"], "action": "deny"})
    assert result.status_code == 200
    assert "You can return to the app." in result.text
    assert error_of(poll(idp, device["device_code"])) == (
        403,
        "access_denied",
        "User did not authorize the request",
    )


def test_user_without_the_role_is_denied_with_http_500(idp: DemoIdp) -> None:
    bob = next(u for u in DEMO_USERS if u.username == "bob")
    assert REQUIRED_ROLE not in bob.roles
    device = start_device(idp)
    idp.approve(device["user_code"], "bob")
    assert error_of(poll(idp, device["device_code"])) == (500, "access_denied", DENIAL_MESSAGE)


def test_approve_and_deny_reject_bad_input(idp: DemoIdp) -> None:
    device = start_device(idp)
    with pytest.raises(ValueError, match="Unknown code"):
        idp.approve("BBBB-BBBB", "alice")
    with pytest.raises(ValueError, match="Unknown user"):
        idp.approve(device["user_code"], "mallory")
    idp.deny(device["user_code"])
    with pytest.raises(ValueError, match="already been used"):
        idp.approve(device["user_code"], "alice")


# ------------------------------------------------------------------ refresh tokens


def test_refresh_rotates_and_reuse_revokes_the_family(idp: DemoIdp) -> None:
    signed_in = sign_in(idp)
    first, old_access = signed_in["refresh_token"], signed_in["access_token"]
    response = refresh(idp, first)
    assert response.status_code == 200
    tokens = response.json()
    second = tokens["refresh_token"]
    assert second != first
    assert verify(idp, tokens["access_token"], DEMO_AUDIENCE)["sub"] == "demo|alice"
    assert tokens["access_token"] != old_access  # even within the same second
    assert not idp.is_refresh_token_active(first)
    assert idp.is_refresh_token_active(second)

    # Reusing the rotated-out token looks like theft: the whole family goes.
    assert error_of(refresh(idp, first)) == (
        400,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    )
    assert not idp.is_refresh_token_active(second)
    assert error_of(refresh(idp, second))[:2] == (400, "invalid_grant")


def test_refresh_without_rotation_keeps_the_token(make_idp: Callable[..., DemoIdp]) -> None:
    idp = make_idp(interval=0, rotate_refresh_tokens=False)
    token = sign_in(idp)["refresh_token"]
    for _ in range(2):
        response = refresh(idp, token)
        assert response.status_code == 200
        assert "refresh_token" not in response.json()
    assert idp.is_refresh_token_active(token)


def test_refresh_denied_once_the_role_is_removed(idp: DemoIdp) -> None:
    token = sign_in(idp)["refresh_token"]
    idp.set_roles("alice", ())
    assert error_of(refresh(idp, token)) == (403, "access_denied", DENIAL_MESSAGE)
    # The denial is the Action's, not the token's: it works again once the role is back.
    idp.set_roles("alice", (REQUIRED_ROLE,))
    assert refresh(idp, token).status_code == 200


def test_unknown_refresh_token(idp: DemoIdp) -> None:
    assert error_of(refresh(idp, "not-a-token")) == (
        400,
        "invalid_grant",
        "Unknown or invalid refresh token.",
    )


def test_revocation(idp: DemoIdp) -> None:
    token = sign_in(idp)["refresh_token"]
    response = post(idp, "oauth/revoke", {"token": token, "client_id": DEMO_CLIENT_ID})
    assert (response.status_code, response.content) == (200, b"")
    assert idp.revocation_count() == 1
    assert not idp.is_refresh_token_active(token)
    assert error_of(refresh(idp, token))[:2] == (400, "invalid_grant")

    unknown = post(idp, "oauth/revoke", {"token": "nonsense", "client_id": DEMO_CLIENT_ID})
    assert (unknown.status_code, unknown.content) == (200, b"")
    again = post(idp, "oauth/revoke", {"token": token, "client_id": DEMO_CLIENT_ID})
    assert again.status_code == 200
    assert idp.revocation_count() == 1


def test_token_endpoint_errors(idp: DemoIdp) -> None:
    assert error_of(post(idp, "oauth/token", {"grant_type": "password"}))[:2] == (
        400,
        "unsupported_grant_type",
    )
    assert error_of(post(idp, "oauth/token", {}))[:2] == (400, "invalid_request")
    missing = post(idp, "oauth/token", {"grant_type": DEVICE_GRANT, "client_id": DEMO_CLIENT_ID})
    assert error_of(missing)[:2] == (400, "invalid_request")
    assert error_of(post(idp, "oauth/token", {"grant_type": "refresh_token"}))[:2] == (
        400,
        "invalid_request",
    )
    stranger = post(
        idp,
        "oauth/token",
        {"grant_type": DEVICE_GRANT, "device_code": "x", "client_id": "someone-else"},
    )
    assert error_of(stranger)[:2] == (401, "invalid_client")
    assert error_of(poll(idp, "no-such-code"))[:2] == (400, "invalid_grant")


# -------------------------------------------------------------------------- faults


def test_injected_status(idp: DemoIdp) -> None:
    idp.inject_fault("/.well-known/openid-configuration", status=503, count=2)
    url = f"{idp.issuer}.well-known/openid-configuration"
    assert [requests.get(url, timeout=TIMEOUT).status_code for _ in range(3)] == [503, 503, 200]

    idp.inject_fault(
        "/oauth/token", status=502, body=b"<html>bad gateway</html>", content_type="text/html"
    )
    response = refresh(idp, "whatever")
    assert response.status_code == 502
    assert response.headers["Content-Type"] == "text/html"
    assert response.text == "<html>bad gateway</html>"


def test_injected_delay_provokes_a_client_timeout(idp: DemoIdp) -> None:
    idp.inject_fault("/.well-known/jwks.json", delay=2.0)
    url = f"{idp.issuer}.well-known/jwks.json"
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.get(url, timeout=0.3)
    assert requests.get(url, timeout=TIMEOUT).status_code == 200


def test_injected_dropped_connection(idp: DemoIdp) -> None:
    idp.inject_fault("/oauth/token", close_connection=True)
    with pytest.raises(requests.exceptions.ConnectionError):
        poll(idp, "anything")
    assert error_of(poll(idp, "anything"))[:2] == (400, "invalid_grant")


def test_clear_faults(idp: DemoIdp) -> None:
    idp.inject_fault("/.well-known/jwks.json", status=500, count=5)
    idp.clear_faults()
    assert requests.get(f"{idp.issuer}.well-known/jwks.json", timeout=TIMEOUT).status_code == 200


# ----------------------------------------------------------------- life cycle, safety


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com", ""])
def test_refuses_non_loopback_hosts(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        DemoIdp(host=host)


def test_loopback_hosts_are_accepted(make_idp: Callable[..., DemoIdp]) -> None:
    DemoIdp(host="::1")  # constructing is enough: IPv6 may be off in the sandbox
    idp = make_idp(host="localhost", interval=0)
    assert idp.issuer == f"http://localhost:{idp.port}/"
    doc = requests.get(f"{idp.issuer}.well-known/openid-configuration", timeout=TIMEOUT).json()
    assert doc["issuer"] == idp.issuer


def test_stop_closes_the_socket_and_is_idempotent() -> None:
    with DemoIdp(interval=0) as idp:
        url = f"{idp.issuer}.well-known/jwks.json"
        assert requests.get(url, timeout=TIMEOUT).status_code == 200
    idp.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(url, timeout=TIMEOUT)


def test_secrets_never_reach_the_log(idp: DemoIdp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="gui.demo.idp")
    device = start_device(idp)
    post(
        idp,
        "activate",
        {"user_code": device["user_code"], "username": "alice", "action": "approve"},
    )
    tokens = poll(idp, device["device_code"]).json()
    rotated = refresh(idp, tokens["refresh_token"]).json()
    refresh(idp, tokens["refresh_token"])  # reuse: logs a warning
    requests.get(device["verification_uri_complete"], timeout=TIMEOUT)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "approved by alice" in text
    for secret in (
        device["device_code"],
        device["user_code"],
        tokens["access_token"],
        tokens["refresh_token"],
        rotated["refresh_token"],
    ):
        assert secret not in text


# --------------------------------------------------------------------- the web page


def test_activate_page_has_the_controls_a_browser_test_clicks(idp: DemoIdp) -> None:
    response = requests.get(f"{idp.issuer}activate", timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    page = response.text
    assert "<title>AgentCore Chat demo sign-in</title>" in page
    for fragment in (
        'id="approve"',
        'id="deny"',
        'id="user_code"',
        'name="user_code"',
        'name="username"',
        'id="user-alice"',
        'id="user-bob"',
        'value="approve"',
        'value="deny"',
        "prefers-color-scheme",
    ):
        assert fragment in page
    assert "http://" not in page and "https://" not in page  # nothing external


def test_activate_page_escapes_the_user_code(idp: DemoIdp) -> None:
    evil = '"><script>alert(1)</script>'
    response = requests.get(f"{idp.issuer}activate", params={"user_code": evil}, timeout=TIMEOUT)
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "&quot;&gt;&lt;script&gt;" in response.text

    result = post(idp, "activate", {"user_code": evil, "username": "alice", "action": "approve"})
    assert result.status_code == 400
    assert "<script>" not in result.text
    assert "Unknown code" in result.text


# ------------------------------------------------------------------ command line


def test_runs_stand_alone() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gui.demo.idp", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        # All five lines: the last one is printed just before it waits for Ctrl+C.
        lines = [process.stdout.readline() for _ in range(5)]
        issuer = lines[0].split()[-1]
        assert issuer.startswith("http://127.0.0.1:") and issuer.endswith("/")
        assert DEMO_CLIENT_ID in lines[1] and DEMO_AUDIENCE in lines[2]
        assert lines[4].startswith("Press Ctrl+C")
        doc = requests.get(f"{issuer}.well-known/openid-configuration", timeout=TIMEOUT).json()
        assert doc["issuer"] == issuer
        process.send_signal(signal.SIGINT)
        # A deadline for a loaded machine, not a speed check: it must exit, and cleanly.
        code = process.wait(timeout=60)
        assert code == 0, process.stderr.read() if process.stderr else code
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
