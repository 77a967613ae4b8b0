"""A stack of panels that shows one at a time, sized to the one shown.

Only lays out; no logic. May import Qt.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


class PanelStack(QWidget):
    """Shows one of its panels, sized to that panel alone.

    Not a QStackedWidget: that is as tall as its tallest panel, which spread the
    three lines of the error card over the code card's height.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._panels: list[QWidget] = []
        self._current = -1

    def addWidget(self, panel: QWidget) -> None:
        """Add a panel (hidden unless it is the first)."""
        self._panels.append(panel)
        self._layout.addWidget(panel)
        if self._current < 0:
            self._current = 0
        else:
            panel.hide()

    def setCurrentIndex(self, index: int) -> None:
        """Show panel ``index`` and hide the others."""
        self._current = index
        for i, panel in enumerate(self._panels):
            panel.setVisible(i == index)

    def currentIndex(self) -> int:
        """The shown panel's index."""
        return self._current

    def count(self) -> int:
        """How many panels there are."""
        return len(self._panels)

    def widget(self, index: int) -> QWidget:
        """Panel ``index``."""
        return self._panels[index]
