"""A tool's icons: which sources the app accepts, and one loader that returns their bytes.

Only ``https:`` sources and ``data:image/...`` URIs are kept (:func:`icons_of`); a plain
``http:`` or ``file:`` icon, or anything else a server names, is dropped where the list
is read, so no front end can be tricked into fetching it. :func:`load_icon` runs in a
worker thread (never on the event loop), sends no credentials (its own HTTP client, not
the gateway's), follows at most three redirects and only to https, and stops reading at
``max_bytes``: an oversized or non-image answer gives None, as does any failure.

Imports :mod:`gui.aio`, :mod:`gui.net` and :mod:`gui.untrusted`; httpx2 only inside the
loader, so importing :mod:`gui.gateway.tools` (which names :class:`Icon`) stays cheap.
"""

from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from gui import net
from gui.aio import run_blocking
from gui.untrusted import one_line

__all__ = ["MAX_ICON_BYTES", "Icon", "best_icon", "icons_of", "load_icon"]

log = logging.getLogger(__name__)

MAX_ICON_BYTES = 256 * 1024
MAX_ICONS = 8  # a tool's icons kept
_MAX_SRC = 2 * MAX_ICON_BYTES  # characters of a data: URI kept (base64 grows by a third)
_TIMEOUT = 10.0
_MAX_REDIRECTS = 3


@dataclass(frozen=True)
class Icon:
    """One icon a server gave for a tool: where it is, its type, sizes (``"48x48"``), theme."""

    src: str
    mime: str = ""
    sizes: tuple[str, ...] = ()
    theme: str = ""  # "light", "dark" or ""


def _get(item: Any, name: str, alias: str) -> Any:
    return item.get(alias) if isinstance(item, dict) else getattr(item, name, None)


def icons_of(raw: Iterable[Any] | None) -> tuple[Icon, ...]:
    """The icons (mcp ``Icon`` objects or JSON mappings) whose source may be loaded."""
    icons = []
    for item in raw or ():
        src = _get(item, "src", "src")
        if not isinstance(src, str) or not _acceptable(src):
            continue
        sizes = _get(item, "sizes", "sizes")
        theme = _get(item, "theme", "theme")
        icons.append(
            Icon(
                src=src,
                mime=one_line(_get(item, "mime_type", "mimeType") or "", 100),
                sizes=tuple(one_line(s, 20) for s in sizes or () if isinstance(s, str)),
                theme=theme if theme in ("light", "dark") else "",
            )
        )
        if len(icons) == MAX_ICONS:
            break
    return tuple(icons)


def _acceptable(src: str) -> bool:
    if src.startswith("data:"):
        return src[5:].lower().startswith("image/") and len(src) <= _MAX_SRC
    parts = urlsplit(src)
    return parts.scheme == "https" and bool(parts.hostname) and len(src) <= 2000


def best_icon(icons: Iterable[Icon], *, size: int = 32, dark: bool = False) -> Icon | None:
    """The icon closest to ``size`` pixels for the theme (one made for either theme also fits)."""
    wanted = "dark" if dark else "light"
    fitting = [icon for icon in icons if icon.theme in ("", wanted)]
    if not fitting:
        return None

    def distance(icon: Icon) -> int:
        sides = [_side(s) for s in icon.sizes] or [0]
        if "any" in icon.sizes:
            return 0
        return min(abs(side - size) if side else 10_000 for side in sides)

    return min(fitting, key=lambda icon: (distance(icon), icon.theme != wanted))


def _side(spec: str) -> int:
    width, _, _ = spec.lower().partition("x")
    return int(width) if width.isdigit() else 0


async def load_icon(
    icon: Icon, *, ca_file: str = "", max_bytes: int = MAX_ICON_BYTES
) -> bytes | None:
    """The icon's bytes (at most ``max_bytes``), loaded in a worker thread; None on any failure."""
    try:
        return await run_blocking(lambda: _load(icon.src, ca_file, max_bytes), within=_TIMEOUT * 2)
    except Exception as exc:  # a missing icon is never an error the person sees
        log.debug("Icon not loaded: %s", type(exc).__name__)
        return None


def _load(src: str, ca_file: str, max_bytes: int) -> bytes | None:
    if src.startswith("data:"):
        return _from_data_uri(src, max_bytes)
    if not _acceptable(src):
        return None
    import httpx2

    with (
        httpx2.Client(
            verify=net.ssl_context(ca_file),
            proxy=net.proxy_for(src),
            trust_env=False,
            timeout=_TIMEOUT,
            follow_redirects=True,
            max_redirects=_MAX_REDIRECTS,
        ) as client,
        client.stream("GET", src) as response,
    ):
        if response.status_code != 200 or response.url.scheme != "https":
            return None
        kind = response.headers.get("content-type", "").lower()
        if not kind.startswith("image/"):
            return None
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            return None
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                return None
        return bytes(body)


def _from_data_uri(src: str, max_bytes: int) -> bytes | None:
    header, sep, payload = src[5:].partition(",")
    if not sep or not header.lower().startswith("image/"):
        return None
    try:
        if header.lower().endswith(";base64"):
            data = base64.b64decode(payload, validate=True)
        else:
            data = unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
    return data if len(data) <= max_bytes else None
