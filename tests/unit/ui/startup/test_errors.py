"""Unexpected errors: logged with their traceback, one line shown, Ctrl+C left alone."""

from __future__ import annotations

import asyncio
import logging
import sys
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.ui.startup.errors import error_dialog, install_excepthook, loop_exception_handler

Seen = list[tuple[type[BaseException], BaseException, TracebackType | None]]


@pytest.fixture
def previous_hook(monkeypatch: pytest.MonkeyPatch) -> Seen:
    """A recording ``sys.excepthook`` in place of the test process's (put back after)."""
    seen: Seen = []
    monkeypatch.setattr(sys, "excepthook", lambda *args: seen.append(args))
    return seen


def _raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_an_error_is_logged_with_its_traceback_and_shown_in_one_line(
    previous_hook: Seen, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    install_excepthook(shown.append)
    exc = _raised(ValueError("boom"))
    with caplog.at_level(logging.ERROR, logger="gui.ui.startup.errors"):
        sys.excepthook(ValueError, exc, exc.__traceback__)
    assert shown == ["ValueError: boom"]
    assert "Unexpected error" in caplog.text and "_raised" in caplog.text  # the traceback
    assert previous_hook == []


def test_ctrl_c_goes_to_the_previous_hook(previous_hook: Seen) -> None:
    shown: list[str] = []
    install_excepthook(shown.append)
    exc = KeyboardInterrupt()
    sys.excepthook(KeyboardInterrupt, exc, None)
    assert shown == []
    assert previous_hook == [(KeyboardInterrupt, exc, None)]


def test_a_failing_dialog_does_not_raise_from_the_hook(previous_hook: Seen) -> None:
    def broken(_text: str) -> None:
        raise RuntimeError("no dialog")

    install_excepthook(broken)
    sys.excepthook(ValueError, ValueError("x"), None)  # nothing raised


class FakeLoop:
    def __init__(self) -> None:
        self.defaults: list[dict[str, Any]] = []

    def default_exception_handler(self, context: dict[str, Any]) -> None:
        self.defaults.append(context)


def test_the_loop_sends_exceptions_to_the_hook_and_the_rest_to_its_default(
    previous_hook: Seen,
) -> None:
    loop = FakeLoop()
    exc = _raised(OSError("lost"))
    loop_exception_handler(
        loop, {"message": "Task exception was never retrieved", "exception": exc}
    )  # type: ignore[arg-type]
    assert previous_hook == [(OSError, exc, exc.__traceback__)]
    cancelled = {"message": "cancelled", "exception": asyncio.CancelledError()}
    plain = {"message": "no exception at all"}
    loop_exception_handler(loop, cancelled)  # type: ignore[arg-type]
    loop_exception_handler(loop, plain)  # type: ignore[arg-type]
    assert loop.defaults == [cancelled, plain]
    assert len(previous_hook) == 1


def test_the_dialog_says_what_went_wrong_over_the_window(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    error_dialog(app, window)("ValueError: boom")
    boxes = window.findChildren(QMessageBox)
    assert len(boxes) == 1
    assert boxes[0].text() == "Something unexpected went wrong."
    assert boxes[0].informativeText() == "ValueError: boom"
    assert boxes[0].isVisible()  # opened, without a nested event loop (we got here)
    boxes[0].close()


def test_the_dialog_shows_exception_text_as_plain_text(qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    text = "ValueError: <img src=file:///etc/passwd> <b>x</b>"
    error_dialog(app, window)(text)
    box = window.findChildren(QMessageBox)[0]
    try:
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert box.text() == "Something unexpected went wrong."
        assert box.informativeText() == text  # the literal characters, not escaped twice
        labels = [label for label in box.findChildren(QLabel) if label.text()]
        shown = [label for label in labels if label.text() in (text, box.text())]
        assert len(shown) == 2  # the line and the exception, each in its label
        for label in shown:
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    finally:
        box.close()
