"""gui/untrusted.py: links shown as they will open, look-alike hosts refused (issue #17, item 3).

What we saw: a consent link to ``https://аccounts.google.com/`` (Cyrillic а) was shown as
"accounts.google.com" but opens ``xn--ccounts-1fg.google.com``; ``%2e`` and the ideographic
full stop open ``accounts.google.com.evil.example``.
"""

from __future__ import annotations

import pytest

from gui.untrusted import (
    ESCAPED_HOST,
    LOOK_ALIKE,
    MIXED_SCRIPTS,
    NOT_HTTPS,
    is_openable_link,
    link_host,
    link_refusal,
    other_site,
    refusal_text,
    registrable_domain,
)

CYRILLIC_A = "https://\u0430ccounts.google.com/o/oauth2/consent"
ESCAPED_DOT = "https://accounts.google.com%2eevil.example/consent"
IDEOGRAPHIC_DOT = "https://accounts.google.com\u3002evil.example/consent"


@pytest.mark.parametrize(
    ("url", "reason", "host"),
    [
        (CYRILLIC_A, MIXED_SCRIPTS, "xn--ccounts-1fg.google.com"),
        (ESCAPED_DOT, ESCAPED_HOST, "accounts.google.com.evil.example"),
        (IDEOGRAPHIC_DOT, LOOK_ALIKE, "accounts.google.com.evil.example"),
        ("https://accounts.google.com\uff0eevil.example/", LOOK_ALIKE, None),
        ("https://\u0430\u0440\u0440\u04cf\u0435.com/", LOOK_ALIKE, "xn--80ak6aa92e.com"),  # аррӏе
        ("https://\uff45xample.com/", LOOK_ALIKE, "example.com"),  # full-width e
        ("https://stra\u00dfe.de/", LOOK_ALIKE, None),  # browsers disagree on ß
        ("https://pay\u200dpal.com/", NOT_HTTPS, None),  # zero-width joiner: not printable
        ("https://\u0435\u0445\u0430mple.com/", MIXED_SCRIPTS, None),
        ("https://a\u2044b.example/", LOOK_ALIKE, None),  # fraction slash, not a letter
    ],
)
def test_look_alike_hosts_are_refused_and_shown_as_they_resolve(
    url: str, reason: str, host: str | None
) -> None:
    assert not is_openable_link(url)
    assert link_refusal(url) == reason
    shown = link_host(url)
    assert shown.isascii()
    if host is not None:
        assert shown == host
    assert refusal_text(url)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://example.com/activate", "example.com"),
        ("https://Login.Example.COM/", "login.example.com"),
        ("https://m\u00fcnchen.de/", "xn--mnchen-3ya.de"),  # one script: opened, shown in ASCII
        ("https://\u4f8b\u3048.jp/", "xn--r8jz45g.jp"),  # Han + Hiragana: Japanese
        ("https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/", "xn--e1afmkfd.xn--p1ai"),
        ("https://xn--ccounts-1fg.google.com/", "xn--ccounts-1fg.google.com"),  # says what it is
        ("http://127.0.0.1:8080/x", "127.0.0.1"),
        ("http://[::1]:1/", "::1"),
    ],
)
def test_honest_hosts_open_and_show_their_ascii_form(url: str, host: str) -> None:
    assert link_refusal(url) is None and refusal_text(url) == ""
    assert link_host(url) == host


def test_old_rules_still_hold() -> None:
    assert link_refusal("http://example.com/") == NOT_HTTPS
    assert link_refusal("https://evil.example\\@accounts.google.com/") == NOT_HTTPS
    assert link_refusal(None) == NOT_HTTPS


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("tenant.us.auth0.com", "auth0.com"),
        ("login.example.co.uk", "example.co.uk"),
        ("a.b.example.com.au", "example.com.au"),
        ("accounts.example.co.jp", "example.co.jp"),
        ("example.com.", "example.com"),
        ("localhost", "loopback"),
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "10.1.2.3"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_other_site_compares_the_link_with_the_issuer() -> None:
    issuer = "https://tenant.us.auth0.com/"
    assert other_site("https://tenant.us.auth0.com/activate?user_code=X", issuer) is None
    assert other_site("https://login.auth0.com/activate", issuer) is None  # same domain
    assert other_site("https://tenant-auth0.com.evil.example/activate", issuer) == (
        "evil.example",
        "auth0.com",
    )
    assert other_site(ESCAPED_DOT, "https://accounts.google.com/") == (
        "evil.example",
        "google.com",
    )
    assert other_site("http://localhost:8/activate", "http://127.0.0.1:9/") is None
    assert other_site("javascript:alert(1)", issuer) is None  # no host: the link checks say
