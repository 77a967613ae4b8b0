"""Cards that ask the person never take a keystroke or a click meant for something else.

An approval, consent or form card appears while the person may still be typing, or
about to click where the card lands. So such a card:

- never takes the keyboard focus: the composer (or whatever text field has it) keeps
  it, and typing goes on there. Keyboard users reach the card with Tab (its
  controller puts the card's controls right after the composer, :func:`chain_after`)
  or with the card's Alt shortcuts;
- ignores presses of its buttons for :data:`ARM_DELAY` seconds after it is first
  shown (:class:`PressGuard`). A press counts only when it *began* after that
  moment, so a click, Space or Enter already under way when the card appeared
  does nothing.

Time is read from :data:`clock` (monotonic seconds), which tests replace with a
clock they step. May import Qt only.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QWidget

ARM_DELAY = 0.6  # seconds a new card's buttons ignore presses (a stray key, a late click)

#: Monotonic seconds; tests put a stepped clock here.
clock: Callable[[], float] = time.monotonic


class PressGuard(QObject):
    """Arms a card's buttons :data:`ARM_DELAY` seconds after the card is first shown.

    ``ignored`` counts the presses that came too early (tests and curiosity).
    """

    def __init__(self, card: QWidget) -> None:
        super().__init__(card)
        self._since = clock()
        self._shown = False
        self.ignored = 0
        card.installEventFilter(self)

    def ready(self) -> bool:
        """True once the card has been shown for :data:`ARM_DELAY` seconds."""
        return clock() - self._since >= ARM_DELAY

    def restart(self) -> None:
        """Start the delay again from now (the card just became visible)."""
        self._since = clock()

    def connect(self, button: QAbstractButton, slot: Callable[[], object]) -> None:
        """Call ``slot`` when ``button`` is clicked by a press that began once armed."""
        armed_at_press = [False]

        def on_pressed() -> None:
            armed_at_press[0] = self.ready()

        def on_clicked(_checked: bool = False) -> None:
            if armed_at_press[0] and self.ready():
                slot()
            else:
                self.ignored += 1
            armed_at_press[0] = False

        button.pressed.connect(on_pressed)
        button.clicked.connect(on_clicked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The card's first show starts the delay: it counts from when it can be seen."""
        if not self._shown and event.type() == QEvent.Type.Show:
            self._shown = True
            self.restart()
        return False


def chain_after(anchor: QWidget | None, widgets: Iterable[QWidget]) -> None:
    """Put ``widgets`` right after ``anchor`` in the Tab order (nothing moves the focus)."""
    previous = anchor
    for widget in widgets:
        if previous is not None and previous.window() is widget.window():
            QWidget.setTabOrder(previous, widget)
        previous = widget
