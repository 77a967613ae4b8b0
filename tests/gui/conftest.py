"""GUI tests run on the real Qt event loop: asyncio's loop *is* qasync's QEventLoop.

Inside an ``async def`` test, wait for a signal with
:func:`tests.support.waiting.signal_future` (``qtbot.waitSignal`` would re-enter
the loop: "Cannot enter into task"), and for anything else with ``wait_until``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from tests.support.qt import destroy_leftovers
from tests.support.window import Harness


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


@pytest.fixture(scope="session")
def stack() -> Iterator[DemoStack]:
    """Sign-in server (no poll interval) and gateway, shared by the session's window tests."""
    demo = DemoStack(idp=DemoIdp(interval=0)).start()
    yield demo
    demo.stop()


@pytest.fixture
async def harness(qtbot: Any, stack: DemoStack) -> AsyncIterator[Harness]:
    """A window on the demo profile, with nothing remembered."""
    h = Harness(qtbot, stack.profile)
    yield h
    await h.close()
