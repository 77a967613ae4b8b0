"""while_painting: the work runs in a thread while the GUI thread keeps handling Qt events."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer

from gui.ui.startup.while_painting import while_painting


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process's objects are not start-up's


def test_the_work_runs_in_a_thread_while_qt_events_are_handled() -> None:
    qt_handled = threading.Event()
    QTimer.singleShot(0, qt_handled.set)  # runs only if the GUI thread handles events

    def work() -> tuple[str, bool, bool]:
        return threading.current_thread().name, qt_handled.wait(10), gc.isenabled()

    name, qt_ran_meanwhile, collector_on = while_painting(work)
    assert name == "startup"
    assert qt_ran_meanwhile
    assert not collector_on  # imports_without_gc: paused while the thread imports
    assert gc.isenabled()


def test_the_works_exception_is_raised_on_the_calling_thread() -> None:
    def work() -> None:
        raise LookupError("no such module")

    with pytest.raises(LookupError, match="no such module"):
        while_painting(work)
    assert gc.isenabled()
