"""A label for text a server sent: plain text, wrapped, never wider than it is given.

Owns :func:`server_label`, which the cards that show server text share (consent, step-up,
result parts). May import Qt only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def server_label(parent: QWidget, name: str, text: str = "") -> QLabel:
    """A plain-text, word-wrapped label named ``name`` (for the style sheet and tests)."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never markup
    label.setWordWrap(True)
    # A server's one long "word" must not widen the card past the transcript: the
    # label takes the width it is given (and wraps, or clips that one word).
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label
