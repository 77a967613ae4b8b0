"""The window's start: QApplication on a qasync loop, the window first, then the rest.

``run()`` shows the window before anything heavy is imported (requests, jwt,
strands, boto3, mcp): the sign-in core loads right after the first paint and
the chat core off the GUI thread when it is first needed. The concrete stores and
sessions come from the composition root, :class:`gui.services.AppServices`.

The steps, in this order (each ``app.processEvents()`` between them lets Qt
paint and handle input, so no step stalls the window for more than a frame)::

    _paint_first_frame   PySide6, the import hook, the single-instance check, the
                         language hint, the window shown and painted
      (--smoke-test: smoke.report, then exit)
    _load_after_paint    AFTER_PAINT and the settings, in a thread (while_painting)
    claim the single-instance socket (a race with another launch ends here)
    _finish_window       settings applied, shortcuts, icon, body, sign-in page, the
                         controller, the error hook (errors)
    _run_until_closed    the signal handlers (closing), the qasync loop (an explicit
                         QtLoop, not qasync.run(): see DESIGN.md), the
                         controller's start, and its shutdown once the window closes

The pieces live beside this module, each with one job: ``first_paint``,
``language_hint``, ``single_instance``, ``import_hook``, ``while_painting``,
``closing``, ``errors``, ``smoke``, ``qt_loop``; none of them imports this module.

May import PySide6, qasync, ``gui.ui``, ``gui.services``, ``gui.config``,
``gui.errors`` and ``gui.aio``; at module level only the standard library the
interpreter has loaded anyway (no Qt: :func:`skip_source_scan` must run right
after PySide6 is imported), everything else where it is first needed.

``python -m gui.ui.startup.app [--demo] [--smoke-test] [--config FILE]``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import logging

    from PySide6.QtWidgets import QApplication

    from gui.config import Profile
    from gui.errors import ConfigError
    from gui.ui.controllers.window import WindowController
    from gui.ui.i18n import Translations
    from gui.ui.startup.closing import WindowClosed
    from gui.ui.startup.first_paint import FirstPaint
    from gui.ui.startup.single_instance import SingleInstance
    from gui.ui.theme import Theme
    from gui.ui.views.window import MainWindow

SHUTDOWN_BUDGET = 1.7  # seconds; closing must finish within two
PAINT_TIMEOUT = 5.0  # seconds the running window waits for a late first paint
ALREADY_RUNNING = "AgentCore Chat is already running; brought its window forward."
_IMPORTED_AT = time.monotonic()


def _log() -> logging.Logger:
    # logging costs ~8 ms to import: not before the first paint (asyncio loads it after).
    import logging

    return logging.getLogger("gui.ui.startup.app")  # also when run as __main__


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _IMPORTED_AT


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


class _FirstFrame(NamedTuple):
    """What the first frame was built from; the steps after it finish the same window.

    A NamedTuple, not a dataclass: ``typing`` is loaded already, ``dataclasses`` (and
    the ``inspect`` it imports) would be one more import before the first paint.
    """

    app: QApplication
    instance: SingleInstance
    translations: Translations
    theme: Theme
    window: MainWindow
    first_paint: FirstPaint
    closed: WindowClosed


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
    first = _paint_first_frame(config_path)
    if first is None:  # another window is running: it was asked to come forward
        return 0
    if smoke_test:
        from gui.ui.startup.smoke import report

        ok = report(first.first_paint, AFTER_PAINT + ON_DEMAND)
        first.window.close()
        first.instance.release()
        return 0 if ok else 1
    loaded = _load_after_paint(config_path, overrides)  # the window stays responsive
    _configure_logging()
    if not first.instance.claimed and not first.instance.claim():  # lost a race
        print(ALREADY_RUNNING)
        return 0
    controller = _finish_window(first, loaded, demo=demo, config_path=config_path)
    return _run_until_closed(first, controller)


def _paint_first_frame(config_path: Path | None) -> _FirstFrame | None:
    """The QApplication and the window, shown and painted; None when another window runs."""
    # Not Qt (the namespace) before the first paint: its first use builds ~100 enums.
    from PySide6.QtWidgets import QApplication

    from gui.ui.startup.import_hook import skip_source_scan

    skip_source_scan()  # first: it makes every later import cheaper

    from gui.ui.i18n import Translations
    from gui.ui.startup.closing import WindowClosed
    from gui.ui.startup.first_paint import FirstPaint
    from gui.ui.startup.language_hint import language_hint
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
        print(ALREADY_RUNNING)
        return None

    translations = Translations(app)
    translations.apply(language_hint(config_path))
    theme = Theme(app, follow=False)
    window = MainWindow(defer_shortcuts=True)
    first_paint = FirstPaint(window, clock=process_age)
    closed = WindowClosed(window)  # a close before the loop exists counts too
    window.show()
    app.processEvents()  # paint now, before the rest is even imported
    return _FirstFrame(app, instance, translations, theme, window, first_paint, closed)


def _load_after_paint(
    config_path: Path | None, overrides: dict[str, str | None] | None
) -> Profile | ConfigError:
    """AFTER_PAINT and the settings, loaded in a thread while Qt paints; the profile or why not."""
    from gui.ui.startup.while_painting import while_painting

    def work() -> Profile | ConfigError:
        for name in AFTER_PAINT:
            importlib.import_module(name)
        from gui.config import load_profile
        from gui.errors import ConfigError
        from gui.ui.startup import errors  # noqa: F401 - loaded here, off the GUI thread

        try:
            return load_profile(config_path, overrides=overrides)
        except ConfigError as exc:
            return exc

    return while_painting(work)


def _configure_logging() -> None:
    import logging

    from gui.untrusted import log_to_terminal

    if not logging.getLogger().handlers:  # the terminal configures it; `python -m` does not
        log_to_terminal(os.environ.get("AGENTCORE_CHAT_LOG", "WARNING"))
        from gui.logs import quiet_libraries

        quiet_libraries(debug=logging.getLogger().level <= logging.DEBUG)


def _finish_window(
    first: _FirstFrame,
    loaded: Profile | ConfigError,
    *,
    demo: bool,
    config_path: Path | None,
) -> WindowController:
    """The settings applied and the rest of the window built, a frame's work at a time."""
    from gui.config import Profile
    from gui.errors import ConfigError
    from gui.services import AppServices
    from gui.ui.controllers.window import WindowController
    from gui.ui.i18n import effective_language
    from gui.ui.icon import app_icon
    from gui.ui.startup.errors import error_dialog, install_excepthook

    app, window = first.app, first.window
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
    if effective_language(profile.language) != first.translations.language:  # hint was wrong
        first.translations.apply(profile.language)
    first.theme.follow_system()
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
        translations=first.translations,
        config_problem=config_problem,
    )
    install_excepthook(error_dialog(app, window))
    first.instance.activation_requested.connect(lambda: _bring_forward(window))
    return controller


