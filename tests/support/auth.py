"""What the sign-in tests share: approving as a browser would, a fast session, counted polls,
caught tokens, a session signed in for real, a device answer carrying a given link."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import requests

from gui.auth.device_flow import DeviceCode
from gui.auth.http import HttpClient, HttpResponse
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore, SignInStore
from gui.config import Profile
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp
from tests.support.waiting import wait_until


class CountingHttp(HttpClient):
    """An HttpClient that counts the polls it sends to the token endpoint."""

    def __init__(self) -> None:
        super().__init__(timeout=5.0)
        self.token_posts = 0

    async def post_form(self, url: str, data: Any) -> Any:
        if url.endswith("/oauth/token") and data.get("grant_type", "").endswith("device_code"):
            self.token_posts += 1
        return await super().post_form(url, data)


async def assert_polling_stopped(http: CountingHttp, idp: DemoIdp, witness_polls: int = 5) -> None:
    """Fail if ``http`` sends another poll while a second sign-in polls ``witness_polls`` times.

    The window is measured in polls of the same policy (this server's interval and the
    same small margin), not in seconds, so it holds on a loaded machine: had the cancelled
    flow gone on, it would have polled about as often as the witness did.
    """
    before = http.token_posts
    witness_http = CountingHttp()
    witness = AuthSession(
        profile_for(idp), store=MemoryStore(), http=witness_http, poll_margin=0.02
    )
    code = await witness.start_sign_in()
    waiting = asyncio.ensure_future(witness.wait_for_approval(code))
    try:
        await wait_until(
            lambda: witness_http.token_posts >= witness_polls, 20, "the witness's polls"
        )
    finally:
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await waiting
        await witness.aclose()
    assert http.token_posts == before, f"{http.token_posts - before} poll(s) after cancelling"


class TokenCatchingHttp(HttpClient):
    """A real HTTP client that also remembers every token the provider handed out."""

    def __init__(self) -> None:
        super().__init__(timeout=5.0)
        self.tokens: set[str] = set()

    async def post_form(self, url: str, data: Any) -> HttpResponse:
        response = await super().post_form(url, data)
        try:
            body = response.require_json()
        except Exception:
            return response
        for key in ("access_token", "refresh_token", "id_token"):
            if isinstance(body.get(key), str):
                self.tokens.add(body[key])
        return response


def profile_for(idp: DemoIdp, **overrides: str) -> Profile:
    """The demo client at this server."""
    values = {"issuer": idp.issuer, "client_id": DEMO_CLIENT_ID, "audience": DEMO_AUDIENCE}
    values.update(overrides)
    return Profile(**values)


def make_session(
    idp: DemoIdp,
    store: SignInStore,
    *,
    timeout: float = 5.0,
    http: HttpClient | None = None,
    **kwargs: object,
) -> AuthSession:
    """A session that polls with a small margin so tests run fast."""
    return AuthSession(
        profile_for(idp),
        store=store,
        http=http or HttpClient(timeout=timeout),
        poll_margin=0.02,
        **kwargs,  # type: ignore[arg-type]
    )


def approve_in_browser(
    idp: DemoIdp,
    user_code: str,
    username: str,
    action: str = "approve",
    *,
    verify: str | bool = True,
) -> str:
    """Open the verification page and submit its form, as a person's browser would.

    ``verify``: the CA file of a test CA when the server runs over TLS.
    """
    page = requests.get(
        f"{idp.issuer}activate", params={"user_code": user_code}, timeout=5, verify=verify
    )
    page.raise_for_status()
    assert 'id="approve"' in page.text
    result = requests.post(
        f"{idp.issuer}activate",
        data={"user_code": user_code, "username": username, "action": action},
        timeout=5,
        verify=verify,
    )
    result.raise_for_status()
    return result.text


async def sign_in_as(session: AuthSession, idp: DemoIdp, username: str = "alice"):
    """Run the device flow, approving over HTTP while the session polls."""
    code: DeviceCode = await session.start_sign_in()
    waiting = asyncio.ensure_future(session.wait_for_approval(code))
    await asyncio.to_thread(approve_in_browser, idp, code.user_code, username)
    return await asyncio.wait_for(waiting, 10)


@contextlib.asynccontextmanager
async def signed_in_session(
    idp: DemoIdp, store: SignInStore | None = None, username: str = "alice"
) -> AsyncIterator[AuthSession]:
    """A session signed in for real as ``username`` (remembered in memory unless ``store``
    says where); closed when the block ends."""
    session = make_session(idp, store if store is not None else MemoryStore())
    try:
        await sign_in_as(session, idp, username)
        yield session
    finally:
        await session.aclose()


async def remember_sign_in(idp: DemoIdp, store: SignInStore, username: str = "alice") -> None:
    """Sign in and close the session: the sign-in stays in ``store``, as ``login`` leaves it."""
    async with signed_in_session(idp, store, username):
        pass


def device_answer_with(idp: DemoIdp, link: str) -> None:
    """Make ``idp``'s next device-code answer carry ``link`` as its verification URI."""
    answer = requests.post(
        f"{idp.issuer}oauth/device/code",
        data={"client_id": DEMO_CLIENT_ID, "audience": DEMO_AUDIENCE, "scope": "openid"},
        timeout=5,
    ).json()
    answer["verification_uri"] = answer["verification_uri_complete"] = link
    idp.inject_fault("/oauth/device/code", status=200, body=json.dumps(answer).encode())


def cli_command(idp: DemoIdp, *args: str) -> list[str]:
    """``agentcore-chat <args>`` for the demo client at this server, as a new process."""
    issuer = ["--issuer", idp.issuer, "--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE]
    return [sys.executable, "-m", "gui", *issuer, *args]


async def revoke_elsewhere(idp: DemoIdp, store: SignInStore) -> None:
    """Sign out "on another device": revoke the stored refresh token at the provider (RFC 7009).

    The session keeps its access token in memory; its next refresh gets ``invalid_grant``.
    """
    stored = await store.load(idp.issuer, DEMO_CLIENT_ID)
    assert stored is not None, "nothing stored to revoke"
    response = await asyncio.to_thread(
        requests.post,
        f"{idp.issuer}oauth/revoke",
        data={"token": stored.refresh_token, "client_id": DEMO_CLIENT_ID},
        timeout=5,
    )
    response.raise_for_status()
    assert not idp.is_refresh_token_active(stored.refresh_token)


def raw_entry(idp: DemoIdp) -> str | None:
    """The keyring's raw head entry for the demo client at this server."""
    import keyring

    from gui.auth.store import SERVICE, account

    return keyring.get_password(SERVICE, account(idp.issuer, DEMO_CLIENT_ID))
