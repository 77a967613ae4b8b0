"""A read-only box for a tool's arguments or its answer: monospace, wrapped, as tall as its text.

The approval card and the tool card show JSON and tool output alike: the box grows with
its text up to ``max_lines`` and then scrolls inside, so a long answer never makes a card
taller than the transcript. Owns :func:`text_box` and :func:`show_text`. May import Qt only.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QWidget


def text_box(parent: QWidget, text: str, name: str, *, max_lines: int) -> QPlainTextEdit:
    """A read-only box named ``name`` (for the style sheet and tests) showing ``text``."""
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setReadOnly(True)
    box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    box.setTabChangesFocus(True)
    show_text(box, text, max_lines=max_lines)
    return box


def show_text(box: QPlainTextEdit, text: str, *, max_lines: int) -> None:
    """Put ``text`` in ``box`` and fit the box to it, at most ``max_lines`` tall."""
    box.setPlainText(text)
    lines = min(max(box.document().lineCount(), 1), max_lines)
    height = box.fontMetrics().lineSpacing() * lines
    margins = box.contentsMargins()
    box.setFixedHeight(height + margins.top() + margins.bottom() + 10)
