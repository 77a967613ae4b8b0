"""GUI tests run on the real Qt event loop: asyncio's loop *is* qasync's QEventLoop.

Inside an ``async def`` test, wait for a signal with :func:`signal_future`
(``qtbot.waitSignal`` would re-enter the loop: "Cannot enter into task").
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QApplication

from tests.support.qt import destroy_leftovers


def _qt_loop() -> asyncio.AbstractEventLoop:
    import qasync  # after PySide6, so qasync binds to it

    app = QApplication.instance() or QApplication([])
    return qasync.QEventLoop(app, already_running=False)


@pytest.fixture(autouse=True)
def _destroy_widgets_on_the_gui_thread() -> Iterator[None]:
    """Each test's leftover windows die here, on the GUI thread (see tests/support/qt.py)."""
    yield
    destroy_leftovers()


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
    """Every async test under tests/gui runs on a qasync loop."""
    return {"qasync": _qt_loop}


def signal_future(signal: SignalInstance) -> asyncio.Future[tuple[Any, ...]]:
    """A future resolved with the arguments of the signal's next emission."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def on_emit(*args: Any) -> None:
        if not future.done():
            future.set_result(args)
        signal.disconnect(on_emit)

    signal.connect(on_emit)
    return future


async def wait_until(predicate: Any, timeout: float = 10.0, what: str = "condition") -> None:
    """Let the loop run until ``predicate()`` is true; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
