"""Benchmarks marked ``gui`` run on the real Qt loop, as the window does.

pytest-asyncio looks the loop-factory hook up per folder, so the one in
tests/gui/conftest.py does not reach this folder: without this file the GUI
benchmarks would run on a plain asyncio loop and measure nothing of the
window's. The others run on a plain loop, as the terminal commands do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.cards import cards_answer_at_once  # noqa: F401 (fixture: cards take clicks at once)
from tests.support.qt import destroy_leftovers
from tests.support.remote_stack import RemoteStack


def _qt_loop() -> asyncio.AbstractEventLoop:
    from PySide6.QtWidgets import QApplication

    from gui.ui.startup.qt_loop import QtLoop  # after PySide6, so qasync binds to it

    app = QApplication.instance() or QApplication([])
    return QtLoop(app, already_running=False)


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
    """qasync's QEventLoop for ``gui`` benchmarks, a plain asyncio loop for the rest."""
    if item.get_closest_marker("gui") is not None:
        return {"qasync": _qt_loop}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture(autouse=True)
def _destroy_widgets_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """GUI benchmarks' leftover windows die here, on the GUI thread (tests/support/qt.py)."""
    yield
    if request.node.get_closest_marker("gui") is not None:
        destroy_leftovers()


@pytest.fixture(scope="module")
def remote_stack() -> Iterator[RemoteStack]:
    """The demo servers in their own process (no poll interval, no latency)."""
    with RemoteStack(test_tools=True) as stack:
        yield stack
