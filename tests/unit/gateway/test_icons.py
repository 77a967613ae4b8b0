"""Tool icons: only https: and data:image sources; the loader is off the loop and capped."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from gui.gateway.icons import Icon, best_icon, icons_of, load_icon
from tests.support.http_server import https_server

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def test_only_https_and_data_image_sources_are_kept():
    icons = icons_of(
        [
            {"src": "https://x.example/a.png", "sizes": ["16x16", 5], "theme": "light"},
            {"src": "HTTP://x.example/a.png"},
            {"src": "data:image/png;base64,AAAA"},
            {"src": "data:application/javascript,alert(1)"},
            {"src": "https://"},
            {"src": 42},
            {"src": "data:image/png;base64," + "A" * 600_000},
        ]
    )
    assert [icon.src for icon in icons] == ["https://x.example/a.png", "data:image/png;base64,AAAA"]
    assert icons[0].sizes == ("16x16",) and icons[0].theme == "light"


def test_the_best_icon_fits_the_size_and_theme():
    small = Icon("https://x/16", sizes=("16x16",))
    large = Icon("https://x/64", sizes=("64x64",))
    dark = Icon("https://x/d", sizes=("32x32",), theme="dark")
    assert best_icon([small, large, dark], size=48) is large
    assert best_icon([small, large, dark], size=32, dark=True) is dark
    assert best_icon([dark], size=32) is None
    assert (
        best_icon([small, Icon("https://x/any", sizes=("any",))], size=128).src == "https://x/any"
    )


async def test_a_data_uri_is_decoded_and_capped():
    icon = Icon("data:image/png;base64," + base64.b64encode(PNG).decode())
    assert await load_icon(icon) == PNG
    assert await load_icon(icon, max_bytes=10) is None
    assert await load_icon(Icon("data:image/svg+xml,%3Csvg%2F%3E")) == b"<svg/>"
    assert await load_icon(Icon("data:image/png;base64,!!!")) is None


async def test_an_https_icon_is_fetched_without_credentials_and_capped(tmp_path: Path):
    answers = {
        "/ok.png": (200, "image/png", PNG),
        "/big.png": (200, "image/png", b"x" * 5000),
        "/page": (200, "text/html", b"<html>"),
        "/moved": (302, "", b"http://127.0.0.1:1/plain.png"),
    }
    with https_server(tmp_path, answers) as where:
        base, ca_file = where.split("|")
        assert await load_icon(Icon(f"{base}/ok.png"), ca_file=ca_file) == PNG
        assert await load_icon(Icon(f"{base}/big.png"), ca_file=ca_file, max_bytes=1000) is None
        assert await load_icon(Icon(f"{base}/page"), ca_file=ca_file) is None  # not an image
        assert await load_icon(Icon(f"{base}/moved"), ca_file=ca_file) is None  # off https
        assert await load_icon(Icon(f"{base}/missing"), ca_file=ca_file) is None
        assert await load_icon(Icon(f"{base}/ok.png")) is None  # an untrusted certificate


@pytest.mark.parametrize("src", ["http://127.0.0.1:1/a.png", "file:///etc/hostname"])
async def test_other_sources_are_never_fetched(src: str):
    assert await load_icon(Icon(src)) is None
