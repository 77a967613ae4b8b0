"""A Yes / Cancel question, window-modal: :func:`ask`.

Opened with ``open()``, never a nested event loop; Cancel is the default, the answer
arrives through a callback and the box deletes itself. The texts come translated from
the caller, shown as plain text (they may quote a title a server chose).

May import Qt only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    *,
    icon: QMessageBox.Icon,
    title: str,
    question: str,
    detail: str,
    yes: str,
    answered: Callable[[bool], None],
) -> QMessageBox:
    """Open the question over ``parent``; ``answered(True)`` when ``yes`` was pressed."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(question)
    box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(result: int) -> None:
        box.deleteLater()
        answered(result == QMessageBox.StandardButton.Yes)

    box.finished.connect(finished)
    box.open()
    return box
