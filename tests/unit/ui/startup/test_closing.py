"""How the window's process ends: a close noted before the loop, signals that close, the exit."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Signal

from gui.ui.startup.closing import CloseOnSignals, WindowClosed
from tests.support.fresh_python import run_python

HANDLED = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s]


class FakeWindow(QObject):
    """What closing needs of MainWindow: ``close()`` and the ``closed`` signal."""

    closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.close_calls = 0

    def close(self) -> bool:
        self.close_calls += 1
        self.closed.emit()
        return True


@pytest.fixture
def handlers_restored() -> Iterator[None]:
    """The test process's own signal handlers, put back after the test."""
    saved = {signum: signal.getsignal(signum) for signum in HANDLED}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_close_before_the_loop_exists_is_not_lost() -> None:
    window = FakeWindow()
    closed = WindowClosed(window)
    window.close()
    assert closed.closed
    loop = asyncio.new_event_loop()
    try:
        assert closed.future(loop).done()
    finally:
        loop.close()


def test_a_close_while_the_loop_runs_completes_its_future() -> None:
    window = FakeWindow()
    closed = WindowClosed(window)
    loop = asyncio.new_event_loop()
    try:
        future = closed.future(loop)
        assert not future.done() and not closed.closed
        window.close()
        assert future.done() and closed.closed
        window.close()  # a second close changes nothing
        assert closed.future(loop) is future
    finally:
        loop.close()


@pytest.mark.parametrize("signum", HANDLED, ids=[s.name for s in HANDLED])
def test_a_signal_closes_the_window_and_is_remembered(handlers_restored, signum: int) -> None:
    window = FakeWindow()
    signals = CloseOnSignals(window)
    assert not signals.asked_to_stop
    signal.raise_signal(signum)  # Python runs the handler before the next line
    assert window.close_calls == 1
    assert signals.received == [signum]
    assert signals.asked_to_stop


def test_exit_now_flushes_and_skips_the_interpreters_teardown() -> None:
    code = (
        "import atexit\n"
        "from gui.ui.startup.closing import exit_now\n"
        "atexit.register(print, 'teardown ran')\n"
        "print('flushed', end='')\n"
        "exit_now(3)\n"
    )
    done = run_python(code, check=False)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "flushed"
