"""Where an unexpected error goes once the window runs: the log, and a short note on screen.

qasync's ``asyncSlot`` hands a slot's exception to ``sys.excepthook``;
:func:`loop_exception_handler` sends the loop's unhandled ones (a task nobody
awaited) there too. The hook installed by :func:`install_excepthook` logs the
traceback and shows one line through :func:`error_dialog`: a window-modal box
opened without a nested event loop. Ctrl+C's ``KeyboardInterrupt`` goes to the
previous hook untouched.

Loaded after the first paint. Imports only the standard library; the dialog's
Qt is imported when an error is first shown.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import asyncio

    from PySide6.QtWidgets import QApplication, QWidget

_log = logging.getLogger(__name__)


def install_excepthook(show: Callable[[str], None]) -> None:
    """Log unexpected errors (qasync's asyncSlot sends them here) and ``show`` a short note."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        import traceback

        _log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        with contextlib.suppress(Exception):
            show(f"{kind.__name__}: {exc}")

    sys.excepthook = hook


def loop_exception_handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """The asyncio loop's handler: exceptions to ``sys.excepthook``, the rest to the default."""
    import asyncio

    exc = context.get("exception")
    if isinstance(exc, BaseException) and not isinstance(exc, asyncio.CancelledError):
        sys.excepthook(type(exc), exc, exc.__traceback__)
    else:
        loop.default_exception_handler(context)


def error_dialog(app: QApplication, window: QWidget) -> Callable[[str], None]:
    """A ``show`` for :func:`install_excepthook`: a warning box over ``window`` with the text."""

    def show(text: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel, QMessageBox

        # Exception text may carry a server's words: shown as typed, never as HTML
        # (an <img src=file:...> would load). Both labels, the line and the detail.
        box = QMessageBox(parent=window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("AgentCore Chat")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(app.translate("MainWindow", "Something unexpected went wrong."))
        box.setInformativeText(text)
        for label in box.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
        box.open()  # never a nested event loop

    return show
