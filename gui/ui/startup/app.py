"""The window's start: QApplication on a qasync loop, the window first, then the rest.

``run()`` shows the window before anything heavy is imported (requests, jwt,
strands, boto3, mcp): the sign-in core loads right after the first paint and
the chat core off the GUI thread when it is first needed. The concrete stores and
sessions come from the composition root, :class:`gui.services.AppServices`.

``python -m gui.ui.startup.app [--demo] [--smoke-test]``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from gui.services import imports_without_gc

if TYPE_CHECKING:
    import asyncio
    import logging

    from gui.config import Profile

T = TypeVar("T")

SHUTDOWN_BUDGET = 1.7  # seconds; closing must finish within two
_IMPORTED_AT = time.monotonic()


def _log() -> logging.Logger:
    # logging costs ~8 ms to import: not before the first paint (asyncio loads it after).
    import logging

    return logging.getLogger("gui.ui.startup.app")


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT


def install_excepthook(show: Callable[[str], None]) -> None:
    """Log unexpected errors (qasync's asyncSlot sends them here) and show a short note."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        import traceback

        _log().error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        with contextlib.suppress(Exception):
            show(f"{kind.__name__}: {exc}")

    sys.excepthook = hook


def _close_on_interrupt(window: Any) -> list[int]:
    """Ctrl+C, SIGTERM (``kill``) and SIGHUP (desktop log-out, terminal gone) close the window.

    Closing is the clean shutdown the close button gives: polls cancelled, the MCP
    session ended at the gateway. Returns the list the signals received are added to.
    """
    import signal

    from PySide6.QtCore import QTimer

    received: list[int] = []

    def close(signum: int, _frame: object) -> None:
        received.append(signum)
        window.close()

    for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:  # Windows has no SIGHUP
            signal.signal(signum, close)
    # Python runs signal handlers only when it gets control: wake it now and then.
    ticker = QTimer(window)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)
    return received


def _exit_now(code: int) -> None:
    """End the process at once, after our own shutdown has finished.

    Asked to stop from outside (log-out, ``kill``), the interpreter's own teardown of
    Qt and the imported chat stack took over a second more under load; nothing in
    it is ours to finish: sessions are closed and nothing is left unsaved.
    """
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    import asyncio

    exc = context.get("exception")
    if isinstance(exc, BaseException) and not isinstance(exc, asyncio.CancelledError):
        sys.excepthook(type(exc), exc, exc.__traceback__)
    else:
        loop.default_exception_handler(context)


