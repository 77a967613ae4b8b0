"""Consent links whose host looks like one site and opens another (issue #17, item 3).

Each is (link, the host it really opens, a word the refusal's wording contains), shared
by the window's and the terminal's tests of links shown as they open.
"""

from __future__ import annotations

LOOK_ALIKE_CONSENT_LINKS = [
    (
        "https://\u0430ccounts.google.com/o/oauth2/consent",  # a Cyrillic а
        "xn--ccounts-1fg.google.com",
        "alphabets",
    ),
    (
        "https://accounts.google.com%2eevil.example/consent",
        "accounts.google.com.evil.example",
        "%-escapes",
    ),
    (
        "https://accounts.google.com\u3002evil.example/consent",  # an ideographic full stop
        "accounts.google.com.evil.example",
        "imitate",
    ),
]
