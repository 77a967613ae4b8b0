"""Text and links that come from a server, made safe to show or open.

Everything a provider or gateway sends (``error_description``, verification
links, user codes, names in tokens, tool names and results, model output) is
untrusted. Messages are shown as one bounded line of printable characters;
terminal output additionally loses ANSI escape sequences, which a hostile
server could use to rewrite the screen. A link is opened only when it is
``https``, or ``http`` to a loopback host, and its host is what it seems.

Links are shown as they will open. :func:`link_host` is the host in the ASCII form a
browser resolves (IDNA: ``аccounts.google.com`` with a Cyrillic ``а`` is
``xn--ccounts-1fg.google.com``; ``%2e`` and the ideographic full stop are dots). A host
with percent-escapes, with letters of several scripts in one label, or with non-ASCII
look-alikes (a whole label of Latin-looking Cyrillic or Greek letters, full-width or
other compatibility forms, dots that are not ``.``, symbols) is never opened
(:func:`link_refusal` says why); the window and the terminal show the ASCII host, the
reason, and the raw link to copy. :func:`other_site` compares a sign-in link's
registrable domain with the issuer's (last two labels, three under a common two-level
suffix such as ``co.uk``; no public-suffix list).

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
import unicodedata
import weakref
from collections.abc import Iterable
from typing import Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

MAX_MESSAGE = 300  # characters of one server-given message line
MAX_DETAIL = 200  # characters of a server's detail quoted inside one of our messages

TOKEN_REMOVED = "[token removed]"
MIN_SECRET = 8  # characters; a shorter string is never taken for a secret (it is ordinary text)

# A JWS or JWE, or the start of one cut short: a base64url JSON header ("eyJ"), a dot, more.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}(?:\.[A-Za-z0-9_-]*){0,3}")
# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two-character escapes; and
# their one-character C1 forms (U+009B CSI, U+009D OSC ... BEL or U+009C), which some
# terminals obey as well.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])"
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?"
)


class TerminalLogFormatter(logging.Formatter):
    """Formats a log record, then cleans the whole line for a terminal (:func:`for_terminal`).

    Log messages quote servers (an HTTP header, an SSE event name, an error text); a
    library's line such as mcp's "Unexpected content type: ..." must not carry an escape
    sequence or a C1 control to the terminal. Newlines stay (tracebacks).
    """

    def format(self, record: logging.LogRecord) -> str:
        """The record as the base formatter writes it, without escapes or controls."""
        return for_terminal(super().format(record))


LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


def log_to_terminal(level: int | str, fmt: str = LOG_FORMAT) -> None:
    """Send log records of ``level`` and above to stderr, each line cleaned for a terminal.

    The one logging set-up of the window and the terminal, in place of ``basicConfig``
    (and like it, nothing changes when the root logger has handlers already: a test's).
    """
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()  # stderr
    handler.setFormatter(TerminalLogFormatter(fmt))
    handler.addFilter(ScrubSecretsFilter())  # no token of ours in a log line
    root.addHandler(handler)
    root.setLevel(level)


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


# Why a link is not opened (link_refusal); the window words them in its own language.
NOT_HTTPS = "not_https"  # not https (nor http on loopback), no host, user info, odd characters
ESCAPED_HOST = "escaped_host"  # %-escapes in the host: a browser decodes them (%2e is a dot)
MIXED_SCRIPTS = "mixed_scripts"  # one label in several scripts (Latin "ccounts" + Cyrillic а)
LOOK_ALIKE = "look_alike"  # non-ASCII that imitates ASCII: Cyrillic "аррӏе", "。", "ａ"

REFUSALS = {
    NOT_HTTPS: "is not a secure (https) address",
    ESCAPED_HOST: "has %-escapes in its host name, which hide where it really goes",
    MIXED_SCRIPTS: "mixes letters of different alphabets in its host name, as look-alikes do",
    LOOK_ALIKE: "has characters in its host name that imitate ordinary ones",
}
"""The reasons in English, for the terminal ("this link <reason>"); the window words its own."""

# Dots a browser reads as "." (IDNA): shown as something else, they hide a label break.
_OTHER_DOTS = frozenset("\u3002\uff0e\uff61")
# Browsers disagree on these (IDNA 2003 maps them, 2008 keeps them): not what is shown.
_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")
# Scripts that may share a label (UTS #39 "highly restrictive"): Latin with Japanese,
# Korean or Chinese writing.
_SCRIPT_SETS = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
)
# Cyrillic and Greek letters that read as Latin ones: a label made of these only
# ("аррӏе") imitates an ASCII name.
_LATIN_LOOK_ALIKES = frozenset(
    "асԁеһіјӏорԛѕԝхуъьҽпгѵѡү"  # Cyrillic (Chromium's list of Latin look-alikes)
    "αβγεηικμνορτυχωϲϳ"  # Greek
)
# Two-level public suffixes common enough to matter for "same site" (no full list).
_TWO_LEVEL_SUFFIXES = frozenset(
    f"{second}.{top}"
    for top, seconds in {
        "uk": "co ac gov org ltd plc me net nhs police sch",
        "au": "com net org edu gov asn id",
        "jp": "co ne or ac go ed gr lg ad",
        "nz": "co net org ac govt geek school",
        "br": "com net org gov edu",
        "cn": "com net org gov edu",
        "tw": "com net org gov edu idv",
        "hk": "com net org gov edu idv",
        "kr": "co ne or re pe go ac",
        "in": "co net org gov ac firm gen ind",
        "za": "co org gov ac net web",
        "sg": "com net org gov edu",
        "mx": "com net org gob edu",
        "ar": "com net org gob edu",
        "tr": "com net org gov edu",
        "il": "co org net ac gov",
        "id": "co or ac go web",
        "th": "co or ac go in",
        "my": "com net org gov edu",
        "ph": "com net org gov edu",
        "ua": "com net org gov edu",
        "ru": "com net org",
    }.items()
    for second in seconds.split()
)


def link_refusal(url: str | None) -> str | None:
    """None when ``url`` may be opened in a browser; else why not (one of ``REFUSALS``).

    Openable: https, or http on a loopback host; no user info; printable, no spaces; a
    host that is what it seems (no %-escapes, one script per label, no look-alikes).
    """
    if not url or any(not c.isprintable() or c.isspace() for c in url):
        return NOT_HTTPS
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return NOT_HTTPS
    if not host or parts.username or parts.password or "\\" in parts.netloc:
        return NOT_HTTPS
    if parts.scheme != "https" and not (parts.scheme == "http" and is_loopback_host(host)):
        return NOT_HTTPS
    return host_refusal(host)


def is_openable_link(url: str | None) -> bool:
    """True when ``url`` may be opened in a browser (see :func:`link_refusal`)."""
    return link_refusal(url) is None


def refusal_text(url: str | None) -> str:
    """For the terminal: "" for a link we open, else why not ("this link <reason>")."""
    reason = link_refusal(url)
    return "" if reason is None else REFUSALS[reason]


def host_refusal(host: str) -> str | None:
    """None for a host that is what it seems; else ``ESCAPED_HOST``, ``MIXED_SCRIPTS``, ..."""
    if "%" in host:
        return ESCAPED_HOST
    if host.isascii():
        return None
    for label in re.split("[.\u3002\uff0e\uff61]", host):
        reason = _label_refusal(label)
        if reason:
            return reason
    if any(c in _OTHER_DOTS for c in host):
        return LOOK_ALIKE
    return None


def _label_refusal(label: str) -> str | None:
    scripts: set[str] = set()
    letters = ""
    for c in label:
        if c.isascii():
            if c.isalpha():
                scripts.add("LATIN")
            continue
        if (
            c in _DEVIATIONS
            or unicodedata.category(c)[0] not in "LMN"
            or unicodedata.normalize("NFKC", c).lower() != c
        ):
            return LOOK_ALIKE  # shown one way, resolved another (or not a letter at all)
        script = _script(c)
        if script:
            scripts.add(script)
            letters += c
    if len(scripts) > 1 and not any(scripts <= allowed for allowed in _SCRIPT_SETS):
        return MIXED_SCRIPTS
    if scripts & {"CYRILLIC", "GREEK"} and letters and set(letters) <= _LATIN_LOOK_ALIKES:
        return LOOK_ALIKE
    return None


def _script(c: str) -> str:
    """The script of a letter, from its Unicode name ("" for marks and digits)."""
    if unicodedata.category(c)[0] != "L":
        return ""
    name = unicodedata.name(c, "")
    if name.startswith(("CJK ", "IDEOGRAPHIC ")):
        return "HAN"
    if name.startswith("KATAKANA-HIRAGANA"):
        return "KATAKANA"
    if name.startswith("HALFWIDTH KATAKANA"):
        return "KATAKANA"
    return name.split(" ", 1)[0]


def ascii_host(host: str) -> str:
    """``host`` as a browser resolves it: %-escapes decoded, IDNA (punycode), lower case."""
    decoded = unquote(host)
    try:
        return decoded.encode("idna").decode("ascii").lower()
    except UnicodeError:
        # Not a name IDNA accepts (no browser opens it): show it escaped, still ASCII.
        return decoded.encode("ascii", "backslashreplace").decode("ascii").lower()


def link_host(url: str | None) -> str:
    """The host a link points at, in the ASCII form it resolves to ("" when there is none)."""
    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return one_line(ascii_host(host), 253) if host else ""


def registrable_domain(host: str) -> str:
    """The part of ``host`` a company registers: ``login.example.co.uk`` → ``example.co.uk``.

    The last two labels, or three under a common two-level public suffix; a loopback
    or IP address host is its own domain.
    """
    name = ascii_host(host).rstrip(".")
    if is_loopback_host(name):
        return "loopback"
    try:
        ipaddress.ip_address(name.strip("[]"))
        return name
    except ValueError:
        pass
    labels = name.split(".")
    keep = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


def other_site(link: str | None, issuer: str) -> tuple[str, str] | None:
    """``(link's domain, issuer's domain)`` when a sign-in link leaves the issuer's site.

    None when both are on the same registrable domain (or the link has no host: the
    link checks say what is wrong with it then).
    """
    try:
        link_name = urlsplit(link or "").hostname or ""
        issuer_name = urlsplit(issuer).hostname or ""
    except ValueError:
        return None
    if not link_name or not issuer_name:
        return None
    ours, theirs = registrable_domain(link_name), registrable_domain(issuer_name)
    if ours == theirs:
        return None
    return one_line(ours, 253), one_line(theirs, 253)


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
