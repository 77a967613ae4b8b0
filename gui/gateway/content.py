"""A tool result's content blocks as typed parts: what the person sees, what the model reads.

MCP content blocks (``text``, ``image``, ``audio``, ``resource_link``, ``resource``) become
:class:`TextPart`, :class:`ImagePart`, :class:`AudioPart`, :class:`LinkPart`,
:class:`ResourcePart` (or :class:`OtherPart` for a kind we do not know). Binary data is
decoded once, up to :data:`MAX_BINARY` bytes, and never turned back into text: a part's
:func:`label` is what stands for it on screen and for the model, e.g.
``[image 16×16 image/png, 1.2 kB]``.

Who a part is for (the block's ``annotations.audience``):

- no audience, or one naming both ``user`` and ``assistant``: everyone;
- ``["assistant"]``: the model only (:func:`for_person` is False) — never on screen;
- ``["user"]``: the person only (:func:`for_model` is False).

Server text is untrusted: names and descriptions pass :func:`gui.untrusted.one_line`;
text and embedded text resources are kept whole (the window renders them through its
Markdown renderer, the terminal through ``for_terminal``). Images' sizes come from their
headers (PNG, GIF, JPEG), cheaply, without an image library. Reads mcp's content
objects by attribute (or JSON mappings) without importing mcp; imports only
:mod:`gui.untrusted`.
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from gui.untrusted import MAX_DETAIL, is_openable_link, one_line

__all__ = [
    "MAX_BINARY",
    "AudioPart",
    "ImagePart",
    "LinkPart",
    "OtherPart",
    "Part",
    "ResourcePart",
    "TextPart",
    "for_model",
    "for_person",
    "image_dimensions",
    "label",
    "parts_of",
    "readable_size",
]

MAX_BINARY = 25 * 1024 * 1024  # bytes of an image, sound or file kept; larger ones are named only
_USER, _ASSISTANT = "user", "assistant"


@dataclass(frozen=True)
class TextPart:
    """Text (often Markdown) from the tool."""

    text: str
    audience: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImagePart:
    """An image; ``data`` holds its bytes (empty when over :data:`MAX_BINARY` or unreadable)."""

    mime: str
    size: int  # bytes
    width: int | None = None
    height: int | None = None
    data: bytes = field(default=b"", repr=False, compare=False)
    audience: tuple[str, ...] = ()


@dataclass(frozen=True)
class AudioPart:
    """A sound; ``data`` as for :class:`ImagePart`."""

    mime: str
    size: int
    data: bytes = field(default=b"", repr=False, compare=False)
    audience: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkPart:
    """A link to a resource the server holds (``resource_link``)."""

    uri: str
    name: str
    description: str = ""
    mime: str = ""
    size: int | None = None
    audience: tuple[str, ...] = ()

    @property
    def openable(self) -> bool:
        """True when the app may open it in a browser (https, or http on loopback)."""
        return is_openable_link(self.uri)


@dataclass(frozen=True)
class ResourcePart:
    """A resource embedded in the result: ``text``, or ``blob`` bytes the person may save."""

    uri: str
    name: str
    mime: str = ""
    text: str | None = None
    blob: bytes | None = field(default=None, repr=False, compare=False)
    size: int = 0  # bytes of the blob (or characters of the text)
    audience: tuple[str, ...] = ()


@dataclass(frozen=True)
class OtherPart:
    """A content kind this app does not know; shown by its kind only."""

    kind: str
    audience: tuple[str, ...] = ()


Part = TextPart | ImagePart | AudioPart | LinkPart | ResourcePart | OtherPart


def for_person(part: Part) -> bool:
    """True unless the server meant the part for the model alone (``audience: ["assistant"]``)."""
    return not part.audience or _USER in part.audience


def for_model(part: Part) -> bool:
    """True unless the server meant the part for the person alone (``audience: ["user"]``)."""
    return not part.audience or _ASSISTANT in part.audience


def readable_size(size: int) -> str:
    """``1234`` → ``1.2 kB`` (decimal units, as file managers show them)."""
    if size < 1000:
        return f"{size} B"
    value = size / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def label(part: Part) -> str:
    """One line that stands for ``part`` (its text, for a text part)."""
    if isinstance(part, TextPart):
        return part.text
    if isinstance(part, ImagePart):
        dims = f"{part.width}×{part.height} " if part.width and part.height else ""
        return f"[image {dims}{part.mime}{_size(part.size)}]"
    if isinstance(part, AudioPart):
        return f"[audio {part.mime}{_size(part.size)}]"
    if isinstance(part, LinkPart):
        about = f" — {part.description}" if part.description else ""
        return f"[link: {part.name}{about} <{one_line(part.uri, 2000)}>]"
    if isinstance(part, ResourcePart):
        if part.text is not None:
            return part.text
        kind = f" {part.mime}" if part.mime else ""
        return f"[file {part.name}{kind}{_size(part.size)}]"
    return f"[{part.kind}]"


def _size(size: int) -> str:
    return f", {readable_size(size)}" if size > 0 else ""


def parts_of(blocks: Iterable[Any] | None) -> tuple[Part, ...]:
    """The typed parts of a result's ``content`` (mcp objects or JSON mappings)."""
    return tuple(_part(block) for block in blocks or ())


