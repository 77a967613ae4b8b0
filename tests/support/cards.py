"""The press guard of cards that ask (gui/ui/widgets/press_guard.py), as tests drive it.

Most tests click a card as soon as it shows: :func:`answer_at_once` takes the guard's
delay away (the conftests of tests/gui and tests/unit/ui do it for every test). Tests
of the guard itself use :func:`stepped_press_clock`: the real delay, on a clock the test
moves with ``advance()`` instead of waiting.

The two fixtures at the end are the conftests' (tests/gui and tests/unit/ui import them):
``cards_answer_at_once`` (autouse) and ``press_clock``.
"""

from __future__ import annotations

import pytest

from gui.ui.widgets import press_guard
from tests.support.clock import FakeClock


def answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards take presses as soon as they show."""
    monkeypatch.setattr(press_guard, "ARM_DELAY", 0.0)


def stepped_press_clock(monkeypatch: pytest.MonkeyPatch, delay: float = 0.6) -> FakeClock:
    """The guard's real delay, timed by a clock that moves only when the test says so."""
    clock = FakeClock(start=0.0)
    monkeypatch.setattr(press_guard, "ARM_DELAY", delay)
    monkeypatch.setattr(press_guard, "clock", clock)
    return clock


@pytest.fixture(autouse=True)
def cards_answer_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards take clicks as soon as they show (tests of the guard use ``press_clock``)."""
    answer_at_once(monkeypatch)


@pytest.fixture
def press_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The cards' real press delay, on a clock the test steps (``press_clock.advance(s)``)."""
    return stepped_press_clock(monkeypatch)
