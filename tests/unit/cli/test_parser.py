"""gui/cli/parser.py: the command line and its usage errors (no servers).

The commands against the demo servers, in new processes, are in
tests/integration/auth/test_cli.py and tests/integration/chat/test_cli.py.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from gui.cli.parser import build_parser, json_object, overrides, profile_from_args
from gui.cli.terminal import EXIT_USAGE


def test_call_takes_a_tool_json_arguments_and_a_timeout() -> None:
    args = build_parser().parse_args(
        ["call", "people___getProfile", "--args", '{"name": "neruneruo"}', "--timeout", "5"]
    )
    assert (args.command, args.tool, args.tool_args, args.timeout) == (
        "call",
        "people___getProfile",
        {"name": "neruneruo"},
        5.0,
    )
    assert build_parser().parse_args(["call", "x"]).tool_args == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "must be a JSON object"), ('"a"', "object")],
)
def test_args_must_be_a_json_object(text: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        json_object(text)


def test_bad_args_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["call", "x", "--args", "[1]"])
    assert exited.value.code == EXIT_USAGE
    assert "must be a JSON object" in capsys.readouterr().err


def test_flags_win_over_the_config_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('auth0_domain = "file.us.auth0.com"\nclient_id = "from-file"\n')
    args = build_parser().parse_args(
        ["--config", str(config), "--client-id", "from-flag", "status"]
    )
    profile = profile_from_args(args)
    assert profile.issuer == "https://file.us.auth0.com/"
    assert profile.client_id == "from-flag"


def test_the_window_path_loads_no_terminal_module_but_the_parser() -> None:
    # gui.__main__ parses before it knows the front end: only the parser may come with it.
    code = (
        "import sys, gui.__main__ as m; m.build_parser().parse_args([]); "
        "print(sorted(n for n in sys.modules if n.startswith(('gui.cli.', 'gui.services'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "['gui.cli.parser']"


def test_profile_is_a_global_flag_that_reaches_the_settings(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('client_id = "top"\n[profiles.work]\nclient_id = "work"\n')
    args = build_parser().parse_args(["--config", str(config), "--profile", "work", "tools"])
    assert profile_from_args(args).client_id == "work"
    assert overrides(args)["profile"] == "work"


def test_profile_add_options_do_not_clobber_the_global_flags() -> None:
    args = build_parser().parse_args(
        [
            *("--gateway-url", "https://global.example.com/mcp"),
            *("profile", "add", "work", "--gateway-url", "https://new.example.com/mcp"),
            *("--oidc-issuer", "https://login.example.com/", "--scope", "a", "--scope", "b c"),
        ]
    )
    assert args.gateway_url == "https://global.example.com/mcp"
    assert (args.command, args.profile_command, args.name) == ("profile", "add", "work")
    assert args.new_gateway_url == "https://new.example.com/mcp"
    assert args.new_issuer == "https://login.example.com/" and args.new_auth0_domain is None
    assert args.new_scopes == ["a", "b c"]


@pytest.mark.parametrize(
    "argv",
    [
        ["profile", "add", "work"],  # --gateway-url is required
        ["profile", "add", "w", "--gateway-url", "u", "--auth0-domain", "d", "--oidc-issuer", "i"],
        ["profile", "use"],
    ],
)
def test_profile_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(argv)
    assert exited.value.code == EXIT_USAGE


def test_status_all() -> None:
    assert build_parser().parse_args(["status", "--all"]).all is True
    assert build_parser().parse_args(["status"]).all is False
