"""`agentcore-chat login` in a real process, against a server that says hostile things.

The terminal must get no escape or control characters and bounded lines, and a
verification link that is not https (or loopback http) must not reach the
browser. The "browser" is a script named in ``BROWSER`` that records its calls.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest
import requests

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp
from tests.support.auth import cli_command

TOKEN = "/oauth/token"
DEVICE = "/oauth/device/code"
HOSTILE = (
    '<b>x</b><img src="file:///etc/passwd">\x1b[2J\x1b[31mred\x1b[0m\x1b]0;owned\x07'
    "\x00\x08\r\nnext line"
) + "A" * 10_240


def assert_terminal_safe(text: str, limit: int) -> None:
    assert "\x1b" not in text
    assert all(c.isprintable() or c in "\n\t" for c in text), repr(text[:200])
    assert len(text) <= limit
    assert all(len(line) <= 1100 for line in text.splitlines())


def fake_browser(tmp_path: Path) -> tuple[Path, Path]:
    """A `BROWSER` script that appends each URL it is given to a file."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


def real_device_answer(idp: DemoIdp) -> dict[str, object]:
    answer = requests.post(
        f"{idp.issuer}oauth/device/code",
        data={"client_id": DEMO_CLIENT_ID, "audience": DEMO_AUDIENCE, "scope": "openid"},
        timeout=5,
    )
    answer.raise_for_status()
    return answer.json()


def login(idp: DemoIdp, env: dict[str, str], *flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli_command(idp, "login", *flags),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_hostile_error_description_reaches_the_terminal_clean_and_bounded(idp: DemoIdp):
    body = {"error": "access_denied", "error_description": HOSTILE}
    idp.inject_fault(TOKEN, status=403, body=json.dumps(body).encode())
    proc = login(idp, dict(os.environ), "--no-browser")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    assert "<b>x</b>" in err and "red" in err and "next line" in err
    assert_terminal_safe(out, 2000)
    assert_terminal_safe(err, 2000)


def test_a_hostile_user_code_and_link_reach_the_terminal_clean(idp: DemoIdp, tmp_path: Path):
    answer = real_device_answer(idp)
    answer["user_code"] = HOSTILE
    answer["verification_uri_complete"] = "https://idp.example.com/\x1b[2Jactivate" + "B" * 9000
    idp.inject_fault(DEVICE, status=200, body=json.dumps(answer).encode())
    idp.inject_fault(TOKEN, status=400, body=b'{"error":"expired_token"}')
    browser, record = fake_browser(tmp_path)
    proc = login(idp, {**os.environ, "BROWSER": str(browser)})
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1, err
    assert_terminal_safe(out, 2000)
    assert_terminal_safe(err, 2000)
    # Not openable: the escape inside makes it more than a plain https link.
    assert not record.exists()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "file:///etc/passwd",
        "http://example.com/activate?user_code=ABCD-EFGH",
        None,  # the server's own loopback link: opened (the check is not simply "never")
    ],
)
def test_only_a_safe_verification_link_is_opened(
    idp: DemoIdp, store: KeyringStore, tmp_path: Path, link: str | None
):
    answer = real_device_answer(idp)
    if link is not None:
        answer["verification_uri"] = link
        answer["verification_uri_complete"] = link
    idp.inject_fault(DEVICE, status=200, body=json.dumps(answer).encode())
    browser, record = fake_browser(tmp_path)
    proc = login(idp, {**os.environ, "BROWSER": str(browser)})
    try:
        assert proc.stderr is not None
        # The browser is called (or not) before this line: after it, only the wait is left.
        lines = [proc.stderr.readline()]
        while lines[-1] and not lines[-1].startswith("Waiting for approval"):
            lines.append(proc.stderr.readline())
        idp.approve(str(answer["user_code"]), "alice")
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    err = "".join(lines) + err
    assert proc.returncode == 0, err
    assert "Signed in as Alice" in out
    if link is None:
        assert record.read_text().split() == [answer["verification_uri_complete"]]
        assert "not opened" not in err
    else:
        assert link in out  # shown, for the person to judge
        assert "so it was not opened" in err
        assert not record.exists()
