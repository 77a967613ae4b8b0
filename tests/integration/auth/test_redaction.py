"""No token ever appears in a log, an exception text or a file.

A full flow (sign-in, refresh with rotation, a failing refresh, sign-out) runs
with DEBUG logging on every logger; then every captured log line, every
exception message and every file the run could have written is searched for
each secret the provider handed out: every access, refresh and ID token of every
token response (the first ones included), read off the wire by a recording client.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from gui.auth.http import HttpClient, HttpResponse
from gui.auth.store import KeyringStore
from gui.demo.idp import DemoIdp
from gui.errors import AccessRevoked, NetworkError
from tests.support.auth import make_session

TOKEN_FIELDS = ("access_token", "refresh_token", "id_token")


class RecordingHttp(HttpClient):
    """The real client; also keeps every token the token endpoint answered with."""

    def __init__(self) -> None:
        super().__init__(timeout=5.0)
        self.issued: dict[str, list[str]] = {name: [] for name in TOKEN_FIELDS}

    async def post_form(self, url: str, data: Any) -> HttpResponse:
        response = await super().post_form(url, data)
        if url.endswith("/oauth/token") and response.status == 200:
            body = json.loads(response.body)
            for name in TOKEN_FIELDS:
                if name in body:
                    self.issued[name].append(body[name])
        return response


async def test_no_secret_in_logs_exceptions_or_files(
    idp: DemoIdp, store: KeyringStore, caplog: pytest.LogCaptureFixture, test_root: Path
):
    caplog.set_level(logging.DEBUG)  # the root logger: every library logs too
    http = RecordingHttp()
    messages: list[str] = []

    session = make_session(idp, store, http=http, refresh_margin=10**6)
    code = await session.start_sign_in()
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    idp.approve(code.user_code, "alice")
    await asyncio.wait_for(waiting, 10)
    first = {name: list(values) for name, values in http.issued.items()}
    assert all(len(first[name]) == 1 for name in TOKEN_FIELDS), "the device grant's tokens"

    for _ in range(3):  # rotations: each hands out a new access and refresh token
        await session.access_token()

    idp.inject_fault("/oauth/token", status=500, body=b'{"error":"server_error"}', count=1)
    with pytest.raises(NetworkError) as transient:
        await session.refresh_now()
    messages += [str(transient.value), repr(transient.value), transient.value.message]
    idp.set_roles("alice", ())
    with pytest.raises(AccessRevoked) as revoked:
        await session.refresh_now()
    messages += [str(revoked.value), repr(revoked.value), revoked.value.message]
    messages.append(repr(session.identity))
    await session.sign_out()

    # The device grant and three refreshes: four distinct access and refresh tokens each.
    # (ID tokens carry no unique id: two issued in the same second are the same string.)
    assert len(set(http.issued["access_token"])) == len(set(http.issued["refresh_token"])) == 4
    assert http.issued["id_token"]
    issued = [token for tokens in http.issued.values() for token in tokens]
    secrets = list(dict.fromkeys([code.device_code, *issued]))
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    assert "oauth/token" in logged  # the requests were logged at all
    files = [p for p in test_root.rglob("*") if p.is_file()]
    assert files, "the run wrote nothing to search"
    for secret in secrets:
        assert secret not in logged
        for message in messages:
            assert secret not in message
        for path in files:
            assert secret.encode() not in path.read_bytes(), path
        # JWTs: not even the signature part alone
        assert secret.rsplit(".", 1)[-1] not in logged
