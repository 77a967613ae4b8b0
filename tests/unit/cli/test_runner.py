"""gui/cli/runner.py: usage errors and where their messages go (no servers)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gui.cli.parser import build_parser
from gui.cli.runner import run
from gui.cli.terminal import EXIT_USAGE, Terminal


@pytest.mark.parametrize(
    ("argv", "setting"),
    [
        (["status"], "OIDC_ISSUER or AUTH0_DOMAIN"),
        (["--issuer", "https://login.example.com/", "status"], "AUTH0_CLIENT_ID"),
        (["--issuer", "https://login.example.com/", "--client-id", "c", "tools"], "GATEWAY_URL"),
        (["--issuer", "http://login.example.com/", "--client-id", "c", "status"], "http"),
    ],
)
def test_missing_or_bad_settings_exit_2_naming_the_setting(
    argv: list[str], setting: str, tmp_path: Path
) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["--config", str(tmp_path / "none.toml"), *argv])
    code = run(args, Terminal(out, err))
    assert code == EXIT_USAGE
    assert out.getvalue() == ""  # results only on stdout; errors on stderr
    assert err.getvalue().startswith("Error: ") and setting in err.getvalue()
