"""The sign-in page against the embedded sign-in server: real clicks, real HTTP."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from gui.aio import run_blocking
from gui.demo.idp import DENIAL_MESSAGE, DemoIdp
from gui.ui.i18n import Translations
from gui.ui.views.sign_in import format_countdown
from tests.support.auth import approve_in_browser, assert_polling_stopped, profile_for
from tests.support.clock import FakeClock
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui


async def test_alice_signs_in_and_reaches_the_chat(harness: Harness, shared_stack, qtbot) -> None:
    await harness.controller.start()
    assert harness.page.current_panel() == "start"
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()

    code = harness.controller.sign_in.code
    assert code is not None
    assert harness.page.code_label.text() == code.user_code
    assert harness.page.link_label.text() == code.link
    assert harness.opened == [code.link]  # opened at once, without a second click
    assert harness.page.qr.text() == code.link
    assert harness.page.progress.maximum() == 0  # indeterminate: polling
    assert "Waiting for you to approve" in harness.page.waiting_label.text()
    # Shown when the code came, it lies between the code's whole lifetime and what is left
    # now (however long the loaded machine took to get here): never a wall-clock guess.
    shown = harness.page.countdown_label.text().removeprefix("Code expires in ")
    left_now = format_countdown(code.expires_at() - time.monotonic())
    assert left_now <= shown <= format_countdown(code.expires_in), shown

    qtbot.mouseClick(harness.page.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == code.user_code
    qtbot.mouseClick(harness.page.open_button, Qt.MouseButton.LeftButton)
    assert harness.opened == [code.link, code.link]

    await run_blocking(lambda: approve_in_browser(shared_stack.idp, code.user_code, "alice"))
    await harness.wait_for_chat()
    assert "Alice" in harness.window.user_label.text()
    assert harness.window.sign_out_action.isEnabled()


async def test_bob_is_told_the_providers_reason(harness: Harness, shared_stack, qtbot) -> None:
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()
    code = harness.controller.sign_in.code
    await run_blocking(lambda: approve_in_browser(shared_stack.idp, code.user_code, "bob"))
    await wait_until(lambda: harness.page.current_panel() == "error", 10, "the error panel")
    assert harness.page.error_title.text() == "Access denied"
    assert DENIAL_MESSAGE in harness.page.error_message.text()
    assert harness.page.retry_button.isVisible()
    assert harness.window.current_page() is harness.window.sign_in_page

    # The shown error follows a language change, the provider's own reason unchanged.
    translations = Translations(QApplication.instance())
    try:
        translations.apply("ja")  # LanguageChange events are posted, not sent
        await wait_until(lambda: harness.page.error_title.text() == "アクセスが拒否されました")
        assert DENIAL_MESSAGE in harness.page.error_message.text()
    finally:
        translations.apply("en")
    await wait_until(lambda: harness.page.error_title.text() == "Access denied")


async def test_cancel_stops_polling(harness: Harness, shared_stack, qtbot) -> None:
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()
    http = harness.services.http
    await wait_until(lambda: http.token_posts >= 2, 10, "a few polls")
    task = harness.controller.sign_in._task
    qtbot.keyClick(harness.page, Qt.Key.Key_Escape)  # Esc is Cancel
    assert harness.page.current_panel() == "start"
    await wait_until(lambda: task.done(), 10, "the poll task to end")
    await assert_polling_stopped(http, shared_stack.idp)


async def test_expired_code_offers_try_again(qtbot) -> None:
    clock = FakeClock()  # the server's: the code's ten minutes pass at once
    with DemoIdp(interval=0, clock=clock) as idp:
        h = Harness(qtbot, profile_for(idp))
        try:
            await h.controller.start()
            h.window.activateWindow()
            h.page.sign_in_button.setFocus()
            qtbot.keyClick(h.page.sign_in_button, Qt.Key.Key_Return)  # Enter: the main button
            await h.wait_for_code()
            assert h.page.current_panel() == "code"
            clock.advance(601)
            await wait_until(lambda: h.page.current_panel() == "error", 10, "expiry")
            assert h.page.error_title.text() == "The code expired"
            assert h.page.retry_button.isVisible()
            qtbot.mouseClick(h.page.retry_button, Qt.MouseButton.LeftButton)
            await wait_until(lambda: len(h.opened) == 2, 5, "a new code")
        finally:
            await h.close()


async def test_closing_with_a_poll_in_flight_ends_the_poll(
    harness: Harness, shared_stack, qtbot
) -> None:
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()
    task = harness.controller.sign_in._task
    http = harness.services.http
    harness.window.close()
    # How long this takes is printed by tests/benchmarks/test_stop_latency.py.
    await harness.controller.shutdown()
    assert task.done()
    await assert_polling_stopped(http, shared_stack.idp)


def test_countdown_format() -> None:
    assert format_countdown(600) == "10:00"
    assert format_countdown(59.2) == "01:00"
    assert format_countdown(0.2) == "00:01"
    assert format_countdown(-3) == "00:00"


def test_controls_have_accessible_names(qtbot) -> None:
    from gui.ui.views.sign_in import SignInPage

    page = SignInPage()
    qtbot.addWidget(page)
    for widget in (
        page.sign_in_button,
        page.copy_button,
        page.open_button,
        page.cancel_button,
        page.retry_button,
        page.settings_button,
        page.qr,
        page.progress,
    ):
        assert widget.accessibleName(), widget.objectName() or type(widget).__name__