def _while_painting(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread while Qt keeps handling events (paints, input); its result.

    For what the window needs right after its first frame (asyncio, qasync, the
    controllers, QtNetwork, the settings file: 50-100 ms). On the GUI thread it
    would freeze the window that was just painted; here the GUI thread waits in
    Qt's event loop and gets the GIL back within a switch interval (5 ms).
    """
    import threading

    from PySide6.QtCore import QEventLoop, QTimer

    outcome: list[Any] = []

    def target() -> None:
        try:
            with imports_without_gc():
                outcome.append((True, work()))
        except BaseException as exc:  # handed to the GUI thread below
            outcome.append((False, exc))

    thread = threading.Thread(target=target, name="startup", daemon=True)
    waiting = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: thread.is_alive() or waiting.quit())
    thread.start()
    poll.start()
    waiting.exec()
    poll.stop()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def _config_file(config_path: Path | None) -> Path:
    if config_path is not None:
        return config_path
    if sys.platform.startswith("linux"):  # what platformdirs answers, without importing it
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "agentcore-chat" / "config.toml"
    from gui.config import config_path as platform_config_path

    return platform_config_path()


def language_hint(config_path: Path | None) -> str:
    """The ``language`` line of the settings file, read without parsing TOML.

    Only for the first frame: the settings are loaded and validated right after
    it, and the window switches language if the full read disagrees.
    """
    try:
        text = _config_file(config_path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return ""
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "language":
            return value.split("#", 1)[0].strip().strip("\"'")
    return ""


def _check_installed(names: tuple[str, ...]) -> list[str]:
    """The modules among ``names`` that cannot be found (a broken install or bundle)."""
    from importlib.util import find_spec

    missing = []
    for name in names:
        try:
            found = find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


# What the window loads after its first frame (the smoke test checks they are there).
AFTER_PAINT = (
    "asyncio",
    "qasync",
    "gui.aio",
    "gui.ui.controllers.window",
    "gui.ui.icon",
    "PySide6.QtNetwork",
)
ON_DEMAND = (
    "gui.ui.controllers.chat",
    "gui.auth.session",
    "gui.agent.session",
    "strands",
    "mcp",
    "segno",
)


def run(
    *,
    demo: bool = False,
    smoke_test: bool = False,
    overrides: dict[str, str | None] | None = None,
    config_path: Path | None = None,
) -> int:
    """Start the window; returns the exit code.

    The window is painted first, from plain Qt and the few modules that frame
    needs: asyncio, qasync, the controllers and the sign-in core load after the
    person already sees it, off the GUI thread.
    """
    # Not Qt (the namespace) before the first paint: its first use builds ~100 enums.
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.ui.startup.import_hook import skip_source_scan

    skip_source_scan()  # first: it makes every later import cheaper

    from gui.ui.i18n import Translations
    from gui.ui.startup.single_instance import SingleInstance
    from gui.ui.theme import Theme
    from gui.ui.views.window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("agentcore-chat")
    app.setApplicationDisplayName("AgentCore Chat")
    app.setDesktopFileName("agentcore-chat")
    app.setQuitOnLastWindowClosed(False)  # the loop ends when our coroutine does

    instance = SingleInstance(parent=app)
    # Another window can only be running when its socket exists: then ask it before
    # painting (a second launch must not flash a window). Otherwise claim after the paint.
    if instance.may_be_taken() and not instance.claim():
        print("AgentCore Chat is already running; brought its window forward.")
        return 0

    translations = Translations(app)
    translations.apply(language_hint(config_path))
    theme = Theme(app, follow=False)
    window = MainWindow(defer_shortcuts=True)
    first_paint: list[float] = []
    painted: list[asyncio.Future[None]] = []  # set once the loop exists
    closed_early: list[bool] = []  # closed before the loop existed
    waiting_for_paint = QEventLoop()

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not first_paint:
                first_paint.append(process_age())
                waiting_for_paint.quit()
                for future in painted:
                    future.done() or future.set_result(None)
            return False

    spy = FirstPaint(window)
    window.installEventFilter(spy)
    window.closed.connect(lambda: closed_early.append(True))
    window.show()
    app.processEvents()  # paint now, before the rest is even imported

    if smoke_test:
        # The start-up up to the first frame, as a person sees it; then exit. What loads
        # after that frame is only looked up (a broken bundle fails here), not run.
        if not first_paint:  # a platform may paint late (or never: minimal)
            QTimer.singleShot(5000, waiting_for_paint.quit)
            waiting_for_paint.exec()
        painted_at = first_paint[0] if first_paint else process_age()
        print(f"first paint: {painted_at * 1000:.0f} ms", flush=True)
        heavy = sorted(m for m in ("strands", "boto3", "mcp") if m in sys.modules)
        if heavy:
            print(f"heavy modules loaded before paint: {', '.join(heavy)}", flush=True)
        missing = _check_installed(AFTER_PAINT + ON_DEMAND)
        if missing:
            print(f"missing modules: {', '.join(missing)}", flush=True)
        window.close()
        instance.release()
        return 1 if missing else 0

    def after_paint() -> Profile | ConfigError:
        for name in AFTER_PAINT:
            importlib.import_module(name)
        from gui.config import load_profile
        from gui.errors import ConfigError

        try:
            return load_profile(config_path, overrides=overrides)
        except ConfigError as exc:
            return exc

    # After the first paint, while the window stays responsive.
    loaded = _while_painting(after_paint)
    import asyncio
    import logging

    import qasync
    from PySide6.QtCore import Qt

    from gui.aio import DaemonExecutor
    from gui.config import Profile
    from gui.errors import ConfigError
    from gui.services import AppServices
    from gui.ui.controllers.window import WindowController
    from gui.ui.icon import app_icon

    if (
        not logging.getLogger().handlers
    ):  # gui.cli.main configures it; `python -m gui.ui.startup.app` not
        logging.basicConfig(level=os.environ.get("AGENTCORE_CHAT_LOG", "WARNING"))
    if not instance.claimed and not instance.claim():  # lost a race with another launch
        print("AgentCore Chat is already running; brought its window forward.")
        return 0
    # Each step below is up to a frame's work: let Qt paint and handle input in between.
    app.processEvents()
    config_problem = ""
    if isinstance(loaded, ConfigError):
        profile = Profile()
        config_problem = app.translate(
            "WindowController", "Your settings have a problem and were not used: %1"
        ).replace("%1", loaded.message)
    else:
        profile = loaded
    from gui.ui.i18n import effective_language

    if effective_language(profile.language) != translations.language:  # the hint was wrong
        translations.apply(profile.language)
    theme.follow_system()
    window.add_shortcuts()
    app.setWindowIcon(app_icon())
    app.processEvents()
    window.prepare_body()  # before the other pages join the stack (see there)
    app.processEvents()
    window.sign_in_page  # noqa: B018 - built here, in its own frame (the controller needs it)
    app.processEvents()
    controller = WindowController(
        window,
        profile,
        AppServices(demo=demo, config_path=config_path),
        translations=translations,
        config_path=config_path,
        config_problem=config_problem,
    )

    def show_error(text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

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
    signalled = _close_on_interrupt(window)

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.set_default_executor(DaemonExecutor())
    loop.set_exception_handler(_loop_exception_handler)
    closed: asyncio.Future[None] = loop.create_future()
    painted.append(loop.create_future())
    if first_paint:
        painted[0].set_result(None)
    window.closed.connect(lambda: closed.done() or closed.set_result(None))
    if closed_early:
        closed.set_result(None)

    async def main() -> int:
        with contextlib.suppress(TimeoutError):
            # Usually painted already; a platform may paint late (or never: minimal).
            await asyncio.wait_for(painted[0], 5.0)
        painted_at = first_paint[0] if first_paint else process_age()
        window.removeEventFilter(spy)
        _log().info("first paint after %.0f ms", painted_at * 1000)
        starting = controller.spawn(controller.start())
        await closed
        starting.cancel()
        try:
            await asyncio.wait_for(controller.shutdown(), SHUTDOWN_BUDGET)
        except TimeoutError:
            _log().warning(
                "Shutdown took longer than %.1f s; leaving the rest behind", SHUTDOWN_BUDGET
            )
        return 0

    try:
        with loop:
            code = loop.run_until_complete(main())
    finally:
        instance.release()
    if signalled:
        _exit_now(code)
    return code


def main(argv: list[str] | None = None) -> int:
    """``python -m gui.ui.startup.app [--demo] [--smoke-test]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="agentcore-chat", description="AgentCore Chat window")
    parser.add_argument("--demo", action="store_true", help="use the embedded local servers")
    parser.add_argument(
        "--smoke-test", action="store_true", help="show the window, print time to paint, exit"
    )
    parser.add_argument("--config", type=Path, default=None, help="settings file to use")
    args = parser.parse_args(argv)
    return run(demo=args.demo, smoke_test=args.smoke_test, config_path=args.config)


if __name__ == "__main__":
    sys.exit(main())
