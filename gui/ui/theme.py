"""Light and dark: Fusion with a palette that follows the system's colour scheme.

Fusion looks the same on every platform and takes its colours entirely from
the palette, so one palette per scheme (and one small style sheet that only
uses ``palette(...)`` roles) gives a consistent window in both. The scheme is
read from ``QStyleHints.colorScheme()`` and followed live.

Touching ``Qt`` (the namespace) builds every one of its ~100 Python enums, about
20 ms; the window's first frame does without it. Before that frame the scheme is
guessed from the platform palette's window colour; ``follow_system()``, called
right after it, reads the real scheme (and re-applies if the guess was wrong).

May import Qt and the standard library only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

STYLE_SHEET = Path(__file__).parent / "assets" / "style.qss"
ACCENT_LIGHT = QColor("#2563eb")
ACCENT_DARK = QColor("#60a5fa")


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#1f2227"), QColor("#16181c"), QColor("#e8eaed")
    disabled = QColor("#7b818a")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#23262c"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#2b2f36"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9aa0a6"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#2b2f36"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ff6b6b"))
    p.setColor(QPalette.ColorRole.Light, QColor("#3a3f47"))
    p.setColor(QPalette.ColorRole.Midlight, QColor("#30343b"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#24272d"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#101215"))
    p.setColor(QPalette.ColorRole.Shadow, QColor("#000000"))
    p.setColor(QPalette.ColorRole.Highlight, ACCENT_DARK)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#0b1220"))
    p.setColor(QPalette.ColorRole.Link, ACCENT_DARK)
    p.setColor(QPalette.ColorRole.LinkVisited, QColor("#c084fc"))
    p.setColor(QPalette.ColorRole.Accent, ACCENT_DARK)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _light_palette() -> QPalette:
    p = QApplication.style().standardPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#f6f7f9"))
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f0f2f5"))
    p.setColor(QPalette.ColorRole.Highlight, ACCENT_LIGHT)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, ACCENT_LIGHT)
    p.setColor(QPalette.ColorRole.Accent, ACCENT_LIGHT)
    return p


def is_dark() -> bool:
    """True when the system asks for a dark scheme."""
    from PySide6.QtCore import Qt

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _looks_dark() -> bool:
    # The platform's own palette: dark when the system is (a guess; see follow_system).
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


class Theme(QObject):
    """Applies the palette now; ``follow_system()`` then tracks the system scheme live."""

    def __init__(self, app: QApplication, *, follow: bool = True) -> None:
        super().__init__(app)
        self._app = app
        self._dark: bool | None = None
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
        try:
            self._sheet = STYLE_SHEET.read_text(encoding="utf-8")
        except OSError:
            self._sheet = ""
        self._apply(_looks_dark())
        if follow:
            self.follow_system()

    def follow_system(self) -> None:
        """Use the system's colour scheme from now on (call once, after the first frame)."""
        self._app.styleHints().colorSchemeChanged.connect(self._on_style_hints_color_scheme_changed)
        if is_dark() != self._dark:
            self.apply()

    def apply(self) -> None:
        """Set the palette for the current scheme, then the style sheet on top."""
        self._apply(is_dark())

    def _apply(self, dark: bool) -> None:
        self._dark = dark
        self._app.setPalette(_dark_palette() if dark else _light_palette())
        # Re-setting the sheet makes widgets re-resolve palette(...) references.
        self._app.setStyleSheet(self._sheet)

    def _on_style_hints_color_scheme_changed(self, _scheme: object) -> None:
        self.apply()
