"""gui/cli/profiles.py without servers: merging what a profile had, what the gateway says
and the flags; the usage errors of ``profile`` (exit 2, on stderr)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gui.auth.resource_metadata import ResourceMetadata
from gui.cli.parser import build_parser
from gui.cli.profiles import _merge
from gui.cli.runner import run
from gui.cli.terminal import EXIT_USAGE, Terminal
from gui.config import DEFAULT_SCOPES

FOUND = ResourceMetadata(
    resource="https://gw.example.com/mcp",
    authorization_servers=("https://found.example.com/",),
    scopes_supported=("tools:invoke",),
    source="https://gw.example.com/.well-known/oauth-protected-resource/mcp",
)


@pytest.mark.parametrize(
    ("existing", "found", "given", "scopes", "expected"),
    [
        pytest.param(
            {},
            FOUND,
            {"gateway_url": "g"},
            [],
            {
                "gateway_url": "g",
                "issuer": "https://found.example.com/",
                "scopes": "openid profile email offline_access tools:invoke",
            },
            id="only the gateway: issuer and scopes from its metadata",
        ),
        pytest.param(
            {"auth0_domain": "old.auth0.com", "client_id": "c", "scopes": "openid x"},
            FOUND,
            {"gateway_url": "g"},
            [],
            {
                "gateway_url": "g",
                "client_id": "c",
                "issuer": "https://found.example.com/",
                "scopes": "openid profile email offline_access tools:invoke",
            },
            id="an update: the gateway's issuer replaces the old domain, the client stays",
        ),
        pytest.param(
            {},
            FOUND,
            {"gateway_url": "g", "auth0_domain": "mine.auth0.com"},
            ["a", "openid"],
            {
                "gateway_url": "g",
                "auth0_domain": "mine.auth0.com",
                "scopes": "openid profile email offline_access a",
            },
            id="flags win over the metadata",
        ),
        pytest.param(
            {},
            None,
            {"gateway_url": "g", "issuer": "https://i.example.com/"},
            [],
            {"gateway_url": "g", "issuer": "https://i.example.com/", "scopes": DEFAULT_SCOPES},
            id="no metadata: the default scopes",
        ),
    ],
)
def test_merge(existing, found, given, scopes, expected) -> None:  # type: ignore[no-untyped-def]
    assert _merge(existing, found, given, scopes) == expected


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["profile", "use", "nope"], "there is no profile 'nope'"),
        (["profile", "use", "bad name"], "is not a profile name"),
        (["profile", "remove", "default"], "cannot be removed"),
        (["profile", "remove", "nope"], "there is no profile 'nope'"),
        (["--profile", "nope", "status"], "there is no profile 'nope' (profiles: default)"),
        (["--demo", "profile", "list"], "--demo has one profile of its own"),
    ],
)
def test_profile_usage_errors_exit_2(argv: list[str], message: str, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["--config", str(tmp_path / "config.toml"), *argv])
    assert run(args, Terminal(out, err)) == EXIT_USAGE
    assert out.getvalue() == ""
    assert err.getvalue().startswith("Error: ") and message in err.getvalue()
