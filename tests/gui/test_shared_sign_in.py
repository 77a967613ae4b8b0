"""The window and a terminal command share one sign-in (issue 8's "what we saw").

The window resumes a remembered sign-in from the real keyring; ``agentcore-chat
status`` in another process then rotates the stored refresh token; a question
asked when the window's access token is close to expiry needs a refresh. The
embedded server rotates tokens and revokes the whole grant on reuse, so a
window that replayed its spent token would be signed out and the entry deleted.
"""

from __future__ import annotations

import asyncio
import os
import subprocess

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from tests.support.auth import cli_command, remember_sign_in
from tests.support.clock import MovableClock
from tests.support.sign_in_process import start
from tests.support.waiting import wait_until
from tests.support.window import harness_with

pytestmark = [pytest.mark.gui, pytest.mark.keyring]


def status(stack: DemoStack) -> subprocess.CompletedProcess[str]:
    """``agentcore-chat status`` as another process, on the same keyring (through the env)."""
    return subprocess.run(
        cli_command(stack.idp, "status"),
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


async def test_a_question_after_status_in_a_terminal_keeps_the_window_signed_in(
    qtbot: QtBot, shared_stack: DemoStack
) -> None:
    store = KeyringStore()
    await remember_sign_in(shared_stack.idp, store)  # remembered from before
    reuses = shared_stack.idp.reuse_count()
    clock = MovableClock()
    h = harness_with(qtbot, shared_stack, clock=clock)
    try:
        await h.controller.start()
        await h.wait_for_chat()  # resumed silently: a refresh with the stored token

        done = await asyncio.to_thread(status, shared_stack)  # rotates the stored token
        assert done.returncode == 0, done.stderr
        rotated = await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID)
        assert rotated is not None

        # The window's access token now has a minute left: the question needs a refresh.
        clock.offset = 3600 - 60
        page = h.window.chat_page
        page.composer.focus_input()
        qtbot.keyClicks(page.composer.edit, "How old is neruneruo?")
        qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)

        def answered() -> bool:
            return (
                bool(page.transcript.tool_cards())
                and page.composer.send_button.isVisible()
                and not page.composer.stop_button.isVisible()
            )

        # Signed out (the old bug) shows the sign-in page instead: stop waiting then.
        await wait_until(
            lambda: answered() or h.window.current_page() is not page, 20, "the answer"
        )
        assert h.window.current_page() is page, "the window was signed out"
        assert answered()
        [card] = page.transcript.tool_cards()
        assert not card.is_error() and "30" in card.result_text()
        assert "30" in page.transcript.messages()[-1].toPlainText()
        assert shared_stack.idp.reuse_count() == reuses
        assert h.window.current_page() is page and "Alice" in h.window.user_label.text()
        now = await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID)
        assert now is not None and now != rotated  # the window refreshed from status's token
        assert shared_stack.idp.is_refresh_token_active(now.refresh_token)
    finally:
        await h.close()
        await store.delete(shared_stack.profile.issuer, DEMO_CLIENT_ID)


async def test_a_sign_in_busy_in_another_process_offers_retry_and_keeps_it(
    qtbot: QtBot, shared_stack: DemoStack
) -> None:
    store = KeyringStore()
    await remember_sign_in(shared_stack.idp, store)
    holder = start("hold-lock", shared_stack.idp.issuer)  # a process stuck mid-refresh
    h = harness_with(qtbot, shared_stack, lock_timeout=0.5)
    try:
        assert holder.stdout is not None
        assert await asyncio.to_thread(holder.stdout.readline) == "held\n"
        await h.controller.start()
        busy = h.window.busy_page
        await wait_until(lambda: busy.retry_button.isVisible(), 10, "the retry button")
        assert h.window.current_page() is busy
        assert "Another AgentCore Chat process is renewing the sign-in" in busy.message.text()
        label = busy.message
        assert label.height() >= label.heightForWidth(label.width()), "the message is cut off"
        assert await store.load(shared_stack.profile.issuer, DEMO_CLIENT_ID) is not None  # kept

        holder.kill()  # the other process goes away (its OS lock with it)
        await asyncio.to_thread(holder.wait, 10)
        qtbot.mouseClick(busy.retry_button, Qt.MouseButton.LeftButton)
        await h.wait_for_chat()
        assert "Alice" in h.window.user_label.text()
    finally:
        holder.kill()
        holder.wait()
        await h.close()
        await store.delete(shared_stack.profile.issuer, DEMO_CLIENT_ID)
