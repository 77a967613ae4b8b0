"""The sign-in page's **Use this computer's browser**: real clicks, real HTTP, and an opener
that plays the browser (follows the link, signs in on the demo page, comes back)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import AsyncIterator

import pytest
import requests
from PySide6.QtCore import Qt

from gui.aio import run_blocking
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support import browser
from tests.support.auth import profile_for
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

DISCOVERY = "/.well-known/openid-configuration"


def playing(username: str = "alice", action: str = "allow", times: int = 1):
    """An opener that plays the browser in a thread, as a real one runs beside the app,
    for the first ``times`` links (later ones are only opened: nobody answers them)."""
    visits: list[browser.BrowserVisit] = []
    opened: list[str] = []

    def opener(url: str) -> None:
        opened.append(url)
        if len(opened) > times:
            return

        def play() -> None:
            visits.append(browser.play(url, username, action))

        threading.Thread(target=play, daemon=True).start()

    opener.visits = visits  # type: ignore[attr-defined]
    return opener


@pytest.fixture
async def browser_harness(qtbot, shared_stack: DemoStack) -> AsyncIterator[Harness]:
    h = Harness(qtbot, shared_stack.profile, opener=playing("alice"))
    yield h
    await h.close()


async def test_the_browser_button_signs_alice_in(browser_harness: Harness, qtbot) -> None:
    h = browser_harness
    await h.controller.start()
    assert h.page.browser_button.isVisible() and h.page.sign_in_button.isVisible()
    assert h.page.sign_in_button.objectName() == "primaryButton"  # the device code: default
    qtbot.mouseClick(h.page.browser_button, Qt.MouseButton.LeftButton)
    await h.wait_for_chat()
    assert "Alice" in h.window.user_label.text()
    (link,) = h.opened
    assert link.startswith(f"{h.controller.profile.issuer}authorize?")
    assert "code_challenge_method=S256" in link


async def test_waiting_for_the_browser_shows_the_link_and_cancel_closes_the_port(
    harness: Harness, qtbot
) -> None:
    await harness.controller.start()
    qtbot.mouseClick(harness.page.browser_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: harness.page.current_panel() == "browser", 10, "the browser panel")
    pending = harness.controller.sign_in.pending
    assert pending is not None and harness.opened == [pending.url]
    assert harness.page.browser_link.text() == pending.url
    assert harness.page.browser_countdown.text().startswith("Time left: 0")
    qtbot.mouseClick(harness.page.browser_open_button, Qt.MouseButton.LeftButton)
    assert harness.opened == [pending.url, pending.url]
    task = harness.controller.sign_in._task
    qtbot.keyClick(harness.page, Qt.Key.Key_Escape)  # Esc is Cancel here too
    assert harness.page.current_panel() == "start"
    await wait_until(lambda: task.done(), 10, "the sign-in task to end")
    with pytest.raises(urllib.error.URLError):  # nothing listens there any more
        await run_blocking(lambda: urllib.request.urlopen(pending.redirect_uri, timeout=2))


async def test_a_denied_consent_is_shown_and_try_again_uses_the_browser(
    qtbot, shared_stack: DemoStack
) -> None:
    opener = playing("alice", "deny")
    h = Harness(qtbot, shared_stack.profile, opener=opener)
    try:
        await h.controller.start()
        qtbot.mouseClick(h.page.browser_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: h.page.current_panel() == "error", 10, "the error panel")
        assert h.page.error_title.text() == "Access denied"
        assert "User did not authorize the request" in h.page.error_message.text()
        await wait_until(lambda: bool(opener.visits), 10, "the browser's page")
        assert opener.visits[0].status == 400  # the browser was told too
        qtbot.mouseClick(h.page.retry_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: len(h.opened) == 2, 10, "a second browser sign-in")
        assert h.opened[1].startswith(f"{shared_stack.idp.issuer}authorize?")
    finally:
        await h.close()


async def test_a_browser_that_never_comes_back_says_so(harness: Harness, qtbot) -> None:
    await harness.controller.start()
    assert harness.controller.auth is not None
    harness.controller.auth.browser_timeout = 0.3
    qtbot.mouseClick(harness.page.browser_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: harness.page.current_panel() == "error", 10, "the time-out")
    assert harness.page.error_title.text() == "The browser did not come back"


async def test_a_profile_that_prefers_the_browser_makes_it_the_main_button(
    qtbot, shared_stack: DemoStack
) -> None:
    profile = shared_stack.profile.__class__(
        **{**shared_stack.profile.__dict__, "sign_in_method": "browser"}
    )
    h = Harness(qtbot, profile, opener=playing("alice"))
    try:
        await h.controller.start()
        assert h.page.browser_button.objectName() == "primaryButton"
        assert h.page.sign_in_button.objectName() == ""
        h.window.activateWindow()
        h.page.browser_button.setFocus()
        qtbot.keyClick(h.page.browser_button, Qt.Key.Key_Return)  # Enter: the main button
        await h.wait_for_chat()
        assert h.opened[0].startswith(f"{shared_stack.idp.issuer}authorize?")
    finally:
        await h.close()


async def test_without_a_device_endpoint_only_the_browser_is_offered(qtbot) -> None:
    with DemoIdp(interval=0) as idp:
        answer = await run_blocking(lambda: requests.get(idp.issuer + DISCOVERY[1:], timeout=5))
        doc = answer.json()
        del doc["device_authorization_endpoint"]
        idp.inject_fault(DISCOVERY, status=200, body=json.dumps(doc).encode(), count=100)
        h = Harness(qtbot, profile_for(idp), opener=playing("alice"))
        try:
            await h.controller.start()
            await wait_until(
                lambda: not h.page.sign_in_button.isVisible(), 10, "the device button to go"
            )
            assert h.page.browser_button.isVisible()
            assert h.page.browser_button.objectName() == "primaryButton"
            h.controller.sign_in.begin()  # what the main button does
            await h.wait_for_chat()
        finally:
            await h.close()
