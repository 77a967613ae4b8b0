"""Small files the showcase target returns, made on the spot: a PNG, a WAV, a ZIP, icons.

Generated with the standard library (``zlib``, ``wave``, ``zipfile``) so the demo ships no
binary assets and every byte is known: a tool result shows a real thumbnail, names a real
sound and offers a real file to save. Each function returns bytes; :func:`data_uri` makes
a ``data:`` URI of them (the only icon source besides https that clients load).

May import the standard library only. No Qt, no mcp.
"""

from __future__ import annotations

import base64
import io
import math
import struct
import wave
import zipfile
import zlib

__all__ = ["chime_wav", "data_uri", "kit_zip", "swatch_png"]


def swatch_png(width: int, height: int, colours: list[tuple[int, int, int]]) -> bytes:
    """An RGB PNG of vertical stripes, one per colour (a brand palette, say)."""
    if width <= 0 or height <= 0 or not colours:
        raise ValueError("a swatch needs a size and at least one colour")
    stripe = max(1, width // len(colours))
    row = bytearray()
    for x in range(width):
        row.extend(colours[min(x // stripe, len(colours) - 1)])
    raw = b"".join(b"\x00" + bytes(row) for _ in range(height))  # filter 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(raw, 9)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def chime_wav(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A short 880 Hz chime as 8-bit mono WAV (about 2 kB)."""
    frames = int(seconds * rate)
    samples = bytes(
        int(128 + 90 * math.sin(2 * math.pi * 880 * i / rate) * (1 - i / frames))
        for i in range(frames)
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(1)
        sound.setframerate(rate)
        sound.writeframes(samples)
    return out.getvalue()


def kit_zip(files: dict[str, str]) -> bytes:
    """A ZIP holding ``files`` (name → text), with a fixed date so it is the same each time."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, text)
    return out.getvalue()


def data_uri(data: bytes, mime: str) -> str:
    """``data:<mime>;base64,...`` for ``data``."""
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
