"""The application icon: the SVG for any size, plus PNGs for platforms that want bitmaps.

May import Qt and the standard library only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

ICONS = Path(__file__).parent / "assets" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The window icon, sharp at every size and device pixel ratio."""
    icon = QIcon()
    for size in SIZES:
        png = ICONS / f"agentcore-chat-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    svg = ICONS / "agentcore-chat.svg"
    if svg.exists():
        icon.addFile(str(svg))
    return icon
