"""``agentcore-chat login``: the verification link's real host, look-alikes and other sites.

(issue #17, item 3) The device flow's ``verification_uri`` was never compared with the
issuer, and a look-alike link was printed raw. A real process against the embedded
sign-in server; the "browser" is a script named in ``BROWSER`` that records its calls.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from gui.demo.idp import DemoIdp
from tests.support.auth import cli_command, device_answer_with

TOKEN = "/oauth/token"


def login_with_link(idp: DemoIdp, tmp_path: Path, link: str) -> tuple[str, str, Path]:
    """Run ``login`` whose device answer carries ``link``; the code then expires."""
    device_answer_with(idp, link)
    idp.inject_fault(TOKEN, status=400, body=b'{"error":"expired_token"}')
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    done = subprocess.run(
        cli_command(idp, "login"),
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "BROWSER": str(browser)},
    )
    assert done.returncode == 1, done.stderr  # the code expired (injected)
    return done.stdout, done.stderr, record


@pytest.mark.parametrize(
    ("link", "host", "why"),
    [
        ("https://\u0430ccounts.google.com/device", "xn--ccounts-1fg.google.com", "alphabets"),
        ("https://accounts.google.com%2eevil.example/d", "accounts.google.com.evil.example", "%-"),
        (
            "https://accounts.google.com\u3002evil.example/d",
            "accounts.google.com.evil.example",
            "imitate",
        ),
    ],
)
def test_a_look_alike_verification_link_names_its_host_and_is_not_opened(
    idp: DemoIdp, tmp_path: Path, link: str, host: str, why: str
) -> None:
    out, err, record = login_with_link(idp, tmp_path, link)
    assert link in out.splitlines()  # the raw link, to copy
    assert f"Link to: {host}" in err.splitlines()
    warnings = [line for line in err.splitlines() if line.startswith("Warning: this sign-in")]
    assert any(why in line and "so it was not opened" in line for line in warnings), err
    assert not record.exists()


def test_a_verification_link_on_another_domain_is_named_and_not_opened(
    idp: DemoIdp, tmp_path: Path
) -> None:
    _, err, record = login_with_link(idp, tmp_path, "https://login.sso-example.com/activate")
    assert "Link to: login.sso-example.com" in err.splitlines()
    assert "is on sso-example.com, not on loopback like the sign-in server" in err
    assert not record.exists()


def test_the_issuers_own_link_is_opened_with_its_host_named(idp: DemoIdp, tmp_path: Path) -> None:
    link = f"{idp.issuer}activate?user_code=ABCD-EFGH"
    _, err, record = login_with_link(idp, tmp_path, link)
    assert "Link to: 127.0.0.1" in err.splitlines() and "Warning" not in err
    assert record.read_text().split() == [link]
