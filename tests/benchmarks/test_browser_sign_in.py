"""Browser sign-in beside the device code (printed, not asserted): the time from the click
(or the command's start) to signed in, against the embedded sign-in server.

The person is played by code and answers at once: the browser follows the authorization
link, signs in, allows and comes back to the loopback port; the device code is approved
the moment its page is opened. So the figures are what the protocols cost, not how fast
a person reads. The device code waits for its polls: the demo's interval (1 s, as
``--demo``) and the app's real poll margin; Auth0 asks for 5 s between polls.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import Qt

from gui.auth.device_flow import SAFETY_MARGIN
from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.services import DEMO_POLL_INTERVAL, AppServices
from gui.ui.controllers.window import WindowController
from gui.ui.views.window import MainWindow
from tests.support import browser
from tests.support.auth import approve_in_browser, profile_for
from tests.support.figures import report
from tests.support.qt import delete_now
from tests.support.waiting import signal_future

pytestmark = pytest.mark.benchmark

SAMPLES = 10
TAIL = 0.9


def person(idp: DemoIdp):
    """Opens links as a person's browser would, answering at once, in its own thread."""

    def visit(url: str) -> None:
        if "/authorize?" in url:
            browser.play(url, "alice")
        else:
            (code,) = parse_qs(urlsplit(url).query)["user_code"]
            approve_in_browser(idp, code, "alice")

    def opener(url: str) -> None:
        threading.Thread(target=visit, args=(url,), daemon=True).start()

    return opener


async def _window_sign_in(qtbot, idp: DemoIdp, method: str) -> float:
    """One window, one click on the method's button; seconds until signed in."""
    history = Path(tempfile.mkdtemp(prefix="history-")) / "history.sqlite3"
    services = AppServices(store=MemoryStore(), poll_margin=SAFETY_MARGIN, history_path=history)
    window = MainWindow()
    controller = WindowController(window, profile_for(idp), services, opener=person(idp))
    window.show()
    try:
        await controller.start()
        page = window.sign_in_page
        button = page.browser_button if method == "browser" else page.sign_in_button
        signed_in = signal_future(controller.sign_in.signed_in)
        clicked = time.perf_counter()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        await asyncio.wait_for(signed_in, 20)
        return time.perf_counter() - clicked
    finally:
        await controller.shutdown()
        delete_now(window)


@pytest.mark.gui
async def test_window_click_to_signed_in_browser_beside_device_code(qtbot):
    figures: dict[str, list[float]] = {"browser": [], "device": []}
    with DemoIdp(interval=DEMO_POLL_INTERVAL) as idp:
        for _ in range(SAMPLES):
            for method in figures:
                figures[method].append(await _window_sign_in(qtbot, idp, method) * 1000)
    report("window: click to signed in, browser sign-in", figures["browser"], tail=TAIL)
    report(
        f"window: click to signed in, device code (poll interval {DEMO_POLL_INTERVAL} s)",
        figures["device"],
        tail=TAIL,
    )


async def _core_sign_in(idp: DemoIdp, method: str) -> float:
    session = AuthSession(
        profile_for(idp), store=MemoryStore(), http=HttpClient(), poll_margin=SAFETY_MARGIN
    )
    opener = person(idp)
    try:
        started = time.perf_counter()
        if method == "browser":
            await session.sign_in_with_browser(opener)
        else:
            await session.sign_in(lambda code: opener(code.link))
        return time.perf_counter() - started
    finally:
        await session.aclose()


async def test_terminal_start_to_signed_in_browser_beside_device_code():
    """As `login` and `login --browser` run: discovery included, no window."""
    figures: dict[str, list[float]] = {"browser": [], "device": []}
    for interval in (0, DEMO_POLL_INTERVAL):
        with DemoIdp(interval=interval) as idp:
            for _ in range(SAMPLES):
                for method in figures:
                    if method == "browser" and interval:
                        continue  # the browser sign-in does not poll
                    figures[method].append(await _core_sign_in(idp, method) * 1000)
            if interval == 0:
                report("core: start to signed in, browser sign-in", figures["browser"], tail=TAIL)
                report(
                    "core: start to signed in, device code (interval 0: one poll)",
                    figures["device"],
                    tail=TAIL,
                )
                figures["device"] = []
    report(
        f"core: start to signed in, device code (interval {DEMO_POLL_INTERVAL} s)",
        figures["device"],
        tail=TAIL,
    )