def _bring_forward(window: MainWindow) -> None:
    """Another launch knocked: show the window, unminimized, on top."""
    from PySide6.QtCore import Qt

    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def _run_until_closed(first: _FirstFrame, controller: WindowController) -> int:
    """The qasync loop: the controller starts, the window closes, it shuts down; exit code."""
    import asyncio

    from gui.aio import DaemonExecutor, finalizing_async_generators
    from gui.ui.startup.closing import CloseOnSignals, exit_now
    from gui.ui.startup.errors import loop_exception_handler
    from gui.ui.startup.qt_loop import QtLoop

    signals = CloseOnSignals(first.window)
    # An explicit loop, not qasync.run(): its global policy breaks the MCP thread (DESIGN.md).
    loop = QtLoop(first.app)
    asyncio.set_event_loop(loop)
    loop.set_default_executor(DaemonExecutor())
    loop.set_exception_handler(loop_exception_handler)
    closed = first.closed.future(loop)
    painted = first.first_paint.future(loop)

    async def main() -> int:
        with contextlib.suppress(TimeoutError):
            # Usually painted already; a platform may paint late (or never: minimal).
            await asyncio.wait_for(painted, PAINT_TIMEOUT)
        painted_at = first.first_paint.painted_at()
        first.first_paint.stop()
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
        # qasync installs no async-generator hooks: without them an abandoned stream
        # (Stop during a tool call) prints "async generator ignored GeneratorExit".
        with loop, finalizing_async_generators(loop):
            code = loop.run_until_complete(main())
    finally:
        first.instance.release()
    if signals.asked_to_stop:
        exit_now(code)
    return code


def main(argv: list[str] | None = None) -> int:
    """``python -m gui.ui.startup.app [--demo] [--smoke-test] [--config FILE]``."""
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
