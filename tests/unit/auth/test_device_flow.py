"""Each device-flow answer and its outcome, table-driven (cf. cli/oauth's tests).

The HTTP client is a scripted stand-in that returns canned server answers;
the sleeper records the waits it was asked for and advances a fake clock.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from gui.auth import device_flow
from gui.auth.device_flow import DeviceCode, PollPolicy
from gui.auth.http import HttpResponse
from gui.auth.oidc import ProviderMetadata, SignInRequest
from gui.errors import (
    AccessDenied,
    AuthError,
    CodeExpired,
    NetworkError,
    ProtocolError,
)

META = ProviderMetadata(
    issuer="https://tenant.example.auth0.com/",
    device_authorization_endpoint="https://tenant.example.auth0.com/oauth/device/code",
    token_endpoint="https://tenant.example.auth0.com/oauth/token",
    jwks_uri="https://tenant.example.auth0.com/.well-known/jwks.json",
)
TOKENS = {
    "access_token": "at-1",
    "refresh_token": "rt-1",
    "expires_in": 3600,
    "token_type": "Bearer",
}


def answer(status: int, body: object) -> HttpResponse:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return HttpResponse(url=META.token_endpoint, status=status, body=raw)


PENDING_403 = answer(403, {"error": "authorization_pending"})
PENDING_400 = answer(400, {"error": "authorization_pending"})
SLOW_DOWN = answer(400, {"error": "slow_down"})
OK = answer(200, TOKENS)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds


class ScriptedHttp:
    """Returns the scripted answers in order; an exception instance is raised."""

    def __init__(self, script: list[HttpResponse | Exception]) -> None:
        self.script = list(script)
        self.forms: list[dict[str, str]] = []

    async def post_form(self, url: str, data: dict[str, str]) -> HttpResponse:
        self.forms.append(dict(data))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


def code(clock: Clock, *, interval: int = 5, expires_in: int = 600) -> DeviceCode:
    return DeviceCode(
        device_code="dc-secret",
        user_code="ABCD-EFGH",
        verification_uri="https://tenant.example.auth0.com/activate",
        verification_uri_complete="https://tenant.example.auth0.com/activate?user_code=ABCD-EFGH",
        expires_in=expires_in,
        interval=interval,
        issued_at=clock.now,
    )


async def run_poll(script: list[HttpResponse | Exception], **code_args: int):
    clock = Clock()
    http = ScriptedHttp(script)
    dc = code(clock, **code_args)
    policy = PollPolicy(interval=dc.interval, deadline=dc.expires_at(), margin=0.25)
    result = await device_flow.poll(
        http, META, dc, client_id="cid", sleep=clock.sleep, clock=clock, policy=policy
    )
    return result, clock, http


@pytest.mark.parametrize(
    ("script", "expected_waits"),
    [
        pytest.param([OK], [5.25], id="approved at once"),
        pytest.param([PENDING_403, PENDING_403, OK], [5.25] * 3, id="auth0 pending is 403"),
        pytest.param([PENDING_400, OK], [5.25, 5.25], id="rfc pending is 400"),
        pytest.param([SLOW_DOWN, PENDING_403, OK], [5.25, 10.25, 10.25], id="slow_down adds 5 s"),
        pytest.param([SLOW_DOWN, SLOW_DOWN, OK], [5.25, 10.25, 15.25], id="slow_down twice"),
        pytest.param([answer(503, b"<html>busy</html>"), OK], [5.25, 5.25], id="503 is retried"),
        pytest.param(
            [answer(429, {"message": "too many"}), OK], [5.25, 5.25], id="429 without slow_down"
        ),
        pytest.param(
            [
                NetworkError("down"),
                NetworkError("down"),
                NetworkError("down"),
                NetworkError("d"),
                OK,
            ],
            [5.25, 5.25, 5.25, 5.25, 8.0],
            id="network errors back off",
        ),
        pytest.param(
            [answer(502, {"error": "temporarily_unavailable"}), OK],
            [5.25, 5.25],
            id="5xx with an unknown error is retried",
        ),
    ],
)
async def test_poll_succeeds(script: list[HttpResponse | Exception], expected_waits: list[float]):
    result, clock, http = await run_poll(script)
    assert result.access_token == "at-1"
    assert result.refresh_token == "rt-1"
    assert clock.waits == expected_waits
    assert all(f["grant_type"] == device_flow.DEVICE_GRANT for f in http.forms)
    assert all(f["device_code"] == "dc-secret" and f["client_id"] == "cid" for f in http.forms)


@pytest.mark.parametrize(
    ("script", "error", "message"),
    [
        pytest.param(
            [
                PENDING_403,
                answer(
                    500,
                    {
                        "error": "access_denied",
                        "error_description": "missing required role for this application",
                    },
                ),
            ],
            AccessDenied,
            "Access denied: missing required role for this application",
            id="auth0 action denial arrives as 500",
        ),
        pytest.param(
            [answer(403, {"error": "access_denied", "error_description": "User cancelled"})],
            AccessDenied,
            "User cancelled",
            id="user denied",
        ),
        pytest.param(
            [answer(403, {"error": "access_denied"})],
            AccessDenied,
            "The sign-in was denied.",
            id="denied without description",
        ),
        pytest.param(
            [answer(400, {"error": "expired_token"})], CodeExpired, "expired", id="expired"
        ),
        pytest.param(
            [answer(400, {"error": "invalid_grant", "error_description": "Invalid device code"})],
            AuthError,
            "Invalid device code",
            id="invalid grant",
        ),
        pytest.param(
            [answer(404, {"message": "nope"})], ProtocolError, "HTTP 404", id="4xx without error"
        ),
        pytest.param(
            [answer(200, {"token_type": "Bearer"})], ProtocolError, "no access token", id="no token"
        ),
        pytest.param(
            [answer(200, b"<html>proxy</html>")], ProtocolError, "not JSON", id="200 not json"
        ),
    ],
)
async def test_poll_fails(script, error: type[Exception], message: str):
    with pytest.raises(error) as caught:
        await run_poll(script)
    assert message in str(caught.value)
    assert "dc-secret" not in str(caught.value)


async def test_poll_stops_when_the_code_expires():
    with pytest.raises(CodeExpired):
        await run_poll([PENDING_403] * 100, interval=5, expires_in=20)


async def test_poll_reports_the_network_error_when_failures_outlast_the_code():
    with pytest.raises(NetworkError, match="down"):
        await run_poll([NetworkError("down")] * 100, interval=5, expires_in=30)


async def test_poll_is_cancelled_by_cancelling_its_task():
    gate = asyncio.Event()

    class Http(ScriptedHttp):
        async def post_form(self, url: str, data: dict[str, str]) -> HttpResponse:
            gate.set()
            return PENDING_403

    clock = Clock()
    dc = code(clock, interval=0)
    task = asyncio.ensure_future(
        device_flow.poll(Http([]), META, dc, client_id="cid", clock=clock, sleep=asyncio.sleep)
    )
    await asyncio.wait_for(gate.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_request_code_sends_audience_and_parses_the_answer():
    http = ScriptedHttp(
        [
            answer(
                200,
                {
                    "device_code": "dc",
                    "user_code": "WXYZ-BCDF",
                    "verification_uri": "https://t/activate",
                    "verification_uri_complete": "https://t/activate?user_code=WXYZ-BCDF",
                    "expires_in": 900,
                },
            )
        ]
    )
    dc = await device_flow.request_code(
        http, META, SignInRequest("cid", "openid invoke:mcp", audience="urn:api")
    )
    assert http.forms == [{"client_id": "cid", "scope": "openid invoke:mcp", "audience": "urn:api"}]
    assert dc.user_code == "WXYZ-BCDF"
    assert dc.link.endswith("user_code=WXYZ-BCDF")
    assert dc.interval == device_flow.DEFAULT_INTERVAL  # absent -> 5 s
    assert "dc" not in repr(dc).replace("DeviceCode", "")


async def test_request_code_without_audience_omits_it():
    http = ScriptedHttp(
        [
            answer(
                200,
                {
                    "device_code": "d",
                    "user_code": "u",
                    "verification_uri": "https://t/a",
                    "expires_in": 5,
                },
            )
        ]
    )
    dc = await device_flow.request_code(http, META, SignInRequest("cid", "openid"))
    assert "audience" not in http.forms[0]
    assert dc.link == "https://t/a"


@pytest.mark.parametrize(
    ("script", "error", "message"),
    [
        pytest.param(
            [answer(401, {"error": "invalid_client", "error_description": "Unknown client"})],
            AuthError,
            "Unknown client",
            id="unknown client",
        ),
        pytest.param(
            [answer(403, {"error": "access_denied", "error_description": "Service not found"})],
            AccessDenied,
            "Service not found",
            id="unknown audience",
        ),
        pytest.param([answer(503, b"busy")] * 3, NetworkError, "HTTP 503", id="503 three times"),
        pytest.param([NetworkError("refused")] * 3, NetworkError, "refused", id="refused"),
        pytest.param(
            [answer(200, {"user_code": "x"})], ProtocolError, "incomplete", id="incomplete"
        ),
    ],
)
async def test_request_code_fails(script, error: type[Exception], message: str):
    clock = Clock()
    with pytest.raises(error, match=message):
        await device_flow.request_code(
            ScriptedHttp(script), META, SignInRequest("cid", "openid"), sleep=clock.sleep
        )


async def test_request_code_retries_a_transient_failure():
    clock = Clock()
    ok = answer(
        200,
        {"device_code": "d", "user_code": "u", "verification_uri": "https://t/a", "expires_in": 5},
    )
    http = ScriptedHttp([answer(503, b"busy"), NetworkError("reset"), ok])
    dc = await device_flow.request_code(http, META, SignInRequest("c", "s"), sleep=clock.sleep)
    assert dc.user_code == "u"
    assert clock.waits == [0.5, 1.0]


def test_token_response_keeps_secrets_out_of_repr():
    tokens = device_flow.token_response(dict(TOKENS, id_token="idt-secret"))
    text = repr(tokens)
    assert "at-1" not in text and "rt-1" not in text and "idt-secret" not in text
