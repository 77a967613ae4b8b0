"""Text and links that come from a server, made safe to show or open.

Everything a provider or gateway sends (``error_description``, verification
links, user codes, names in tokens, tool names and results, model output) is
untrusted. Messages are shown as one bounded line of printable characters;
terminal output additionally loses ANSI escape sequences, which a hostile
server could use to rewrite the screen. A link is opened only when it is
``https``, or ``http`` to a loopback host.

The one owner of these checks: :func:`one_line` for a message (``MAX_MESSAGE``) or a
server's detail inside one of our sentences (``MAX_DETAIL``), :func:`for_terminal` for
multi-line terminal output, :func:`is_loopback_host` for every "loopback only" rule
(settings, sign-in, links, the proxy bypass). Imports nothing of the app.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

MAX_MESSAGE = 300  # characters of one server-given message line
MAX_DETAIL = 200  # characters of a server's detail quoted inside one of our messages

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1).

    Any case; an IPv6 address may keep its URL brackets (``[::1]``). Other host names
    are not loopback, whatever they resolve to.
    """
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def one_line(text: object, limit: int = MAX_MESSAGE) -> str:
    """``text`` as one line of printable characters, at most ``limit`` long (with …)."""
    if text is None:
        return ""
    raw = _ANSI.sub("", str(text))
    line = " ".join("".join(c if c.isprintable() else " " for c in raw).split())
    return line if len(line) <= limit else line[: max(limit - 1, 0)] + "…"


def for_terminal(text: object) -> str:
    """Multi-line server text for a terminal: no escapes or control characters but newlines."""
    if text is None:
        return ""
    raw = _ANSI.sub("", str(text))
    lines = ("".join(c for c in ln if c.isprintable() or c == "\t") for ln in raw.splitlines())
    return "\n".join(lines)


def is_openable_link(url: str | None) -> bool:
    """True when ``url`` may be opened in a browser: https, or http on a loopback host."""
    if not url or any(not c.isprintable() or c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.hostname or parts.username or parts.password:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and is_loopback_host(parts.hostname)


def link_host(url: str | None) -> str:
    """The host a link points at, for showing beside it ("" when there is none)."""
    try:
        return one_line(urlsplit(url or "").hostname or "", 253)
    except ValueError:
        return ""
