"""The window against a sign-in server whose certificate nobody trusts: one clear card."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.demo.idp import DemoIdp
from tests.support.auth import profile_for
from tests.support.tls import LocalCA
from tests.support.waiting import wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui


@pytest.fixture
def tls_idp(tmp_path: Path) -> Iterator[DemoIdp]:
    """The sign-in server over https, its certificate signed by a CA made here."""
    with DemoIdp(interval=0, tls=LocalCA(tmp_path).issue()) as idp:
        yield idp


async def test_an_untrusted_certificate_shows_what_to_do(qtbot, tls_idp: DemoIdp):
    harness = Harness(qtbot, profile_for(tls_idp))
    try:
        await harness.controller.start()
        page = harness.page
        await wait_until(lambda: page.sign_in_button.isVisible(), 10, "the sign-in button")
        QTest.mouseClick(page.sign_in_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.current_panel() == "error", 15, "the error card")
        assert page.error_title.text() == "Cannot connect securely to the sign-in server"
        message = page.error_message.text()
        assert message.startswith("The certificate of 127.0.0.1 is not trusted.")
        assert "set the extra CA file in Settings (ca_file)" in message
        assert "SSL" not in message and harness.opened == []
    finally:
        await harness.close()
