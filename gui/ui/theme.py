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


def _with_colours(palette: QPalette, colours: dict[QPalette.ColorRole, QColor]) -> QPalette:
    for role, colour in colours.items():
        palette.setColor(role, colour)
    return palette


def _dark_palette() -> QPalette:
    role = QPalette.ColorRole
    text = QColor("#e8eaed")
    p = _with_colours(
        QPalette(),
        {
            role.Window: QColor("#1f2227"),
            role.WindowText: text,
            role.Base: QColor("#16181c"),
            role.AlternateBase: QColor("#23262c"),
            role.ToolTipBase: QColor("#2b2f36"),
            role.ToolTipText: text,
            role.PlaceholderText: QColor("#9aa0a6"),
            role.Text: text,
            role.Button: QColor("#2b2f36"),
            role.ButtonText: text,
            role.BrightText: QColor("#ff6b6b"),
            role.Light: QColor("#3a3f47"),
            role.Midlight: QColor("#30343b"),
            role.Mid: QColor("#24272d"),
            role.Dark: QColor("#101215"),
            role.Shadow: QColor("#000000"),
            role.Highlight: ACCENT_DARK,
            role.HighlightedText: QColor("#0b1220"),
            role.Link: ACCENT_DARK,
            role.LinkVisited: QColor("#c084fc"),
            role.Accent: ACCENT_DARK,
        },
    )
    disabled = QColor("#7b818a")
    for greyed in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, greyed, disabled)
    return p


def _light_palette() -> QPalette:
    # The style's own light palette, with our window, base and accent colours.
    role = QPalette.ColorRole
    return _with_colours(
        QApplication.style().standardPalette(),
        {
            role.Window: QColor("#f6f7f9"),
            role.Base: QColor("#ffffff"),
            role.AlternateBase: QColor("#f0f2f5"),
            role.Highlight: ACCENT_LIGHT,
            role.HighlightedText: QColor("#ffffff"),
            role.Link: ACCENT_LIGHT,
            role.Accent: ACCENT_LIGHT,
        },
    )


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
