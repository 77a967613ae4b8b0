"""Qt object lifetime in tests: destroy widgets on the GUI thread, at a known time.

A top-level widget owned only by Python is destroyed when its wrapper is
collected. If it sits in a reference cycle (signal connections to a
controller, tasks), the cyclic GC may run in *any* thread that allocates — a
demo server's or an MCP thread — and Qt then destroys it off the GUI thread
("Timers cannot be stopped from another thread") and later fires a dangling
timer: a segfault. So every GUI test ends by destroying what it left here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget


def delete_now(widget: QWidget) -> None:
    """Close and destroy ``widget`` on this (the GUI) thread, then collect cycles here."""
    if shiboken6.isValid(widget):
        widget.close()
        shiboken6.delete(widget)
    gc.collect()


W = TypeVar("W", bound=QWidget)


@contextmanager
def shown(widget: W, width: int, height: int) -> Iterator[W]:
    """``widget`` resized and shown for the block, then destroyed here (``delete_now``).

    Not qtbot.addWidget: pytest-qt would delete it after the test, outside the loop.
    """
    widget.resize(width, height)
    widget.show()
    try:
        yield widget
    finally:
        delete_now(widget)


def destroy_leftovers() -> None:
    """Destroy every remaining top-level widget and pending deleteLater, then collect."""
    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        if shiboken6.isValid(widget) and widget.parent() is None:
            widget.close()
            shiboken6.delete(widget)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
