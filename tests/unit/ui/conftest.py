"""Model and rendering tests of gui/ui: real Qt objects, no event loop, no windows shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.cards import answer_at_once, stepped_press_clock
from tests.support.clock import FakeClock
from tests.support.qt import destroy_leftovers


@pytest.fixture(autouse=True)
def _cards_answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards take clicks as soon as they show (tests of the guard use ``press_clock``)."""
    answer_at_once(monkeypatch)


@pytest.fixture
def press_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The cards' real press delay, on a clock the test steps (``press_clock.advance(s)``)."""
    return stepped_press_clock(monkeypatch)


@pytest.fixture(autouse=True)
def qt_app(qapp: QApplication) -> Iterator[QApplication]:
    """A QApplication for documents and models (fonts, palette); leftovers die here."""
    yield qapp
    destroy_leftovers()
