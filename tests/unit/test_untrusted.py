"""Server text made safe: one bounded printable line, no escapes; links opened only when safe;
our tokens scrubbed from whatever quotes them."""

from __future__ import annotations

import gc
import logging

import pytest

from gui.untrusted import (
    TOKEN_REMOVED,
    ScrubSecretsFilter,
    for_terminal,
    hold_secrets,
    is_loopback_host,
    is_openable_link,
    link_host,
    one_line,
    scrub_secrets,
    scrub_value,
)

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
REFRESH = "v1.opaque-refresh-token-0123456789"  # not shaped like a JWT


def test_one_line_joins_lines_and_drops_control_characters() -> None:
    assert one_line("missing\nrole\x00 for\tthis\r\napp") == "missing role for this app"


def test_one_line_strips_ansi_escapes() -> None:
    assert one_line("\x1b[2J\x1b[31mred\x1b[0m \x1b]0;title\x07done") == "red done"


def test_one_line_is_bounded() -> None:
    line = one_line("x" * 10_000)
    assert len(line) == 300
    assert line.endswith("…")


def test_one_line_of_none_is_empty() -> None:
    assert one_line(None) == ""


def test_for_terminal_keeps_lines_but_no_escapes() -> None:
    assert for_terminal("a\x1b[1;1Hb\nc\x07d") == "ab\ncd"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/activate",
        "http://127.0.0.1:8080/x",
        "http://localhost/x",
        "http://[::1]:1/",
    ],
)
def test_safe_links_open(url: str) -> None:
    assert is_openable_link(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://example.com/activate",
        "https://user:pw@example.com/",
        "https://exa mple.com/",
        "https://example.com/\n",
        "",
        None,
        "data:text/html,hi",
    ],
)
def test_unsafe_links_do_not_open(url: str | None) -> None:
    assert not is_openable_link(url)


def test_link_host() -> None:
    assert link_host("https://consent.example.com/path?x=1") == "consent.example.com"
    assert link_host("javascript:alert(1)") == ""


def test_loopback_hosts() -> None:
    assert is_loopback_host("127.0.0.2")
    assert not is_loopback_host("10.0.0.1")
    assert not is_loopback_host(None)


@pytest.mark.parametrize(
    "host", ["localhost", "LocalHost", "127.0.0.1", "127.255.0.9", "::1", "[::1]"]
)
def test_loopback_hosts_in_any_spelling(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["", "localhost.example.com", "128.0.0.1", "[::2]", "0.0.0.0"])
def test_hosts_that_are_not_loopback(host: str) -> None:
    assert not is_loopback_host(host)


# --- tokens -----------------------------------------------------------------------------------


class Holder:
    """A stand-in for AuthSession: it holds some tokens."""

    def __init__(self, *secrets: str) -> None:
        self.secrets = secrets

    def secrets_in_play(self) -> tuple[str, ...]:
        return self.secrets


@pytest.mark.parametrize(
    ("text", "scrubbed"),
    [
        (f"Authorization: Bearer {JWT}", f"Authorization: Bearer {TOKEN_REMOVED}"),
        (f'{{"token": "{JWT}"}}', f'{{"token": "{TOKEN_REMOVED}"}}'),
        (f"cut short: {JWT[:40]}…", f"cut short: {TOKEN_REMOVED}…"),  # a bounded message
        (f"{JWT}.aXY.dGFn", TOKEN_REMOVED),  # a JWE: five parts
        ("eyJ alone, or eyJabc, is just text.", "eyJ alone, or eyJabc, is just text."),
        ("no token here", "no token here"),
    ],
)
def test_anything_shaped_like_a_jwt_is_removed(text: str, scrubbed: str) -> None:
    assert scrub_secrets(text, ()) == scrubbed


def test_the_given_secrets_are_removed_longest_first() -> None:
    text = f"refresh={REFRESH} prefix={REFRESH[:12]} again {REFRESH}"
    assert scrub_secrets(text, [REFRESH[:12], REFRESH]) == (
        f"refresh={TOKEN_REMOVED} prefix={TOKEN_REMOVED} again {TOKEN_REMOVED}"
    )


def test_short_or_empty_secrets_are_never_taken_for_tokens() -> None:
    assert scrub_secrets("a b c abc", ["", "abc", "b"]) == "a b c abc"


def test_by_default_the_secrets_held_in_this_process_are_removed() -> None:
    holder = Holder(REFRESH)
    hold_secrets(holder)
    assert scrub_secrets(f"x {REFRESH} y") == f"x {TOKEN_REMOVED} y"
    del holder
    gc.collect()
    # Held weakly: a session that is gone leaves nothing behind.
    assert scrub_secrets(f"x {REFRESH} y") == f"x {REFRESH} y"


def test_a_structured_result_is_scrubbed_throughout() -> None:
    value = {"headers": {"authorization": f"Bearer {JWT}"}, REFRESH: [1, REFRESH, None]}
    assert scrub_value(value, [REFRESH]) == {
        "headers": {"authorization": f"Bearer {TOKEN_REMOVED}"},
        TOKEN_REMOVED: [1, TOKEN_REMOVED, None],
    }


def test_the_log_filter_scrubs_messages_and_tracebacks() -> None:
    holder = Holder(REFRESH)
    hold_secrets(holder)
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.addFilter(ScrubSecretsFilter())
    log = logging.getLogger("tests.untrusted.scrub")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("SSE message: %s", {"text": f"Bearer {JWT}"})
        try:
            raise ValueError(f"bad token {REFRESH}")
        except ValueError:
            log.exception("failed with %d", 1)
        log.warning("plain %s", "words")
    finally:
        log.removeHandler(handler)
        log.propagate = True
    text = "\n".join(lines)
    assert JWT not in text and REFRESH not in text
    assert f"Bearer {TOKEN_REMOVED}" in lines[0]
    assert "failed with 1" in lines[1] and f"ValueError: bad token {TOKEN_REMOVED}" in lines[1]
    assert lines[2] == "plain words"
    del holder
