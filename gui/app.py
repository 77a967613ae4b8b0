"""The composition root: QApplication on a qasync loop, the window first, then the rest.

``run()`` shows the window before anything heavy is imported (requests, jwt,
strands, boto3, mcp): the sign-in core loads right after the first paint and
the chat core off the GUI thread when it is first needed. It is the one place
that picks concrete stores and sessions (:class:`AppServices`).

``python -m gui.app [--demo] [--smoke-test]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from gui.config import Profile

if TYPE_CHECKING:
    import asyncio

    from gui.auth.session import AuthSession
    from gui.auth.store import SignInStore
    from gui.demo.stack import DemoStack

log = logging.getLogger("gui.app")

SHUTDOWN_BUDGET = 1.7  # seconds; closing must finish within two
DEMO_POLL_INTERVAL = 2  # the demo provider's poll interval, so approval shows quickly
_IMPORTED_AT = time.monotonic()


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT


class AppServices:
    """Builds the concrete sessions: keyring (or memory in demo), demo servers, chat."""

    def __init__(
        self,
        *,
        demo: bool = False,
        store: SignInStore | None = None,
        stack: DemoStack | None = None,
        poll_margin: float | None = None,
        config_path: Path | None = None,
    ) -> None:
        self.demo = demo
        self._store = store
        self._stack = stack
        self._own_stack = False
        self._poll_margin = poll_margin
        self._config_path = config_path
        self._demo_remembered: Any = None

    @property
    def stack(self) -> DemoStack | None:
        """The demo servers, once started."""
        return self._stack

    async def prepare(self, profile: Profile) -> Profile:
        """Demo: start the local servers (off the GUI thread: importing mcp takes a second)."""
        if not self.demo:
            return profile
        if self._stack is None:
            from gui.aio import run_blocking

            def start() -> DemoStack:
                from gui.demo.idp import DemoIdp
                from gui.demo.stack import DemoStack

                return DemoStack(idp=DemoIdp(interval=DEMO_POLL_INTERVAL)).start()

            self._stack = await run_blocking(start)
            self._own_stack = True
        return Profile(
            **{
                **self._stack.profile.__dict__,
                "language": profile.language,
                "approval_mode": profile.approval_mode,
            }
        )

    async def preload(self) -> None:
        """Import the sign-in core (requests, jwt, cryptography: ~200 ms) off the GUI thread."""
        from gui.aio import run_blocking

        def load() -> None:
            for name in ("gui.auth.session", "gui.auth.store", "segno"):
                importlib.import_module(name)

        await run_blocking(load)

    def auth_session(self, profile: Profile) -> AuthSession:
        """A sign-in session; the demo remembers in memory only (never the real keyring)."""
        from gui.auth.session import AuthSession
        from gui.auth.store import KeyringStore, MemoryStore

        if self._store is None:
            self._store = MemoryStore() if self.demo else KeyringStore()
        kwargs: dict[str, Any] = {}
        if self._poll_margin is not None:
            kwargs["poll_margin"] = self._poll_margin
        return AuthSession(profile, store=self._store, **kwargs)

    async def chat_session(self, profile: Profile, auth: AuthSession) -> Any:
        """A ChatSession; its module (strands, boto3, mcp) is imported in a daemon thread."""
        from gui.aio import run_blocking

        module = await run_blocking(lambda: importlib.import_module("gui.chat.agent"))
        from gui.chat.approval import ApprovalPolicy

        approvals = ApprovalPolicy(profile.approval_mode, remembered=self.remembered(profile))
        return module.ChatSession(profile, tokens=auth, approvals=approvals)

    def remembered(self, profile: Profile) -> Any:
        """The profile's "always allow" answers: the config file, or memory in the demo.

        The demo's gateway gets a new port each run, so its answers would only pile up
        in the file; they last while the app runs.
        """
        from gui.chat.approval import MemoryRemembered
        from gui.config import RememberedInConfig

        if self.demo:
            if self._demo_remembered is None:
                self._demo_remembered = MemoryRemembered()
            return self._demo_remembered
        return RememberedInConfig(profile.gateway_url, self._config_path)

    def save_profile(self, profile: Profile, path: Path | None) -> Path:
        """Write the settings file; the demo's loopback profile is never written."""
        from gui.config import config_path, save_profile

        if self.demo:
            return path or config_path()
        return save_profile(profile, path)

    async def aclose(self) -> None:
        """Stop the demo servers we started (bounded: the window is closing)."""
        stack, self._stack = (self._stack, None) if self._own_stack else (None, self._stack)
        if stack is not None:
            from gui.aio import run_blocking

            with contextlib.suppress(Exception):
                await run_blocking(stack.stop, within=1.0)


