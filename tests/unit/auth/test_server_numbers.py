"""Numbers from the provider are checked (issue 17, item 8): table-driven, one answer per case.

JSON as Python reads it accepts ``NaN``, ``Infinity`` and ``1e999`` (infinity): each
of them, a negative or an absurdly large value, and a boolean where a number belongs
is a ProtocolError naming the field, never a traceback.
"""

from __future__ import annotations

import pytest

from gui.auth import device_flow
from gui.auth.oidc import SignInRequest
from gui.errors import ProtocolError
from tests.unit.auth.test_device_flow import META, Clock, ScriptedHttp, answer

NOT_NUMBERS = [
    pytest.param(b"NaN", id="NaN"),
    pytest.param(b"1e999", id="1e999"),
    pytest.param(b"-Infinity", id="-Infinity"),
    pytest.param(b"true", id="true"),
    pytest.param(b"-5", id="negative"),
    pytest.param(b"1e12", id="absurdly large"),
]


def raw(fields: dict[str, bytes | str]) -> bytes:
    """A JSON object whose values are given as raw JSON text (to say NaN and 1e999)."""
    parts = [
        f'"{name}": {value.decode() if isinstance(value, bytes) else value}'
        for name, value in fields.items()
    ]
    return ("{" + ", ".join(parts) + "}").encode()


def device_answer(**override: bytes) -> bytes:
    fields: dict[str, bytes | str] = {
        "device_code": '"dc"',
        "user_code": '"WXYZ-BCDF"',
        "verification_uri": '"https://t/activate"',
        "expires_in": "900",
        "interval": "5",
    }
    fields.update(override)
    return raw(fields)


@pytest.mark.parametrize("value", NOT_NUMBERS)
@pytest.mark.parametrize("field", ["expires_in", "interval"])
async def test_a_device_code_answer_with_an_unusable_number_is_a_protocol_error(
    field: str, value: bytes
):
    http = ScriptedHttp([answer(200, device_answer(**{field: value}))])
    with pytest.raises(ProtocolError, match=f"{field}"):
        await device_flow.request_code(
            http, META, SignInRequest("cid", "openid"), sleep=Clock().sleep
        )


@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_token_answer_with_an_unusable_expires_in_is_a_protocol_error(value: bytes):
    data = answer(
        200, raw({"access_token": '"at"', "refresh_token": '"rt"', "expires_in": value})
    ).require_json()
    with pytest.raises(ProtocolError, match="expires_in") as caught:
        device_flow.token_response(data)
    assert "rt" not in caught.value.message.replace("refresh", "")
    assert device_flow.refresh_token_of(data) == "rt"  # still readable, to be stored first


@pytest.mark.parametrize(("value", "expected"), [(b"3600", 3600), (b"3600.0", 3600), (b"0", 0)])
def test_ordinary_lifetimes_pass(value: bytes, expected: int):
    data = answer(200, raw({"access_token": '"at"', "expires_in": value})).require_json()
    assert device_flow.token_response(data).expires_in == expected


async def test_an_interval_of_zero_and_a_missing_interval_pass():
    for body, interval in ((device_answer(interval=b"0"), 0), (device_answer(), 5)):
        http = ScriptedHttp([answer(200, body)])
        code = await device_flow.request_code(http, META, SignInRequest("cid", "openid"))
        assert code.interval == interval
