"""Driving a real ChatPage as a person does: type into the composer, wait for Send."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


async def ask(qtbot: Any, page: Any, question: str) -> None:
    """Type the question into the real composer and press Enter."""
    page.composer.focus_input()
    qtbot.keyClicks(page.composer.edit, question)
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)


def idle(page: Any) -> bool:
    """True when the composer shows Send, not Stop: no question is running."""
    return page.composer.send_button.isVisible() and not page.composer.stop_button.isVisible()
