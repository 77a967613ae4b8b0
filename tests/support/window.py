"""A window wired to the demo servers, for the window tests and benchmarks.

``Harness`` builds the real MainWindow and WindowController with AppServices,
captures the "open in browser" calls, signs in through the page as a person does, and
tears everything down.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gui.aio import run_blocking
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore, MemoryStore, SignInStore
from gui.config import Profile
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from gui.services import AppServices
from gui.ui.controllers.window import WindowController
from gui.ui.views.window import MainWindow
from tests.support.auth import CountingHttp, approve_in_browser
from tests.support.qt import delete_now
from tests.support.waiting import wait_until


def harness_with(qtbot: Any, stack: DemoStack, **session_options: Any) -> Harness:
    """A window on the real keyring whose sign-in session gets ``session_options``."""
    h = Harness(qtbot, stack.profile, KeyringStore())
    services = h.services

    def auth_session(profile: Profile) -> AuthSession:
        return AuthSession(
            profile, store=h.store, http=services.http, poll_margin=0.02, **session_options
        )

    services.auth_session = auth_session  # type: ignore[method-assign]  # before start()
    return h


class TestServices(AppServices):
    """AppServices with fast polling and a counting HTTP client."""

    __test__ = False

    def __init__(
        self,
        store: SignInStore,
        history_path: Path | None = None,
        config_path: Path | None = None,
    ) -> None:
        # Each window gets its own history file unless a test shares one (a "restart").
        if history_path is None:
            history_path = Path(tempfile.mkdtemp(prefix="history-")) / "history.sqlite3"
        super().__init__(
            demo=False,
            store=store,
            poll_margin=0.02,
            history_path=history_path,
            config_path=config_path,
        )
        self.history_path = history_path
        self.http = CountingHttp()

    def auth_session(self, profile: Profile) -> AuthSession:
        store = self.sign_in_store(profile)  # each profile's own sign-in
        return AuthSession(profile, store=store, http=self.http, poll_margin=0.02)


class Harness:
    """A window + controller against a profile; ``opened`` holds the links "opened"."""

    def __init__(
        self,
        qtbot: Any,
        profile: Profile,
        store: SignInStore | None = None,
        history_path: Path | None = None,
        config_path: Path | None = None,
        opener: Callable[[str], object] | None = None,
    ) -> None:
        """``opener``: also called with each link "opened" (e.g. to play the browser)."""
        from PySide6.QtWidgets import QApplication

        # As in the app: closing the window must not stop the (shared) loop.
        QApplication.instance().setQuitOnLastWindowClosed(False)
        self.qtbot = qtbot
        self.opened: list[str] = []
        self.store = store or MemoryStore()
        self.services = TestServices(self.store, history_path, config_path)
        # Not qtbot.addWidget: pytest-qt would delete the window before this fixture's
        # teardown shuts the controller down; close() destroys it after that instead.
        self.window = MainWindow()

        def open_link(url: str) -> None:
            self.opened.append(url)
            if opener is not None:
                opener(url)

        self.controller = WindowController(self.window, profile, self.services, opener=open_link)
        self.window.show()

    @property
    def page(self) -> Any:
        """The sign-in page."""
        return self.window.sign_in_page

    async def wait_for_code(self) -> None:
        """Until the code panel shows and the link was opened."""
        await wait_until(lambda: self.opened and self.page.current_panel() == "code", 10, "code")

    async def wait_for_chat(self, timeout: float = 15.0) -> None:
        """Until the chat page is current and the controller has finished starting it.

        Waiting for the page alone let a test end while the chat was still connecting;
        pytest-qt then processes Qt events before this fixture's teardown, outside any
        asyncio loop, and the unfinished task ran there ("no running event loop").
        """
        await wait_until(
            lambda: (
                self.window.chat_page is not None
                and self.window.current_page() is self.window.chat_page
                and self.controller.idle
            ),
            timeout,
            "the chat page",
        )

    async def sign_in(self, idp: DemoIdp, username: str = "alice") -> None:
        """Start, click Sign in, approve the code as ``username`` in a "browser", wait for
        the chat."""
        from PySide6.QtCore import Qt

        await self.controller.start()
        self.qtbot.mouseClick(self.page.sign_in_button, Qt.MouseButton.LeftButton)
        await self.wait_for_code()
        code = self.controller.sign_in.code
        await run_blocking(lambda: approve_in_browser(idp, code.user_code, username))
        await self.wait_for_chat()

    async def close(self) -> None:
        """Shut the controller down and close the window."""
        await self.controller.shutdown()
        delete_now(self.window)
