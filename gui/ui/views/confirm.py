"""Questions over a window: Yes / Cancel (:func:`ask`), where to save (:func:`ask_where_to_save`).

Window-modal, opened with ``open()``, never a nested event loop; the answer arrives
through a callback and the dialog deletes itself. The texts come translated from the
caller; the question box shows them as plain text (they may quote a title a server chose).

May import Qt only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


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


def ask_where_to_save(
    parent: QWidget,
    *,
    title: str,
    file_name: str,
    answered: Callable[[Path | None], None],
    name_filter: str = "",
    suffix: str = "",
) -> QFileDialog:
    """Ask where to save (``file_name`` proposed); ``answered(path)``, or None on Cancel."""
    dialog = QFileDialog(parent, title)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if name_filter:
        dialog.setNameFilter(name_filter)
    if suffix:
        dialog.setDefaultSuffix(suffix)
    dialog.selectFile(file_name)

    def finished(result: int) -> None:
        files = dialog.selectedFiles()
        dialog.deleteLater()
        answered(Path(files[0]) if result and files else None)

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
