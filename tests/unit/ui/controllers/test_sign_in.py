"""gui/ui/controllers/sign_in.py: errors described for the page, and the flow's edges.

No sign-in server: the provider is a loopback port nothing listens on, so a sign-in
fails for real with a network error and the page must say so in place.
"""

from __future__ import annotations

import pytest

from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.config import Profile
from gui.errors import AccessDenied, AppError, BrowserSignInTimedOut, CodeExpired, NetworkError
from gui.ui.controllers.sign_in import SignInController, describe_sign_in_error
from gui.ui.views.sign_in import SignInPage
from tests.support.http_server import refused_port
from tests.support.qt import delete_now
from tests.support.waiting import wait_until


@pytest.mark.parametrize(
    ("error", "title", "words"),
    [
        (AccessDenied("missing required role"), "Access denied", "missing required role"),
        (CodeExpired(), "The code expired", "not approved in time"),
        (BrowserSignInTimedOut(300), "The browser did not come back", "closed or left"),
        (NetworkError("Cannot connect to x."), "Cannot reach the sign-in server", "Cannot connect"),
        (AppError("Something odd."), "Sign-in did not finish", "Something odd."),
    ],
)
def test_each_error_has_its_title_and_message(error: AppError, title: str, words: str) -> None:
    shown_title, message = describe_sign_in_error(error)
    assert shown_title == title
    assert words in message


async def test_without_a_session_the_button_does_nothing() -> None:
    page = SignInPage()
    try:
        controller = SignInController(page, None, opener=lambda url: None)
        controller.begin()
        assert not controller.busy and page.current_panel() == "start"
        await controller.shutdown()  # harmless when idle
    finally:
        delete_now(page)


async def test_an_unreachable_provider_is_shown_in_place_and_try_again_works() -> None:
    port = refused_port()
    profile = Profile(issuer=f"http://127.0.0.1:{port}/", client_id="cid")
    session = AuthSession(profile, store=MemoryStore(), sleep=_no_wait)
    page = SignInPage()
    opened: list[str] = []
    try:
        controller = SignInController(page, session, opener=opened.append)
        assert "127.0.0.1" in page.sign_in_button.text()  # the provider's name on the button
        controller.begin()
        assert controller.busy
        await wait_until(lambda: not controller.busy, 20, "the sign-in to fail")
        assert page.current_panel() == "error"
        assert page.error_title.text() == "Cannot reach the sign-in server"
        assert f"127.0.0.1:{port}" in page.error_message.text()
        assert opened == [] and controller.code is None
        page.retry_clicked.emit()
        assert controller.busy  # Try again starts over
        controller.cancel("Cancelled.")
        assert page.current_panel() == "start" and page.start_notice.text() == "Cancelled."
        assert not controller.busy
        await controller.shutdown()
    finally:
        await session.aclose()
        delete_now(page)


async def _no_wait(_seconds: float) -> None:
    return None
