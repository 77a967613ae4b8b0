"""gui/cli/main.py: the command line, its usage errors and where messages go (no servers).

The commands against the demo servers, in new processes, are in
tests/integration/auth/test_cli.py and tests/integration/chat/test_cli.py.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from gui.cli.main import (
    EXIT_USAGE,
    Terminal,
    build_parser,
    json_object,
    main,
    profile_from_args,
)


def terminal() -> tuple[Terminal, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Terminal(out, err), out, err


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
    term, out, err = terminal()
    code = main(["--config", str(tmp_path / "none.toml"), *argv], term)
    assert code == EXIT_USAGE
    assert out.getvalue() == ""  # results only on stdout; errors on stderr
    assert err.getvalue().startswith("Error: ") and setting in err.getvalue()


def test_terminal_streams_without_newlines() -> None:
    term, out, err = terminal()
    term.stream("neru")
    term.stream("neruo")
    term.say("")
    term.note("progress")
    assert out.getvalue() == "neruneruo\n" and err.getvalue() == "progress\n"
