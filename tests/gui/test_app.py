"""The window as a whole: silent resume, network trouble, first run, one instance, close."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid

import pytest
from PySide6.QtCore import Qt

from gui.auth.store import KeyringStore, MemoryStore, SignInStore
from gui.config import Profile
from gui.demo.idp import DEMO_CLIENT_ID
from gui.errors import SessionExpired
from gui.ui.startup.single_instance import SingleInstance
from tests.support.secret_service import locked_keyring
from tests.support.waiting import signal_future, wait_until
from tests.support.window import Harness

pytestmark = pytest.mark.gui


async def sign_in_and_close(qtbot, stack, store: SignInStore) -> None:
    """Alice signs in through a window that then closes: ``store`` remembers her."""
    first = Harness(qtbot, stack.profile, store)
    try:
        await first.sign_in(stack.idp)
    finally:
        await first.close()


@pytest.mark.keyring
async def test_restart_with_a_remembered_sign_in_goes_straight_to_chat(shared_stack, qtbot) -> None:
    store = KeyringStore()
    await sign_in_and_close(qtbot, shared_stack, store)
    second = Harness(qtbot, shared_stack.profile, KeyringStore())
    try:
        await second.controller.start()  # no click anywhere
        await second.wait_for_chat()
        assert second.opened == []
        assert "Alice" in second.window.user_label.text()
        # Sign out revokes and forgets: a third start asks again.
        revoked_before = shared_stack.idp.revocation_count()
        await second.controller.sign_out()
        assert shared_stack.idp.revocation_count() == revoked_before + 1
        assert second.window.current_page() is second.window.sign_in_page
        assert await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID) is None
    finally:
        await second.close()


@pytest.mark.keyring
async def test_a_locked_keyring_still_signs_in_and_says_it_will_not_remember(
    shared_stack, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with locked_keyring() as address:  # a second gnome-keyring, locked over D-Bus
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        h = Harness(qtbot, shared_stack.profile, KeyringStore())
        try:
            await h.sign_in(shared_stack.idp)
            assert "Alice" in h.window.user_label.text()
            banner = h.window.notice_banner
            await wait_until(lambda: banner.isVisible(), 10, "the keyring notice")
            assert "The system keyring is locked" in banner.text()
            assert "will not be remembered" in banner.text()
            assert h.controller.auth is not None and not h.controller.auth.remembered
        finally:
            await h.close()


async def test_network_error_on_resume_offers_retry_and_keeps_the_sign_in(
    shared_stack, qtbot
) -> None:
    store = MemoryStore()
    await sign_in_and_close(qtbot, shared_stack, store)
    stored = await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID)
    assert stored is not None
    h = Harness(qtbot, shared_stack.profile, store)
    try:
        shared_stack.idp.inject_fault("/oauth/token", close_connection=True, count=1)
        await h.controller.start()
        busy = h.window.busy_page
        assert h.window.current_page() is busy
        assert busy.retry_button.isVisible()
        assert "Cannot reach" in busy.label.text()
        assert await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID) is not None
        qtbot.mouseClick(busy.retry_button, Qt.MouseButton.LeftButton)
        await h.wait_for_chat()
    finally:
        shared_stack.idp.clear_faults()
        await h.close()


async def test_session_failed_goes_back_to_sign_in_with_the_message(
    harness: Harness, shared_stack, qtbot
) -> None:
    await harness.sign_in(shared_stack.idp)
    # As the chat pane reports it: through its signal, whatever the window connected to it.
    harness.controller.chat_controller.session_failed.emit(SessionExpired())
    await wait_until(lambda: harness.window.current_page() is harness.window.sign_in_page, 5)
    assert "expired" in harness.page.start_notice.text()
    assert harness.window.user_label.text() == "Not signed in"


async def test_first_run_opens_settings_with_an_explanation(qtbot) -> None:
    h = Harness(qtbot, Profile())
    try:
        await h.controller.start()
        assert h.page.current_panel() == "setup"
        dialog = h.controller.dialogs.settings
        assert dialog is not None and dialog.isVisible()
        assert "Welcome" in dialog.intro.text()
        dialog.reject()
    finally:
        await h.close()


def test_demo_mode_shows_the_banner_and_the_alice_bob_hint(qtbot) -> None:
    from gui.services import AppServices
    from gui.ui.controllers.window import WindowController
    from gui.ui.views.window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    WindowController(window, Profile(), AppServices(demo=True))
    window.show_page(window.sign_in_page)  # the first frame shows the busy page
    window.show()
    assert window.demo_banner.isVisible()
    assert "local sign-in server and gateway" in window.demo_banner.text()
    # The chat header names the model; the banner does not repeat it.
    assert "language model" not in window.demo_banner.text()
    assert window.sign_in_page.demo_hint.isVisible()
    assert "Alice" in window.sign_in_page.demo_hint.text()


async def test_a_second_instance_hands_over_to_the_first(qtbot) -> None:
    name = f"agentcore-chat-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert first.claim()
    knocked = signal_future(first.activation_requested)
    try:
        env = {**os.environ, "AGENTCORE_CHAT_INSTANCE": name}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gui.ui.startup.app", "--smoke-test",
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(proc.communicate(), 20)
        assert proc.returncode == 0
        assert b"already running" in out
        assert b"first paint" not in out
        await asyncio.wait_for(knocked, 5)
    finally:
        first.release()


async def test_the_window_shows_before_heavy_imports() -> None:
    env = {**os.environ, "AGENTCORE_CHAT_INSTANCE": f"agentcore-chat-test-{uuid.uuid4().hex[:8]}"}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gui.ui.startup.app", "--smoke-test",
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0, err.decode()
    assert b"first paint: " in out
    assert b"heavy modules" not in out