def _get(block: Any, name: str, alias: str | None = None) -> Any:
    if isinstance(block, dict):
        return block.get(alias or name)
    return getattr(block, name, None)


def _audience(block: Any) -> tuple[str, ...]:
    annotations = _get(block, "annotations")
    roles = _get(annotations, "audience") if annotations is not None else None
    if not isinstance(roles, list | tuple):
        return ()
    return tuple(str(role) for role in roles if role in (_USER, _ASSISTANT))


def _part(block: Any) -> Part:
    kind = str(_get(block, "type") or "")
    audience = _audience(block)
    if kind == "text":
        return TextPart(str(_get(block, "text") or ""), audience)
    if kind in ("image", "audio"):
        mime = one_line(_get(block, "mime_type", "mimeType") or "", 100)
        data, size = _decoded(_get(block, "data"))
        if kind == "audio":
            return AudioPart(mime, size, data, audience)
        dims = image_dimensions(data) if data else None
        width, height = dims if dims else (None, None)
        return ImagePart(mime, size, width, height, data, audience)
    if kind == "resource_link":
        uri = str(_get(block, "uri") or "")
        title = _get(block, "title") or _get(block, "name") or _name_of(uri)
        size = _get(block, "size")
        return LinkPart(
            uri=uri,
            name=one_line(title, 120),
            description=one_line(_get(block, "description") or "", MAX_DETAIL),
            mime=one_line(_get(block, "mime_type", "mimeType") or "", 100),
            size=size if isinstance(size, int) and not isinstance(size, bool) else None,
            audience=audience,
        )
    if kind == "resource":
        resource = _get(block, "resource")
        uri = str(_get(resource, "uri") or "")
        mime = one_line(_get(resource, "mime_type", "mimeType") or "", 100)
        text = _get(resource, "text")
        if isinstance(text, str):
            return ResourcePart(
                uri, _name_of(uri), mime, text=text, size=len(text), audience=audience
            )
        blob, size = _decoded(_get(resource, "blob"))
        return ResourcePart(uri, _name_of(uri), mime, blob=blob, size=size, audience=audience)
    return OtherPart(one_line(kind, 40) or "content", audience)


def _name_of(uri: str) -> str:
    """The last path segment of ``uri``, readable (``demo://x/report.txt`` → ``report.txt``)."""
    path = urlsplit(uri).path if "://" in uri else uri
    name = unquote(path.rstrip("/").rpartition("/")[2])
    return one_line(name or uri, 120) or "resource"


def _decoded(data: object) -> tuple[bytes, int]:
    """Base64 ``data`` as bytes, and its size; bytes empty when too large or not base64."""
    if not isinstance(data, str):
        return b"", 0
    size = len(data) * 3 // 4 - data[-2:].count("=")
    if size > MAX_BINARY:
        return b"", size
    try:
        decoded = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return b"", max(size, 0)
    return decoded, len(decoded)


_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_SCAN_LIMIT = 512 * 1024  # bytes searched for a JPEG's frame header


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` from a PNG, GIF or JPEG header; None for other or broken data."""
    if data.startswith(_PNG) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return (width, height) if width and height else None
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return (width, height) if width and height else None
    if data.startswith(b"\xff\xd8"):
        return _jpeg_dimensions(data)
    return None


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    at, end = 2, min(len(data), _JPEG_SCAN_LIMIT)
    while at + 4 <= end:
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _JPEG_SOF:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return (width, height) if width and height else None
        if length < 2:
            return None
        at += 2 + length
    return None
