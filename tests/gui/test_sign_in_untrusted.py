"""The sign-in page shows what the provider says as bounded plain text, and opens only safe links.

The real embedded server answers with injected hostile text: HTML, control
characters and ANSI escapes, 10 KB of it; and device-code answers whose link is
``javascript:``, ``file:`` or plain ``http`` off loopback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.ui.views.sign_in import ERROR_LIMIT, LINK_LIMIT
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui

TOKEN = "/oauth/token"
DEVICE = "/oauth/device/code"
HOSTILE = (
    '<b>x</b><img src="file:///etc/passwd"><a href="javascript:alert(1)">click</a>'
    "\x1b[2J\x1b[31mred\x1b[0m\x00\x07\r\nnext line\u202e"
) + "A" * 10_240


def assert_clean(label: QLabel, limit: int) -> None:
    """Plain text, one line, printable, bounded."""
    assert label.textFormat() == Qt.TextFormat.PlainText
    text = label.text()
    assert 0 < len(text) <= limit
    assert all(c.isprintable() for c in text), repr(text[:80])
    assert "\x1b" not in text and "\n" not in text


@pytest.fixture
def idp(shared_stack: DemoStack) -> Iterator[object]:
    """The shared demo server, with every injected fault gone afterwards."""
    yield shared_stack.idp
    shared_stack.idp.clear_faults()


def real_device_answer(idp: object) -> dict[str, object]:
    """A real device-code answer from the server (so polling it stays pending)."""
    answer = requests.post(
        f"{idp.issuer}oauth/device/code",  # type: ignore[attr-defined]
        data={"client_id": DEMO_CLIENT_ID, "audience": DEMO_AUDIENCE, "scope": "openid"},
        timeout=5,
    )
    answer.raise_for_status()
    return answer.json()


async def test_a_hostile_error_description_is_bounded_plain_text(
    harness: Harness, idp, qtbot
) -> None:
    body = {"error": "access_denied", "error_description": HOSTILE}
    idp.inject_fault(TOKEN, status=403, body=json.dumps(body).encode())
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: harness.page.current_panel() == "error", 10, "the error panel")
    assert_clean(harness.page.error_title, 120)
    assert_clean(harness.page.error_message, ERROR_LIMIT)
    message = harness.page.error_message.text()
    assert "<b>x</b>" in message  # shown as the characters it is, not rendered
    assert "red" in message and "next line" in message
    for label in harness.page.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


async def test_a_hostile_user_code_is_bounded_plain_text(harness: Harness, idp, qtbot) -> None:
    answer = real_device_answer(idp)
    answer["user_code"] = HOSTILE
    idp.inject_fault(DEVICE, status=200, body=json.dumps(answer).encode())
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()
    assert_clean(harness.page.code_label, 64)
    assert_clean(harness.page.link_label, LINK_LIMIT)
    await stop_polling(harness)


async def stop_polling(harness: Harness) -> None:
    """End the sign-in inside the test: a poll left sleeping would wake in pytest-qt's
    teardown, which runs Qt events before the async fixtures and outside any loop."""
    await harness.controller.sign_in.shutdown()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "file:///etc/passwd",
        "http://example.com/activate?user_code=ABCD-EFGH",
    ],
)
async def test_an_unsafe_verification_link_is_shown_not_opened(
    harness: Harness, idp, qtbot, link: str
) -> None:
    answer = real_device_answer(idp)
    answer["verification_uri"] = link
    answer["verification_uri_complete"] = link
    idp.inject_fault(DEVICE, status=200, body=json.dumps(answer).encode())
    await harness.controller.start()
    qtbot.mouseClick(harness.page.sign_in_button, Qt.MouseButton.LeftButton)
    page = harness.page
    await wait_until(lambda: page.current_panel() == "code", 10, "the code panel")
    assert page.link_label.text() == link
    assert page.link_warning.isVisibleTo(page)
    assert "not opened" in page.link_warning.text()
    assert not page.open_button.isVisibleTo(page)
    assert page.qr.text() == ""  # a phone would open the QR code's link unchecked
    page.open_link_clicked.emit()  # even if the button were reached somehow
    # Still polling: the sign-in can go on if the person opens a good link themselves.
    http = harness.services.http
    polls = http.token_posts
    await wait_until(lambda: http.token_posts > polls, 5, "another poll")
    assert harness.opened == []
    await stop_polling(harness)


async def test_a_safe_link_hides_the_warning_again(harness: Harness, idp, qtbot) -> None:
    answer = real_device_answer(idp)
    answer["verification_uri_complete"] = "javascript:alert(1)"
    idp.inject_fault(DEVICE, status=200, body=json.dumps(answer).encode())
    await harness.controller.start()
    page = harness.page
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: page.current_panel() == "code", 10, "the code panel")
    assert page.link_warning.isVisibleTo(page)
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
    await harness.wait_for_code()  # the real answer: opened at once
    assert not page.link_warning.isVisibleTo(page)
    assert page.open_button.isVisibleTo(page)
    assert page.qr.text() == harness.opened[0]
    await stop_polling(harness)


def test_the_signed_in_name_is_bounded_plain_text(qtbot) -> None:
    from gui.ui.views.window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_user(HOSTILE)  # the name claims of an ID token are the provider's text
    assert_clean(window.user_label, 120)
    assert "<b>x</b>" in window.user_label.text()
