"""Runs one terminal command: its settings checked, its services built, its loop run.

:func:`run` takes the parsed command line (``gui.__main__`` has already sent "no
command" to the window), builds the one :class:`gui.services.AppServices` the command
uses, and runs the command in ``asyncio.run``. SIGTERM and SIGHUP cancel it like
Ctrl+C, so its ``finally`` blocks run (polling stops, the MCP session is ended at the
gateway, the demo servers stop). Errors become one line on stderr and an exit code::

    0  done (also: stopped by SIGTERM or SIGHUP)     2    usage: a setting is missing or bad
    1  failed, or nobody is signed in               130  Ctrl+C

``profile`` and ``status --all`` run :mod:`gui.cli.profiles`. May import every ``gui.cli``
module, ``gui.services``, ``gui.errors`` and ``gui.untrusted``; no Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import signal
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from gui.cli import demo
from gui.cli.chat import cmd_ask, cmd_call, cmd_tools, stdin_is_a_terminal
from gui.cli.history import AskHistory, cmd_history, history_file
from gui.cli.parser import profile_from_args
from gui.cli.sign_in import (
    SignIn,
    cmd_login,
    cmd_logout,
    cmd_status,
    resume_sign_in,
    step_up_hint,
)
from gui.cli.terminal import (
    EXIT_FAIL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    Console,
    Terminal,
)
from gui.errors import AppError, ScopeRequired
from gui.services import AppServices
from gui.untrusted import one_line

if TYPE_CHECKING:
    from gui.config import Profile

MESSAGE_LIMIT = 1000  # characters of one error line that may quote a server
CHAT_COMMANDS = ("tools", "call", "ask")


def run(args: argparse.Namespace, term: Console | None = None) -> int:
    """Run the command ``args.command`` (not None); returns the exit status."""
    term = term or Terminal()
    services = AppServices(demo=args.demo, config_path=args.config, history_path=history_file())
    if args.command == "profile" or (args.command == "status" and args.all):
        from gui.cli.profiles import cmd_profiles

        return _run(lambda: cmd_profiles(args, services, term), term)
    if args.command == "history":
        try:
            profile = demo.history_profile() if args.demo else profile_from_args(args)
        except AppError as exc:
            term.note(f"Error: {exc.message}")
            return EXIT_USAGE
        return cmd_history(args, services, profile, term)
    if args.command == "models":
        return _run_models(args, services, term)
    profile: Profile | None = None  # the demo's comes with its servers
    if not args.demo:
        try:
            profile = profile_from_args(args)
            profile.require_sign_in()
            if args.command in CHAT_COMMANDS:
                profile.require_gateway()
        except AppError as exc:
            term.note(f"Error: {exc.message}")
            return EXIT_USAGE
    return _run(lambda: _command(args, services, profile, term), term)


async def _command(
    args: argparse.Namespace, services: AppServices, profile: Profile | None, term: Console
) -> int:
    try:
        if profile is None:
            profile = await demo.start(services, term, chat=args.command in CHAT_COMMANDS)
        try:
            return await _dispatch(args, services, profile, term)
        except ScopeRequired as exc:  # the gateway wants a scope the sign-in lacks
            term.note(f"Error: {one_line(exc.message, MESSAGE_LIMIT)}")
            if not services.demo:
                term.note(step_up_hint(profile, exc))
            return EXIT_FAIL
    finally:
        await services.aclose()


async def _dispatch(
    args: argparse.Namespace, services: AppServices, profile: Profile, term: Console
) -> int:
    command = args.command
    if command == "login":
        open_browser = not args.no_browser and not (services.demo and os.environ.get("CI"))
        return await cmd_login(
            services, profile, term, open_browser=open_browser, browser=args.browser
        )
    if command == "status":
        return await cmd_status(services, profile, term, verbose=args.verbose)
    if command == "logout":
        return await cmd_logout(services, profile, term)
    # The demo signs in by itself; otherwise the sign-in `login` remembered.
    how = demo.sign_in if services.demo else resume_sign_in
    sign_in: SignIn = functools.partial(how, services, profile, term)
    if command == "tools":
        return await cmd_tools(services, profile, term, sign_in=sign_in)
    if command == "call":
        return await cmd_call(
            services,
            profile,
            term,
            sign_in=sign_in,
            tool=args.tool,
            arguments=args.tool_args,
            within=args.timeout,
        )
    if command == "ask":
        return await cmd_ask(
            services,
            profile,
            term,
            sign_in=sign_in,
            question=args.question,
            approvals=services.approval_policy(profile, allow_all=args.yes, allowed=args.allow),
            interactive=stdin_is_a_terminal(),
            history=AskHistory.from_args(args),
        )
    term.note(f"Error: unknown command {command}")
    return EXIT_USAGE


def _run_models(args: argparse.Namespace, services: AppServices, term: Console) -> int:
    """``models``: no servers, no sign-in unless Bedrock goes through it (aws_role_arn)."""
    from gui.cli.models import cmd_models, needs_sign_in
    from gui.config import Profile

    try:
        profile = Profile(model="offline") if args.demo else profile_from_args(args)
        if needs_sign_in(profile, args.provider):
            profile.require_sign_in()
    except AppError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_USAGE
    sign_in = functools.partial(resume_sign_in, services, profile, term)

    async def command() -> int:
        try:
            return await cmd_models(
                services, profile, term, provider=args.provider, sign_in=sign_in
            )
        finally:
            await services.aclose()

    return _run(command, term)


class _Terminated(Exception):
    """SIGTERM or SIGHUP arrived: the command was cancelled and has cleaned up."""


async def _until_terminated(coro_factory: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run the command; SIGTERM and SIGHUP cancel it like Ctrl+C, so its cleanup runs.

    Cancelling the task unwinds the command's ``finally`` blocks: polling stops and
    the MCP session is ended at the gateway before the process exits.
    """
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    received: list[int] = []

    def stop(signum: int) -> None:
        received.append(signum)
        task.cancel()

    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
                loop.add_signal_handler(signum, stop, signum)
    try:
        return await coro_factory()
    except asyncio.CancelledError:
        if received:
            raise _Terminated() from None
        raise


def _run(coro_factory: Callable[[], Coroutine[Any, Any, int]], term: Console) -> int:
    try:
        return asyncio.run(_until_terminated(coro_factory))
    except _Terminated:
        # Asked to stop (kill, log-out): a clean, deliberate end, so exit 0. After a
        # SIGHUP the terminal may be gone: saying so must not turn into a traceback.
        with contextlib.suppress(OSError, ValueError):
            term.note("Stopped.")
        return EXIT_OK
    except AppError as exc:
        term.note(f"Error: {one_line(exc.message, MESSAGE_LIMIT)}")
        return EXIT_FAIL
    except KeyboardInterrupt:
        term.note("Cancelled.")
        return EXIT_INTERRUPTED
