"""FirstPaint: the first paint's time on the clock it is given, and two ways to wait for it."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from gui.ui.startup.first_paint import FirstPaint
from tests.support.clock import FakeClock


def paint(target: QObject) -> None:
    QApplication.sendEvent(target, QEvent(QEvent.Type.Paint))


def test_the_first_paint_is_noted_once_on_the_given_clock() -> None:
    clock, window = FakeClock(start=0.1), QObject()
    spy = FirstPaint(window, clock=clock)
    assert spy.at is None
    assert spy.painted_at() == 0.1  # no paint yet: the clock now
    clock.advance(0.05)
    paint(window)
    clock.advance(1.0)
    paint(window)  # later paints change nothing
    assert spy.at == spy.painted_at() == pytest.approx(0.15)
    assert spy.parent() is window  # lives and dies with the window


def test_a_future_asked_for_before_the_paint_is_done_at_the_paint() -> None:
    window = QObject()
    spy = FirstPaint(window, clock=FakeClock(start=0.2))
    loop = asyncio.new_event_loop()
    try:
        painted = spy.future(loop)
        assert not painted.done()
        paint(window)
        assert painted.done()
        assert spy.future(loop) is painted
    finally:
        loop.close()


def test_a_future_asked_for_after_the_paint_is_done_at_once() -> None:
    window = QObject()
    spy = FirstPaint(window, clock=FakeClock(start=0.2))
    paint(window)
    loop = asyncio.new_event_loop()
    try:
        assert spy.future(loop).done()
    finally:
        loop.close()


def test_waiting_returns_at_once_when_painted_and_gives_up_after_the_timeout() -> None:
    clock, window = FakeClock(start=0.3), QObject()
    spy = FirstPaint(window, clock=clock)
    assert spy.wait(10) == 0.3  # never painted (the minimal platform): the clock then
    assert spy.at is None
    paint(window)
    clock.advance(2.0)
    assert spy.wait(60_000) == 0.3  # painted: no waiting at all


def test_once_stopped_it_no_longer_watches() -> None:
    window = QObject()
    spy = FirstPaint(window, clock=FakeClock(start=0.4))
    spy.stop()
    paint(window)
    assert spy.at is None
