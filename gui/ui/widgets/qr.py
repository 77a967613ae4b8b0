"""A QR code that stays crisp: one image pixel per module, scaled by whole numbers.

segno builds the matrix (with the 4-module quiet zone scanners need); the view
paints it nearest-neighbour at the largest integer scale that fits, so module
edges never blur on any screen scale. Always dark on white, even in a dark
theme: phone cameras expect that contrast.

May import Qt and segno.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4


def qr_image(text: str, *, border: int = QUIET_ZONE) -> QImage:
    """The QR code of ``text`` as a 1-pixel-per-module image (white background)."""
    import segno  # imported on first use: not needed before the code panel shows

    code = segno.make(text, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    size = len(rows)
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.setPixel(x, y, 0)
    return image


class QrView(QWidget):
    """Shows the QR code of a link, or nothing when no link is set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._text = ""
        self.setMinimumSize(148, 148)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_text(self, text: str) -> None:
        """Encode ``text`` (an empty string clears the code)."""
        self._text = text
        self._image = qr_image(text) if text else None
        self.update()

    def text(self) -> str:
        """What the code holds."""
        return self._text

    def sizeHint(self) -> QSize:
        return QSize(184, 184)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._image is None:
            return
        side = min(self.width(), self.height())
        modules = self._image.width()
        # Physical pixels, so the scale is whole on HiDPI screens too.
        ratio = self.devicePixelRatioF()
        scale = max(1, int(side * ratio) // modules)
        drawn = scale * modules / ratio
        target = QRect(int((self.width() - drawn) / 2), int((self.height() - drawn) / 2), 0, 0)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.fillRect(self.rect(), Qt.GlobalColor.transparent)
        painter.fillRect(target.x(), target.y(), int(drawn) + 1, int(drawn) + 1, QColor("white"))
        scaled = self._image.scaled(
            modules * scale,
            modules * scale,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        painter.drawImage(target.topLeft(), scaled)
        painter.end()
