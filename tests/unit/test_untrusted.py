"""Server text made safe: one bounded printable line, no escapes; links opened only when safe."""

from __future__ import annotations

import pytest

from gui.untrusted import for_terminal, is_loopback_host, is_openable_link, link_host, one_line


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
