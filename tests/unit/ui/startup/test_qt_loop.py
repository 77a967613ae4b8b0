"""qt_loop: the Qt events qasync processes after ``run_until_complete`` still see the loop.

What we saw: a GUI test ended while the tools panel loaded an icon; qasync's last round
of Qt events resumed the load, which then failed with "no running event loop".
"""

from __future__ import annotations

import asyncio

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from gui.ui.startup.qt_loop import QtLoop


def _loop_is_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.mark.parametrize("base", [qasync.QEventLoop, QtLoop])
def test_the_last_round_of_events_runs_on_the_loop(base: type[qasync.QEventLoop]) -> None:
    seen: list[bool] = []

    class Probe(base):  # type: ignore[misc, valid-type]
        def _after_run_forever(self) -> None:
            super()._after_run_forever()
            # An event waiting when the loop stops, as a worker thread's answer may be.
            self.call_soon(lambda: seen.append(_loop_is_running()))

    loop = Probe(QApplication.instance() or QApplication([]), already_running=False)
    try:
        loop.run_until_complete(asyncio.sleep(0))
    finally:
        loop.close()
    assert seen == [base is QtLoop]  # qasync's own loop: no running loop in that round
    assert not _loop_is_running()  # and nothing is left set after it
