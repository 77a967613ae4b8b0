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
(settings, sign-in, links, the proxy bypass).

Server text may also quote our own tokens (a tool that echoes its request's headers).
:func:`scrub_secrets` is the one scrubber: it replaces the tokens in play and anything
shaped like a JWT by ``[token removed]``, before a tool result reaches the screen, the
terminal, the model, the history, an export or a log (:class:`ScrubSecretsFilter`).
Which strings are "in play" the sign-in says: a holder registered with
:func:`hold_secrets` (``AuthSession`` registers itself) is asked each time, weakly held,
so a session that is gone or signed out leaves nothing behind. Imports nothing of the app.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import logging
import re
import threading
import weakref
from collections.abc import Iterable
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit

MAX_MESSAGE = 300  # characters of one server-given message line
MAX_DETAIL = 200  # characters of a server's detail quoted inside one of our messages

TOKEN_REMOVED = "[token removed]"
MIN_SECRET = 8  # characters; a shorter string is never taken for a secret (it is ordinary text)

# A JWS or JWE, or the start of one cut short: a base64url JSON header ("eyJ"), a dot, more.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,3}")
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


# --- tokens ---------------------------------------------------------------------------------


@runtime_checkable
class HoldsSecrets(Protocol):
    """Something that holds tokens which must never be shown (``AuthSession``)."""

    def secrets_in_play(self) -> tuple[str, ...]:
        """The secret strings it holds right now (empty when signed out)."""
        ...


_holders: weakref.WeakSet[HoldsSecrets] = weakref.WeakSet()
_holders_lock = threading.Lock()  # log records are scrubbed on other threads too


def hold_secrets(holder: HoldsSecrets) -> None:
    """Have :func:`scrub_secrets` remove ``holder``'s secrets for as long as it lives."""
    with _holders_lock:
        _holders.add(holder)


def secrets_in_play() -> tuple[str, ...]:
    """Every secret the registered holders hold now."""
    with _holders_lock:
        holders = list(_holders)
    return tuple(secret for holder in holders for secret in holder.secrets_in_play())


def scrub_secrets(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` with each secret, and anything shaped like a JWT, replaced by ``[token removed]``.

    ``secrets``: the strings to remove; None (the default) means those in play in this
    process (:func:`secrets_in_play`). Strings shorter than :data:`MIN_SECRET` are left.
    """
    if secrets is None:
        secrets = secrets_in_play()
    # Longest first: a token containing another must go whole.
    for secret in sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, TOKEN_REMOVED)
    return _JWT.sub(TOKEN_REMOVED, text) if "eyJ" in text else text


def scrub_value(value: object, secrets: Iterable[str] | None = None) -> object:
    """A JSON-like value (a tool's structured result) with every string in it scrubbed."""
    if secrets is None:
        secrets = secrets_in_play()
    secrets = tuple(secrets)
    if isinstance(value, str):
        return scrub_secrets(value, secrets)
    if isinstance(value, dict):
        return {
            scrub_secrets(k, secrets) if isinstance(k, str) else k: scrub_value(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return type(value)(scrub_value(item, secrets) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A result's parts (gui.gateway.content): their text, names and links; bytes stay.
        changes = {
            f.name: scrub_value(getattr(value, f.name), secrets)
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), str | dict | list | tuple)
        }
        return dataclasses.replace(value, **changes)
    return value


class ScrubSecretsFilter(logging.Filter):
    """A handler filter: every record's message (and traceback) passes :func:`scrub_secrets`.

    Never drops a record; rewrites one only when something was removed. Install it on
    the handlers, not on a logger: a logger's filters miss what its children propagate.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub ``record`` in place; always True."""
        secrets = secrets_in_play()
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit: logging itself reports that
            return True
        clean = scrub_secrets(message, secrets)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            trace = logging.Formatter().formatException(record.exc_info)
            if scrub_secrets(trace, secrets) != trace:
                record.exc_text = trace
        if record.exc_text:
            record.exc_text = scrub_secrets(record.exc_text, secrets)
        if record.stack_info:
            record.stack_info = scrub_secrets(record.stack_info, secrets)
        return True
