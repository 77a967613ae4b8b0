"""The demo consent page visited as a browser would: GET the page, submit its form."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import requests

_FORM = re.compile(r"<form method='post' action='([^']+)'>")


def visit_consent_page(url: str, decision: str = "allow") -> str:
    """Open ``url``, press the page's Allow (or Deny) button; return the resulting page's HTML."""
    with requests.Session() as browser:
        page = browser.get(url, timeout=5)
        page.raise_for_status()
        found = _FORM.search(page.text)
        assert found, "the consent page has no form"
        answer = browser.post(urljoin(url, found.group(1)), data={"decision": decision}, timeout=5)
        answer.raise_for_status()
        return answer.text
