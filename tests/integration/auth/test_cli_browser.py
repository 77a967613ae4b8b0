"""`agentcore-chat login --browser` in a real process, with BROWSER set to a script that plays
the browser (follows the link, signs in on the demo page, comes back to the loopback port)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DENIAL_MESSAGE, DemoIdp
from tests.support.auth import cli_command
from tests.support.browser import browser_script


def login(idp: DemoIdp, script: Path, *args: str, before: tuple[str, ...] = ()):
    """``agentcore-chat [before] login [args]`` with BROWSER naming ``script``."""
    environ = {**os.environ, "BROWSER": str(script)}
    return subprocess.run(
        cli_command(idp, *before, "login", *args),
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )


async def test_login_browser_opens_the_browser_prints_the_link_and_signs_in(
    idp: DemoIdp, store: KeyringStore, tmp_path: Path
):
    done = login(idp, browser_script(tmp_path, "alice"), "--browser")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    link = lines[lines.index("Open this link in this computer's browser to sign in:") + 1]
    assert link.startswith(f"{idp.issuer}authorize?") and "code_challenge_method=S256" in link
    assert "Signed in as Alice Example <alice@example.com>." in done.stdout
    assert "Waiting for the browser" in done.stderr
    assert await store.load(idp.issuer, DEMO_CLIENT_ID) is not None


def test_a_denied_browser_sign_in_exits_1_with_the_reason(idp: DemoIdp, tmp_path: Path):
    done = login(idp, browser_script(tmp_path, "bob"), "--browser")
    assert done.returncode == 1
    assert DENIAL_MESSAGE in done.stderr
    assert "Signed in" not in done.stdout


def test_a_profile_that_prefers_the_browser_uses_it(idp: DemoIdp, tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text('sign_in_method = "browser"\n')
    done = login(idp, browser_script(tmp_path, "alice"), before=("--config", str(config)))
    assert done.returncode == 0, done.stderr
    assert "Open this link in this computer's browser" in done.stdout


@pytest.mark.parametrize("method", ["phone"])
def test_a_bad_sign_in_method_names_the_setting(idp: DemoIdp, tmp_path: Path, method: str):
    config = tmp_path / "config.toml"
    config.write_text(f'sign_in_method = "{method}"\n')
    done = subprocess.run(
        cli_command(idp, "--config", str(config), "login"),
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "sign_in_method: 'phone': use device or browser" in done.stderr
