"""What the integration tests share: approving as a browser would, and a fast session."""

from __future__ import annotations

import asyncio
import sys

import requests

from gui.auth.device_flow import DeviceCode
from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import SignInStore
from gui.config import Profile
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp


def profile_for(idp: DemoIdp, **overrides: str) -> Profile:
    """The demo client at this server."""
    values = {"issuer": idp.issuer, "client_id": DEMO_CLIENT_ID, "audience": DEMO_AUDIENCE}
    values.update(overrides)
    return Profile(**values)


def make_session(
    idp: DemoIdp, store: SignInStore, *, timeout: float = 5.0, **kwargs: object
) -> AuthSession:
    """A session that polls with a small margin so tests run fast."""
    return AuthSession(
        profile_for(idp),
        store=store,
        http=HttpClient(timeout=timeout),
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


def cli_command(idp: DemoIdp, *args: str) -> list[str]:
    """``agentcore-chat <args>`` for the demo client at this server, as a new process."""
    issuer = ["--issuer", idp.issuer, "--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE]
    return [sys.executable, "-m", "gui.cli", *issuer, *args]
