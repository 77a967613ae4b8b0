"""The smoke test's report: time to the first paint, heavy modules too early, missing modules."""

from __future__ import annotations

import sys
from types import ModuleType

import pytest

from gui.ui.startup import smoke


class Painted:
    """A FirstPaint that painted 123 ms after the process started."""

    def wait(self, timeout_ms: int) -> float:
        return 0.123


def test_missing_modules_are_named_and_present_ones_are_not() -> None:
    names = ("json", "gui.ui.startup.smoke", "no_such_module_here", "gui.no_such_module")
    assert smoke.missing_modules(names) == ["no_such_module_here", "gui.no_such_module"]


def test_a_good_start_reports_only_its_first_paint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(smoke, "HEAVY", ("heavy_module_for_this_test",))
    assert smoke.report(Painted(), ("json",))  # type: ignore[arg-type]
    assert capsys.readouterr().out == "first paint: 123 ms\n"


def test_heavy_and_missing_modules_are_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(smoke, "HEAVY", ("heavy_module_for_this_test",))
    monkeypatch.setitem(sys.modules, "heavy_module_for_this_test", ModuleType("heavy"))
    assert not smoke.report(Painted(), ("json", "no_such_module_here"))  # type: ignore[arg-type]
    assert capsys.readouterr().out.splitlines() == [
        "first paint: 123 ms",
        "heavy modules loaded before paint: heavy_module_for_this_test",
        "missing modules: no_such_module_here",
    ]
