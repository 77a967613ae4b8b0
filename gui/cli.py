"""``agentcore-chat``: the same cores from a terminal, no window.

agentcore-chat login [--no-browser]   sign in with the device flow
agentcore-chat status                 who is signed in (exit 1: nobody)
agentcore-chat logout                 revoke and forget the sign-in
agentcore-chat --demo                 the same against the embedded local servers
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import webbrowser
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any, TextIO

from gui.config import Profile, load_profile
from gui.errors import AppError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def build_parser() -> argparse.ArgumentParser:
    """The command line: global profile flags, then a command."""
    parser = argparse.ArgumentParser(
        prog="agentcore-chat",
        description="Chat with your company's AgentCore Gateway tools, signed in with Auth0.",
    )
    parser.add_argument("--demo", action="store_true", help="use the embedded local servers")
    parser.add_argument("--config", type=Path, help="settings file (default: platform config dir)")
    parser.add_argument("--issuer", help="OpenID Connect issuer URL (any provider)")
    parser.add_argument("--auth0-domain", help="Auth0 tenant domain, e.g. example.us.auth0.com")
    parser.add_argument("--client-id", help="the application's client id")
    parser.add_argument("--audience", help="the API identifier (Auth0 audience)")
    parser.add_argument("--scopes", help="space-separated scopes to ask for")
    parser.add_argument("--gateway-url", help="the AgentCore Gateway's MCP URL")
    parser.add_argument(
        "--model", help="bedrock:<id>, anthropic:<model>, openai:<model> or offline"
    )
    parser.add_argument("--debug", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command")
    login = sub.add_parser("login", help="sign in with the device flow")
    login.add_argument("--no-browser", action="store_true", help="only print the link")
    sub.add_parser("status", help="say who is signed in; exit 1 when nobody is")
    sub.add_parser("logout", help="revoke the sign-in and forget it")
    return parser


def profile_from_args(args: argparse.Namespace) -> Profile:
    """The profile from file, environment and these flags (flags win)."""
    overrides = {
        "issuer": args.issuer,
        "auth0_domain": args.auth0_domain,
        "client_id": args.client_id,
        "audience": args.audience,
        "scopes": args.scopes,
        "gateway_url": args.gateway_url,
        "model": args.model,
    }
    return load_profile(path=args.config, overrides=overrides)


class Terminal:
    """Where the commands write: results to ``out``, progress and errors to ``err``."""

    def __init__(self, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> None:
        self.out = out
        self.err = err

    def say(self, text: str) -> None:
        """A result line."""
        print(text, file=self.out, flush=True)

    def note(self, text: str) -> None:
        """A progress or warning line."""
        print(text, file=self.err, flush=True)


async def cmd_login(profile: Profile, term: Terminal, *, open_browser: bool, store: Any) -> int:
    """Sign in; print link and code on their own lines; wait; say who signed in."""
    from gui.auth.session import AuthSession

    session = AuthSession(profile, store=store)
    try:
        code = await session.start_sign_in()
        term.say("Open this link to sign in:")
        term.say(code.link)
        term.say("Check that the page shows this code:")
        term.say(code.user_code)
        minutes = max(1, round(code.expires_in / 60))
        term.note(f"Waiting for approval (the code expires in {minutes} min; Ctrl+C cancels)...")
        if open_browser:
            with contextlib.suppress(Exception):
                webbrowser.open(code.link)
        identity = await session.wait_for_approval(code)
        term.say(f"Signed in as {identity.display}.")
        if session.store_warning:
            term.note(f"Note: {session.store_warning}")
        return EXIT_OK
    finally:
        await session.aclose()


async def cmd_status(profile: Profile, term: Terminal, *, store: Any) -> int:
    """Say who is signed in, refreshing silently; exit 1 when nobody is."""
    from gui.auth.session import AuthSession

    session = AuthSession(profile, store=store)
    try:
        identity = await session.resume()
        if identity is None:
            term.say("Not signed in.")
            if session.store_warning:
                term.note(f"Note: {session.store_warning}")
            return EXIT_FAIL
        term.say(f"Signed in as {identity.display} at {profile.issuer}")
        if session.store_warning:
            term.note(f"Note: {session.store_warning}")
        return EXIT_OK
    finally:
        await session.aclose()


async def cmd_logout(profile: Profile, term: Terminal, *, store: Any) -> int:
    """Revoke the stored sign-in at the provider and forget it."""
    from gui.auth.session import AuthSession

    session = AuthSession(profile, store=store)
    try:
        outcome = await session.sign_out()
        if not outcome.was_signed_in:
            term.say("Not signed in.")
        else:
            term.say("Signed out." + (" The sign-in was revoked." if outcome.revoked else ""))
        if outcome.note:
            term.note(f"Note: {outcome.note}")
        return EXIT_OK
    finally:
        await session.aclose()


def _run(coro_factory: Callable[[], Coroutine[Any, Any, int]], term: Terminal) -> int:
    try:
        return asyncio.run(coro_factory())
    except AppError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_FAIL
    except KeyboardInterrupt:
        term.note("Cancelled.")
        return EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None, term: Terminal | None = None) -> int:
    """Entry point of the ``agentcore-chat`` command."""
    term = term or Terminal()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.demo:
        return run_demo(args, term)
    if args.command is None:
        parser.print_help(term.out)
        return EXIT_USAGE
    try:
        profile = profile_from_args(args)
        profile.require_sign_in()
    except AppError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_USAGE
    store = _default_store()
    if args.command == "login":
        return _run(
            lambda: cmd_login(profile, term, open_browser=not args.no_browser, store=store), term
        )
    if args.command == "status":
        return _run(lambda: cmd_status(profile, term, store=store), term)
    if args.command == "logout":
        return _run(lambda: cmd_logout(profile, term, store=store), term)
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _default_store() -> Any:
    from gui.auth.store import KeyringStore

    return KeyringStore()


def run_demo(args: argparse.Namespace, term: Terminal) -> int:
    """Terminal demo: start the embedded sign-in server and sign in against it."""
    from gui.auth.store import MemoryStore
    from gui.demo.stack import DemoStack

    with DemoStack() as stack:
        term.note(f"Demo sign-in server at {stack.profile.issuer}")
        term.note("Approve as 'Alice' (has the gateway role) or 'Bob' (does not).")
        store = MemoryStore()
        command = args.command or "login"
        open_browser = not getattr(args, "no_browser", False) and not os.environ.get("CI")
        if command == "login":
            return _run(
                lambda: cmd_login(stack.profile, term, open_browser=open_browser, store=store),
                term,
            )
        if command == "status":
            return _run(lambda: cmd_status(stack.profile, term, store=store), term)
        return _run(lambda: cmd_logout(stack.profile, term, store=store), term)


if __name__ == "__main__":
    sys.exit(main())
