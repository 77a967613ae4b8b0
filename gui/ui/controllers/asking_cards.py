"""What every card that asks the person something does when it appears in a transcript.

Approval, consent and form cards share one behaviour: the card never takes the
keyboard focus (someone still typing goes on typing in the composer); its controls
come right after ``tab_after`` (the composer) in the Tab order; and while the window
is in the background, it alerts (taskbar flash / dock bounce) until the person comes
back. :class:`AskingCards` is that behaviour, once; the approval and elicitation
controllers build on it. May import Qt and the transcript widgets.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, InitVar, dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from gui.ui.widgets.press_guard import chain_after

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gui.ui.widgets.transcript import TranscriptView


@dataclass(eq=False, repr=False)
class AskingCards(QObject):
    """Shows asking cards in one transcript: Tab order after ``tab_after``, alerts."""

    transcript: TranscriptView
    owner: InitVar[QObject | None] = None
    _: KW_ONLY
    tab_after: QWidget | None = None  # the composer

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        #: How many times the window was asked to alert (for tests and curiosity).
        self.alerts = 0

    def _present(self, controls: Iterable[QWidget]) -> None:
        """A card is in the transcript: put its ``controls`` after the composer; alert if away."""
        chain_after(self.tab_after, controls)
        window = self.transcript.window()
        if window.isVisible() and not window.isActiveWindow():
            self.alerts += 1
            QApplication.alert(window)  # until the window is activated again
