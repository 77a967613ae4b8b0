"""Render the desktop icons from the app's SVG: ``.venv/bin/python packaging/render_icons.py``.

The one source is ``gui/ui/assets/icons/agentcore-chat.svg`` (the window icon).
From it, under ``resources/icons/``:

- ``hicolor/<n>x<n>/apps/agentcore-chat.png`` for n in 16 ... 512, and
  ``hicolor/scalable/apps/agentcore-chat.svg``: the freedesktop icon theme
  layout that ``make install-desktop`` copies to ``~/.local/share/icons``;
- ``agentcore-chat.ico`` (Windows executable icon, 16-256 px);
- ``agentcore-chat.icns`` (macOS .app icon, 16-1024 px).

Rendered with Qt's SVG renderer offscreen (ImageMagick's SVG support depends on
how it was built). Run it again whenever the SVG changes and commit the results.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "gui" / "ui" / "assets" / "icons" / "agentcore-chat.svg"
OUT = ROOT / "resources" / "icons"
NAME = "agentcore-chat"
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (retina "@2x" types reuse a size).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
    (b"ic10", 1024),  # 512@2x
)


def render_png(size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def icns(pngs: dict[int, bytes]) -> bytes:
    """An Apple icon image: the ``icns`` header, then one PNG-holding element per type."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon: a directory of PNG images (Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, images = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def main() -> int:
    """Write every icon file; prints what it wrote."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - needed
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(size) for size in sizes}
    written = []
    for size in HICOLOR_SIZES:
        target = OUT / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
        written.append(target)
    scalable = OUT / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    written.append(scalable)
    (OUT / f"{NAME}.ico").write_bytes(ico(pngs))
    (OUT / f"{NAME}.icns").write_bytes(icns(pngs))
    written += [OUT / f"{NAME}.ico", OUT / f"{NAME}.icns"]
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
