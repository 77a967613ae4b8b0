"""Playing the person's browser in a browser sign-in: follow the authorization URL, sign in
on the demo provider's page, consent (or not), follow the redirect to the app's loopback port.

Blocking (``requests``): call it in a thread while the app waits, or from a script that a
``BROWSER`` variable names (``browser_script``). Standard library and requests only.
"""

from __future__ import annotations

import html
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests

TIMEOUT = 10  # seconds per request: a bug must not hang the suite
_REQUEST_ID = re.compile(r'name="request_id" value="([^"]*)"')


@dataclass(frozen=True)
class BrowserVisit:
    """What the browser saw: the callback's address and the app's page (status, text)."""

    callback: str
    status: int
    page: str


def consent_page(url: str) -> str:
    """Open the authorization URL; returns the request id of the sign-in page's form."""
    page = requests.get(url, timeout=TIMEOUT, allow_redirects=False)
    assert page.status_code == 200, (page.status_code, page.text[:300])
    assert 'id="allow"' in page.text and 'id="deny"' in page.text
    found = _REQUEST_ID.search(page.text)
    assert found is not None, "no request id on the sign-in page"
    return html.unescape(found.group(1))


def answer(url: str, username: str = "alice", action: str = "allow") -> str:
    """Sign in as ``username`` and Allow (or Deny); returns the redirect's Location."""
    request_id = consent_page(url)
    issuer = urlsplit(url)
    result = requests.post(
        urlunsplit((issuer.scheme, issuer.netloc, "/authorize", "", "")),
        data={"request_id": request_id, "username": username, "action": action},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert result.status_code == 302, (result.status_code, result.text[:300])
    return result.headers["Location"]


def follow(callback: str) -> BrowserVisit:
    """Follow the redirect to the app's loopback port, as the browser would."""
    page = requests.get(callback, timeout=TIMEOUT, allow_redirects=False)
    return BrowserVisit(callback, page.status_code, page.text)


def with_query(url: str, **changes: str) -> str:
    """``url`` with some query parameters replaced (e.g. a forged ``state``)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def play(url: str, username: str = "alice", action: str = "allow") -> BrowserVisit:
    """The whole visit: sign in, answer, come back to the app."""
    return follow(answer(url, username, action))


def browser_script(folder: Path, username: str = "alice", action: str = "allow") -> Path:
    """An executable that plays the browser for the URL it is given (for ``BROWSER``).

    Python's ``webbrowser`` runs ``$BROWSER <url>``; this one signs in and returns.
    """
    root = Path(__file__).resolve().parents[2]
    script = folder / "play-browser"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from tests.support.browser import play\n"
        f"visit = play(sys.argv[1], {username!r}, {action!r})\n"
        "print(visit.status, file=sys.stderr)\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script
