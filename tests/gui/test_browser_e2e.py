"""End to end with a real browser: the app's "open the link" goes to headless Chromium.

Playwright (async API, on the same qasync loop) drives Debian's Chromium — no
browser download — which picks Alice and approves on the embedded server's
page, and the window reaches the chat.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.support.ci import require
from tests.support.window import Harness

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


pytestmark = [pytest.mark.gui, pytest.mark.browser]


async def test_approving_in_chromium_reaches_the_chat(qtbot, shared_stack) -> None:
    require(CHROMIUM.exists(), str(CHROMIUM))
    from playwright.async_api import async_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    links: asyncio.Queue[str] = asyncio.Queue()
    h = Harness(qtbot, shared_stack.profile)
    h.controller.sign_in.opener = links.put_nowait  # the "default browser" is Chromium
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile_dir:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch_persistent_context(
                profile_dir, executable_path=str(CHROMIUM), args=ARGS, headless=True
            )
            try:
                await h.controller.start()
                qtbot.mouseClick(h.page.sign_in_button, Qt.MouseButton.LeftButton)
                link = await asyncio.wait_for(links.get(), 10)
                page = await browser.new_page()
                await page.goto(link)
                code = h.controller.sign_in.code
                assert code is not None
                assert await page.input_value("#user_code") == code.user_code
                await page.check("#user-alice")
                await page.click("#approve")
                await page.wait_for_selector("#result", timeout=10_000)
                await h.wait_for_chat(20)
                assert "Alice" in h.window.user_label.text()
            finally:
                await browser.close()
                await h.close()
