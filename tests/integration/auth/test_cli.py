"""`agentcore-chat login` in a real process: link and code on their own lines, then the outcome."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gui.demo.idp import DEMO_CLIENT_ID, DENIAL_MESSAGE, DemoIdp
from tests.support.auth import approve_in_browser, cli_command


def start_login(idp: DemoIdp) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli_command(idp, "login", "--no-browser"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )


def read_link_and_code(proc: subprocess.Popen[str]) -> tuple[str, str]:
    assert proc.stdout is not None
    lines = [proc.stdout.readline().strip() for _ in range(4)]
    link = next(line for line in lines if line.startswith("http"))
    code = lines[lines.index(link) + 2]
    return link, code


@pytest.mark.parametrize(
    ("user", "exit_code", "expected"),
    [("alice", 0, "Signed in as Alice Example"), ("bob", 1, DENIAL_MESSAGE)],
)
def test_login_prints_link_and_code_then_the_outcome(
    idp: DemoIdp, user: str, exit_code: int, expected: str
):
    proc = start_login(idp)
    try:
        link, code = read_link_and_code(proc)
        assert link == f"{idp.issuer}activate?user_code={code}"
        assert len(code) == 9 and code[4] == "-"
        approve_in_browser(idp, code, user)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == exit_code, err
    assert expected in (out + err)
    if exit_code:
        assert DENIAL_MESSAGE in err  # the provider's reason, on stderr
    subprocess.run(
        [
            sys.executable,
            "-m",
            "gui",
            "--issuer",
            idp.issuer,
            "--client-id",
            DEMO_CLIENT_ID,
            *["logout"],
        ],
        capture_output=True,
        env=dict(os.environ),
        check=True,
    )


def test_missing_settings_name_what_to_set(test_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AUTH0_", "OIDC_"))}
    done = subprocess.run(
        [sys.executable, "-m", "gui", "status"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert "OIDC_ISSUER or AUTH0_DOMAIN" in done.stderr


CLIENT_STATUS = ["--client-id", "x", "status"]


def test_plain_http_issuer_is_refused():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gui",
            "--issuer",
            "http://login.example.com/",
            *CLIENT_STATUS,
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
    )
    assert done.returncode == 2
    assert "plain http://" in done.stderr
