"""Buttons that Enter and Return press too: outside a dialog Qt lets only Space press one.

May import Qt only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton, QToolButton


class EnterPresses:
    """Mixin for a button: Enter and Return click it (a checkable one toggles)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()  # type: ignore[attr-defined]
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class EnterPushButton(EnterPresses, QPushButton):
    """A push button that Enter and Return press."""


class EnterToolButton(EnterPresses, QToolButton):
    """A tool button that Enter and Return press (and toggle, when checkable)."""
