"""The window's "Signed in as" names the identity its requests carry (issue 17, item 1).

Bob is signed in in the window; another process on the same computer then signs in
as Alice, which replaces the one stored sign-in. The window's next refresh finds a
stored token it has never seen: it may take it (another process may just have
renewed Bob's), but when the refreshed tokens are Alice's it must stop and ask for
a new sign-in rather than send Alice's token under Bob's name.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.demo.idp import DEMO_CLIENT_ID, REQUIRED_ROLE
from gui.demo.stack import DemoStack
from tests.support.auth import make_session, sign_in_as
from tests.support.clock import MovableClock
from tests.support.waiting import wait_until
from tests.support.window import harness_with

pytestmark = [pytest.mark.gui, pytest.mark.keyring]


async def test_a_sign_in_as_someone_else_elsewhere_stops_the_window_instead_of_acting_as_them(
    qtbot: QtBot, stack: DemoStack
) -> None:
    idp = stack.idp
    idp.set_roles("bob", (REQUIRED_ROLE,))
    clock = MovableClock()
    h = harness_with(qtbot, stack, clock=clock)
    store = h.store
    try:
        await sign_in_as(make_session(idp, store), idp, "bob")  # Bob is remembered
        await h.controller.start()
        await h.wait_for_chat()
        assert "Bob" in h.window.user_label.text()

        await sign_in_as(make_session(idp, store), idp, "alice")  # another process

        clock.offset = 3600 - 60  # the window's access token is about to expire
        page = h.window.chat_page
        page.composer.focus_input()
        qtbot.keyClicks(page.composer.edit, "How old is neruneruo?")
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)

        def answered() -> bool:  # a tool ran: with Alice's token, under Bob's name
            return any(not card.is_error() for card in page.transcript.tool_cards()) and (
                page.composer.send_button.isVisible()
            )

        await wait_until(
            lambda: h.window.current_page() is h.window.sign_in_page or answered(),
            20,
            "the question to end",
        )
        assert h.window.current_page() is h.window.sign_in_page, "answered as Alice under Bob"
        assert "Bob" not in h.window.user_label.text()
        assert "another account" in h.window.sign_in_page.start_notice.text()
    finally:
        idp.set_roles("bob", ())
        await h.close()
        await store.delete(stack.profile.issuer, DEMO_CLIENT_ID)
