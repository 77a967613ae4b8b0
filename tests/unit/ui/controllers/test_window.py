"""gui/ui/controllers/window.py: which profiles can sign in, and the first page shown."""

from __future__ import annotations

import pytest

from gui.auth.store import MemoryStore
from gui.config import Profile
from gui.services import AppServices
from gui.ui.controllers.window import WindowController, can_sign_in
from gui.ui.views.window import MainWindow
from tests.support.http_server import refused_port
from tests.support.qt import delete_now


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, False),
        ({"issuer": "https://login.example.com/"}, False),
        ({"client_id": "cid"}, False),
        ({"issuer": "https://login.example.com/", "client_id": "cid"}, True),
    ],
)
def test_can_sign_in_needs_a_provider_and_a_client(values: dict[str, str], expected: bool) -> None:
    assert can_sign_in(Profile(**values)) is expected


async def test_nothing_remembered_shows_the_sign_in_button_for_that_provider() -> None:
    profile = Profile(issuer=f"http://127.0.0.1:{refused_port()}/", client_id="cid")
    window = MainWindow()
    controller = WindowController(
        window, profile, AppServices(demo=False, store=MemoryStore()), opener=lambda url: None
    )
    try:
        await controller.start()  # the store is empty: no request is needed to decide
        assert window.current_page() is window.sign_in_page
        assert window.sign_in_page.current_panel() == "start"
        assert "127.0.0.1" in window.sign_in_page.sign_in_button.text()
        assert controller.auth is not None and not controller.auth.signed_in
        assert window.user_label.text() == "Not signed in"
        assert not window.sign_out_action.isEnabled()
    finally:
        await controller.shutdown()
        delete_now(window)
