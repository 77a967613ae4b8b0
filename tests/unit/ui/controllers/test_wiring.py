"""connect_by_name: every ``_on_<prefix>_<signal>`` slot is connected, a missing signal fails."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal

from gui.ui.controllers.wiring import connect_by_name


class _View(QObject):
    saved = Signal(str)
    closed = Signal()


class _Controller(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def _on_view_saved(self, name: str) -> None:
        self.seen.append(f"saved {name}")

    def _on_view_closed(self) -> None:
        self.seen.append("closed")

    def _on_other_thing(self) -> None:  # another prefix: not connected to the view
        self.seen.append("other")


def test_each_named_slot_is_connected_to_its_signal() -> None:
    view, controller = _View(), _Controller()
    assert connect_by_name(view, controller, "view") == ["closed", "saved"]
    view.saved.emit("a")
    view.closed.emit()
    assert controller.seen == ["saved a", "closed"]


def test_a_slot_without_its_signal_fails_at_once() -> None:
    class _Renamed(_Controller):
        def _on_view_renamed(self) -> None:
            pass

    with pytest.raises(AttributeError, match=r"_on_view_renamed: _View has no signal 'renamed'"):
        connect_by_name(_View(), _Renamed(), "view")
