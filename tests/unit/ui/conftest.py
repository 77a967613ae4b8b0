"""Model and rendering tests of gui/ui: real Qt objects, no event loop, no windows shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from tests.support.cards import cards_answer_at_once, press_clock  # noqa: F401 (fixtures)
from tests.support.qt import destroy_leftovers


@pytest.fixture(autouse=True)
def qt_app(qapp: QApplication) -> Iterator[QApplication]:
    """A QApplication for documents and models (fonts, palette); leftovers die here."""
    yield qapp
    destroy_leftovers()