def install_excepthook(show: Callable[[str], None]) -> None:
    """Log unexpected errors (qasync's asyncSlot sends them here) and show a short note."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        import traceback

        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        with contextlib.suppress(Exception):
            show(f"{kind.__name__}: {exc}")

    sys.excepthook = hook


def _close_on_interrupt(window: Any) -> None:
    """Ctrl+C in the terminal closes the window like the close button (a clean shutdown)."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    # Python runs signal handlers only when it gets control: wake it now and then.
    ticker = QTimer(window)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def _loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    import asyncio

    exc = context.get("exception")
    if isinstance(exc, BaseException) and not isinstance(exc, asyncio.CancelledError):
        sys.excepthook(type(exc), exc, exc.__traceback__)
    else:
        loop.default_exception_handler(context)


def run(
    *,
    demo: bool = False,
    smoke_test: bool = False,
    overrides: dict[str, str | None] | None = None,
    config_path: Path | None = None,
) -> int:
    """Start the window; returns the exit code.

    The window is painted first, from plain Qt: asyncio, qasync, the window
    controller and the sign-in core load after the person already sees it.
    """
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from gui.config import load_profile
    from gui.errors import ConfigError
    from gui.ui.i18n import Translations
    from gui.ui.icon import app_icon
    from gui.ui.main_window import MainWindow
    from gui.ui.single_instance import SingleInstance
    from gui.ui.theme import Theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("agentcore-chat")
    app.setApplicationDisplayName("AgentCore Chat")
    app.setDesktopFileName("agentcore-chat")
    app.setQuitOnLastWindowClosed(False)  # the loop ends when our coroutine does

    instance = SingleInstance(parent=app)
    if not instance.claim():
        print("AgentCore Chat is already running; brought its window forward.")
        return 0

    config_problem = ""
    try:
        profile = load_profile(config_path, overrides=overrides)
    except ConfigError as exc:
        profile = Profile()
        config_problem = app.translate(
            "WindowController", "Your settings have a problem and were not used: %1"
        ).replace("%1", exc.message)

    translations = Translations(app)
    translations.apply(profile.language)
    Theme(app)
    app.setWindowIcon(app_icon())
    window = MainWindow()
    first_paint: list[float] = []
    painted: list[asyncio.Future[None]] = []  # set once the loop exists

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not first_paint:
                first_paint.append(process_age())
                for future in painted:
                    future.done() or future.set_result(None)
            return False

    spy = FirstPaint(window)
    window.installEventFilter(spy)
    window.show()
    app.processEvents()  # paint now, before the rest is even imported

    # After the first paint: asyncio, qasync and the controllers.
    import asyncio

    import qasync

    from gui.aio import DaemonExecutor
    from gui.ui.window_controller import WindowController

    controller = WindowController(
        window,
        profile,
        AppServices(demo=demo, config_path=config_path),
        translations=translations,
        config_path=config_path,
        config_problem=config_problem,
    )

    def show_error(text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "AgentCore Chat", text, parent=window)
        box.setText(app.translate("MainWindow", "Something unexpected went wrong."))
        box.setInformativeText(text)
        box.open()  # never a nested event loop

    install_excepthook(show_error)

    def bring_forward() -> None:
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()

    instance.activation_requested.connect(bring_forward)
    _close_on_interrupt(window)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_default_executor(DaemonExecutor())
    loop.set_exception_handler(_loop_exception_handler)
    closed: asyncio.Future[None] = loop.create_future()
    painted.append(loop.create_future())
    if first_paint:
        painted[0].set_result(None)
    window.closed.connect(lambda: closed.done() or closed.set_result(None))

    async def main() -> int:
        with contextlib.suppress(TimeoutError):
            # Usually painted already; a platform may paint late (or never: minimal).
            await asyncio.wait_for(painted[0], 5.0)
        painted_at = first_paint[0] if first_paint else process_age()
        window.removeEventFilter(spy)
        log.info("first paint after %.0f ms", painted_at * 1000)
        if smoke_test:
            heavy = sorted(m for m in ("strands", "boto3", "mcp") if m in sys.modules)
            print(f"first paint: {painted_at * 1000:.0f} ms", flush=True)
            if heavy:
                print(f"heavy modules loaded before paint: {', '.join(heavy)}", flush=True)
            window.close()
            return 0
        starting = controller.spawn(controller.start())
        await closed
        starting.cancel()
        try:
            await asyncio.wait_for(controller.shutdown(), SHUTDOWN_BUDGET)
        except TimeoutError:
            log.warning(
                "Shutdown took longer than %.1f s; leaving the rest behind", SHUTDOWN_BUDGET
            )
        return 0

    try:
        with loop:
            return loop.run_until_complete(main())
    finally:
        instance.release()


def main(argv: list[str] | None = None) -> int:
    """``python -m gui.app [--demo] [--smoke-test]``."""
    parser = argparse.ArgumentParser(prog="agentcore-chat", description="AgentCore Chat window")
    parser.add_argument("--demo", action="store_true", help="use the embedded local servers")
    parser.add_argument(
        "--smoke-test", action="store_true", help="show the window, print time to paint, exit"
    )
    parser.add_argument("--config", type=Path, default=None, help="settings file to use")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("AGENTCORE_CHAT_LOG", "WARNING"))
    return run(demo=args.demo, smoke_test=args.smoke_test, config_path=args.config)


if __name__ == "__main__":
    sys.exit(main())
