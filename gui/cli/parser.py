"""The ``agentcore-chat`` command line: its flags and commands, and the profile they describe.

agentcore-chat [--demo]               open the window (demo: embedded local servers)
agentcore-chat --profile NAME ...     any command (or the window) with that profile;
                                      AGENTCORE_PROFILE=NAME does the same
agentcore-chat login [--no-browser]   sign in with the device flow
    [--browser]                       ... or with this computer's browser (code + PKCE)
agentcore-chat status [--all]         who is signed in (exit 1: nobody); --all: every profile;
    [--verbose]                       --verbose: the gateway's MCP protocol version too
agentcore-chat logout                 revoke and forget the sign-in
agentcore-chat tools                  the gateway's tools (readable name, name, description)
agentcore-chat call TOOL --args JSON  call one tool and print its result (exit 1: it failed)
agentcore-chat ask "question"         ask the agent; the answer and its tool calls stream
    [--yes] [--allow TOOL ...]        run tools that need approval without asking
    [--continue | --conversation ID | --no-history]   which saved conversation, if any
agentcore-chat history [list|show|export|delete ID]  saved conversations (gui/cli/history.py)
agentcore-chat profile list|add|use|remove            named profiles (gui/cli/profiles.py)
agentcore-chat models [--provider P]  the models you can use: config id, name (gui/cli/models.py)
agentcore-chat --demo COMMAND         a command against the embedded local servers

The window's start imports this module (``gui.__main__`` parses before it knows which
front end runs), so it imports only argparse and pathlib at the top: ``json`` and
``gui.config`` are imported where a command needs them. No Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.config import Profile


def build_parser() -> argparse.ArgumentParser:
    """The command line: global profile flags, then a command."""
    parser = argparse.ArgumentParser(
        prog="agentcore-chat",
        description="Chat with your company's AgentCore Gateway tools, signed in with Auth0.",
    )
    parser.add_argument("--demo", action="store_true", help="use the embedded local servers")
    parser.add_argument("--config", type=Path, help="settings file (default: platform config dir)")
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="use this profile of the settings file (default: AGENTCORE_PROFILE, "
        "then the one `profile use` chose)",
    )
    parser.add_argument("--issuer", help="OpenID Connect issuer URL (any provider)")
    parser.add_argument("--auth0-domain", help="Auth0 tenant domain, e.g. example.us.auth0.com")
    parser.add_argument("--client-id", help="the application's client id")
    parser.add_argument("--audience", help="the API identifier (Auth0 audience)")
    parser.add_argument("--scopes", help="space-separated scopes to ask for")
    parser.add_argument("--gateway-url", help="the AgentCore Gateway's MCP URL")
    parser.add_argument(
        "--model", help="bedrock:<id>, anthropic:<model>, openai:<model> or offline"
    )
    parser.add_argument(
        "--ca-file", help="an extra CA certificate (PEM) to trust, e.g. your company's proxy CA"
    )
    parser.add_argument(
        "--aws-role-arn",
        help="an IAM role to assume with your sign-in for Amazon Bedrock (no AWS keys needed)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="log details to stderr, including conversation content: your questions, the "
        "answers, tool arguments and results",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, print the time to first paint, and exit",
    )
    sub = parser.add_subparsers(dest="command")
    login = sub.add_parser("login", help="sign in with the device flow")
    login.add_argument("--no-browser", action="store_true", help="only print the link")
    login.add_argument(
        "--browser",
        action="store_true",
        help="sign in with this computer's browser instead of a code (BROWSER is honoured)",
    )
    status = sub.add_parser("status", help="say who is signed in; exit 1 when nobody is")
    status.add_argument("--all", action="store_true", help="every profile's sign-in")
    status.add_argument(
        "--verbose", action="store_true", help="also the gateway and the MCP protocol version"
    )
    sub.add_parser("logout", help="revoke the sign-in and forget it")
    sub.add_parser("tools", help="list the gateway's tools")
    call = sub.add_parser("call", help="call one tool and print its result")
    call.add_argument("tool", help="the tool's name, as `tools` lists it")
    call.add_argument(
        "--args",
        dest="tool_args",
        metavar="JSON",
        type=json_object,
        default={},
        help='the arguments as a JSON object, e.g. \'{"name": "neruneruo"}\'',
    )
    call.add_argument("--timeout", type=float, default=60.0, help="seconds to wait (default 60)")
    ask = sub.add_parser("ask", help="ask a question; the answer streams as it comes")
    ask.add_argument("question", help="what to ask, in quotes")
    ask.add_argument(
        "--yes", action="store_true", help="allow every tool call for this command, unasked"
    )
    ask.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="TOOL",
        help="allow this tool (its name, as `tools` lists it) unasked; repeatable",
    )
    _add_ask_history_options(ask)
    _add_history_parser(sub)
    _add_profile_parser(sub)
    models = sub.add_parser("models", help="list the models you can use (config id, name)")
    models.add_argument(
        "--provider",
        choices=("bedrock", "anthropic", "openai", "offline"),
        help="list another provider's models than the configured one",
    )
    return parser


def _add_profile_parser(sub: Any) -> None:
    """The ``profile`` command: list, add, use, remove (their options' dests start ``new_``:
    the global ``--gateway-url`` and friends keep theirs)."""
    profile = sub.add_parser("profile", help="list, add, choose or remove named profiles")
    actions = profile.add_subparsers(dest="profile_command")
    actions.add_parser("list", help="one line each: name, who is signed in, gateway (default)")
    add = actions.add_parser(
        "add",
        help="add (or update) a profile; with only --gateway-url, read the gateway's "
        "sign-in details from its OAuth protected resource metadata",
    )
    add.add_argument("name", help="the profile's name: letters, digits, - and _")
    add.add_argument("--gateway-url", dest="new_gateway_url", required=True, metavar="URL")
    provider = add.add_mutually_exclusive_group()
    provider.add_argument("--auth0-domain", dest="new_auth0_domain", metavar="D")
    provider.add_argument("--oidc-issuer", dest="new_issuer", metavar="URL")
    add.add_argument("--client-id", dest="new_client_id", metavar="ID")
    add.add_argument("--audience", dest="new_audience", metavar="A")
    add.add_argument(
        "--scope",
        dest="new_scopes",
        action="append",
        default=[],
        metavar="S",
        help="a scope the gateway needs (repeatable); openid, profile, email and "
        "offline_access are always asked for",
    )
    use = actions.add_parser("use", help="make NAME the profile used when none is named")
    use.add_argument("name")
    remove = actions.add_parser("remove", help="sign NAME out (revoking) and forget it")
    remove.add_argument("name")


def _add_history_parser(sub: Any) -> None:
    """The ``history`` command and its sub-commands."""
    history = sub.add_parser("history", help="list, show, export or delete saved conversations")
    actions = history.add_subparsers(dest="history_command")
    actions.add_parser("list", help="one line each: id, date, title (the default)")
    show = actions.add_parser("show", help="print one conversation")
    show.add_argument("id", type=int, help="the conversation's id, as `history` lists it")
    export = actions.add_parser("export", help="write one conversation as Markdown")
    export.add_argument("id", type=int, help="the conversation's id")
    export.add_argument("--output", "-o", type=Path, help="the file to write (default: stdout)")
    delete = actions.add_parser("delete", help="remove one conversation")
    delete.add_argument("id", type=int, help="the conversation's id")


def _add_ask_history_options(ask: argparse.ArgumentParser) -> None:
    """``ask --continue | --conversation ID | --no-history``."""
    which = ask.add_mutually_exclusive_group()
    which.add_argument(
        "--continue",
        dest="continue_latest",
        action="store_true",
        help="add to the latest saved conversation",
    )
    which.add_argument("--conversation", type=int, metavar="ID", help="add to this conversation")
    which.add_argument("--no-history", action="store_true", help="do not save this question")


def json_object(text: str) -> dict[str, Any]:
    """``--args``: a JSON object (argparse reports a ValueError as a usage error)."""
    import json  # not at the top: the window never needs it before its first frame

    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(
            f"not valid JSON ({exc.msg} at column {exc.colno}); "
            'give an object such as \'{"name": "neruneruo"}\''
        ) from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError('must be a JSON object such as \'{"name": "neruneruo"}\'')
    return value


def overrides(args: argparse.Namespace) -> dict[str, str | None]:
    """The profile settings given as flags (None: not given); ``profile``: which one."""
    return {
        "profile": args.profile,
        "issuer": args.issuer,
        "auth0_domain": args.auth0_domain,
        "client_id": args.client_id,
        "audience": args.audience,
        "scopes": args.scopes,
        "gateway_url": args.gateway_url,
        "model": args.model,
        "ca_file": args.ca_file,
        "aws_role_arn": args.aws_role_arn,
    }


def profile_from_args(args: argparse.Namespace) -> Profile:
    """The profile from file, environment and these flags (flags win)."""
    from gui.config import load_profile  # tomllib, platformdirs: the window loads it later

    return load_profile(path=args.config, overrides=overrides(args))
