"""gui/auth/http.py: responses read safely, requests' errors mapped, nothing secret logged."""

from __future__ import annotations

import logging

import pytest

from gui.auth.http import HttpClient, HttpResponse
from gui.errors import NetworkError, ProtocolError
from tests.support.http_server import Canned, canned_server, refused_port

URL = "https://login.example.com/oauth/token"


@pytest.mark.parametrize(
    ("status", "transient"), [(200, False), (400, False), (403, False), (429, True), (500, True)]
)
def test_transient_statuses(status: int, transient: bool) -> None:
    assert HttpResponse(URL, status, b"{}").is_transient is transient


def test_transient_errors_name_the_host_and_the_reason() -> None:
    assert "rate limiting" in HttpResponse(URL, 429, b"").transient_error().message
    busy = HttpResponse(URL, 503, b"{}").transient_error().message
    assert busy == "login.example.com is having trouble (HTTP 503). Try again soon."
    portal = HttpResponse(URL, 200, b"<html>portal</html>").transient_error().message
    assert portal == "login.example.com answered with something that is not JSON."


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b"\xff\xfe", b""])
def test_only_a_json_object_is_json(body: bytes) -> None:
    response = HttpResponse(URL, 200, body)
    assert response.json_object() is None
    with pytest.raises(ProtocolError, match=r"login\.example\.com .*not JSON \(HTTP 200\)"):
        response.require_json()


def test_the_body_is_never_in_the_repr() -> None:
    response = HttpResponse(URL, 200, b'{"access_token": "secret-at"}')
    assert response.require_json() == {"access_token": "secret-at"}
    assert "secret-at" not in repr(response)


async def test_get_json_and_post_form_against_a_real_server(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="gui.auth.http")
    answers = {
        "/doc": Canned(200, b'{"ok": true}'),
        "/token": Canned(403, b'{"error": "authorization_pending"}'),
        "/moved": Canned(302, b"", {"Location": "https://elsewhere.example.com/"}),
    }
    with canned_server(answers) as server:
        client = HttpClient(timeout=5)
        try:
            assert await client.get_json(f"{server.url}/doc?code=secret-code") == {"ok": True}
            pending = await client.post_form(f"{server.url}/token", {"device_code": "secret-dc"})
            moved = await client.get(f"{server.url}/moved")
        finally:
            client.close()
    assert pending.status == 403  # any status comes back; the caller reads the error field
    assert pending.require_json()["error"] == "authorization_pending"
    assert moved.status == 302  # redirects are not followed
    assert [method for method, _ in server.requests] == ["GET", "POST", "GET"]
    logged = caplog.text
    assert "/doc" in logged and "/token -> 403" in logged
    assert "secret-code" not in logged and "secret-dc" not in logged  # no query, no body


async def test_get_json_refuses_other_statuses_naming_only_the_path() -> None:
    answers = {"/gone": Canned(404, b"{}"), "/busy": Canned(503, b"{}")}
    with canned_server(answers) as server:
        client = HttpClient(timeout=5)
        try:
            with pytest.raises(ProtocolError) as gone:
                await client.get_json(f"{server.url}/gone?code=secret-code")
            with pytest.raises(NetworkError, match=r"HTTP 503"):
                await client.get_json(f"{server.url}/busy")
        finally:
            client.close()
    assert gone.value.message.endswith("answered HTTP 404 for /gone.")
    assert "secret-code" not in gone.value.message


async def test_a_refused_connection_and_a_timeout_are_network_errors() -> None:
    port = refused_port()
    client = HttpClient(timeout=5)
    with pytest.raises(NetworkError, match=f"Cannot connect to 127.0.0.1:{port}"):
        await client.get(f"http://127.0.0.1:{port}/")
    with canned_server({"/slow": Canned(200, b"{}", delay=2.0)}) as server:
        slow = HttpClient(timeout=0.2)
        try:
            with pytest.raises(NetworkError, match=r"did not answer within 0\.2 seconds"):
                await slow.get(f"{server.url}/slow")
        finally:
            slow.close()
    client.close()
