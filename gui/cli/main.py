"""``agentcore-chat``: the window, or the same cores from a terminal.

agentcore-chat [--demo]               open the window (demo: embedded local servers)
agentcore-chat login [--no-browser]   sign in with the device flow
agentcore-chat status                 who is signed in (exit 1: nobody)
agentcore-chat logout                 revoke and forget the sign-in
agentcore-chat tools                  the gateway's tools (readable name, name, description)
agentcore-chat call TOOL --args JSON  call one tool and print its result (exit 1: it failed)
agentcore-chat ask "question"         ask the agent; the answer and its tool calls stream
    [--yes] [--allow TOOL ...]        run tools that need approval without asking
agentcore-chat history [show|export|delete ID]   saved conversations (see gui/cli/history.py)
agentcore-chat --demo COMMAND         a command against the embedded local servers

tools, call and ask use the sign-in remembered in the keyring and renew it silently.
``ask`` asks before a tool that may change data (gui/cli/approval.py); without a
terminal such a call is declined unless --yes or --allow allows it. ``call`` is the
person's own explicit choice and runs without asking.

Whatever a server said reaches the terminal without control characters or ANSI
escapes (:class:`Terminal` cleans every line); messages are also bounded, and a
verification link is opened only when :func:`gui.untrusted.is_openable_link`
allows it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from gui.cli import history as cli_history
from gui.cli.history import AskHistory
from gui.errors import AppError

# asyncio, json, webbrowser, gui.config and gui.untrusted are imported where they are used: with no
# command this module only opens the window, and they would delay its first frame.
if TYPE_CHECKING:
    from gui.agent.approval import ApprovalPolicy
    from gui.auth.session import AuthSession
    from gui.config import Profile
    from gui.demo.stack import DemoStack

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MESSAGE_LIMIT = 1000  # characters of one error line that may quote a server
LINK_LIMIT = 512
UNSAFE_LINK = (
    "Warning: this sign-in link is not a secure (https) address, so it was not opened. "
    "Check with your administrator before you visit it."
)


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
    parser.add_argument(
        "--ca-file", help="an extra CA certificate (PEM) to trust, e.g. your company's proxy CA"
    )
    parser.add_argument("--debug", action="store_true", help="log details to stderr")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, print the time to first paint, and exit",
    )
    sub = parser.add_subparsers(dest="command")
    login = sub.add_parser("login", help="sign in with the device flow")
    login.add_argument("--no-browser", action="store_true", help="only print the link")
    sub.add_parser("status", help="say who is signed in; exit 1 when nobody is")
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
    cli_history.add_ask_options(ask)
    cli_history.add_history_parser(sub)
    return parser


def json_object(text: str) -> dict[str, Any]:
    """``--args``: a JSON object (argparse reports a ValueError as a usage error)."""
    import json

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


def _overrides(args: argparse.Namespace) -> dict[str, str | None]:
    return {
        "issuer": args.issuer,
        "auth0_domain": args.auth0_domain,
        "client_id": args.client_id,
        "audience": args.audience,
        "scopes": args.scopes,
        "gateway_url": args.gateway_url,
        "model": args.model,
        "ca_file": args.ca_file,
    }


def profile_from_args(args: argparse.Namespace) -> Profile:
    """The profile from file, environment and these flags (flags win)."""
    from gui.config import load_profile

    return load_profile(path=args.config, overrides=_overrides(args))


def _clean(text: str) -> str:
    from gui.untrusted import for_terminal

    return for_terminal(text)


class Terminal:
    """Where the commands write: results to ``out``, progress and errors to ``err``.

    Every write loses control characters and ANSI escapes (newlines and tabs
    stay): much of what is written comes from a server, and an escape sequence
    could rewrite the screen or the window title.
    """

    def __init__(self, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> None:
        self.out = out
        self.err = err

    def say(self, text: str) -> None:
        """A result line."""
        print(_clean(text), file=self.out, flush=True)

    def note(self, text: str) -> None:
        """A progress or warning line."""
        print(_clean(text), file=self.err, flush=True)

    def stream(self, text: str) -> None:
        """Part of a result, as it arrives (no newline added)."""
        # for_terminal drops a trailing newline with splitlines(): keep the chunk's own.
        clean = _clean(text) + ("\n" if text.endswith(("\n", "\r")) else "")
        print(clean, end="", file=self.out, flush=True)

    def ask(self, text: str) -> None:
        """A question to the person, on stderr, the cursor left after it."""
        clean = _clean(text) + ("\n" if text.endswith(("\n", "\r")) else "")
        print(clean, end="", file=self.err, flush=True)


async def cmd_login(profile: Profile, term: Terminal, *, open_browser: bool, store: Any) -> int:
    """Sign in; print link and code on their own lines; wait; say who signed in."""
    from gui.auth.session import AuthSession
    from gui.untrusted import is_openable_link, one_line

    session = AuthSession(profile, store=store)
    try:
        code = await session.start_sign_in()
        openable = is_openable_link(code.link)
        term.say("Open this link to sign in:")
        term.say(one_line(code.link, LINK_LIMIT))
        term.say("Check that the page shows this code:")
        term.say(one_line(code.user_code, 64))
        if not openable:
            term.note(UNSAFE_LINK)
        minutes = max(1, round(code.expires_in / 60))
        term.note(f"Waiting for approval (the code expires in {minutes} min; Ctrl+C cancels)...")
        if open_browser and openable:
            with contextlib.suppress(Exception):
                import webbrowser

                webbrowser.open(code.link)
        identity = await session.wait_for_approval(code)
        term.say(f"Signed in as {one_line(identity.display, 80)}.")
        await _store_note(session, term)
        return EXIT_OK
    finally:
        await session.aclose()


async def cmd_status(profile: Profile, term: Terminal, *, store: Any) -> int:
    """Say who is signed in, refreshing silently; exit 1 when nobody is."""
    from gui.auth.session import AuthSession
    from gui.untrusted import one_line

    session = AuthSession(profile, store=store)
    try:
        identity = await session.resume()
        if identity is None:
            term.say("Not signed in.")
            await _store_note(session, term)
            return EXIT_FAIL
        term.say(f"Signed in as {one_line(identity.display, 80)} at {profile.issuer}")
        await _store_note(session, term)
        return EXIT_OK
    finally:
        await session.aclose()


async def _store_note(session: AuthSession, term: Terminal) -> None:
    """Why the sign-in is not remembered; with no Secret Service, how to get one."""
    if not session.store_warning:
        return
    from gui.aio import run_blocking
    from gui.auth.keyring_hint import secret_service_hint

    try:
        hint = await run_blocking(secret_service_hint, within=5.0)
    except TimeoutError:
        hint = None
    term.note(hint or f"Note: {session.store_warning}")


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


# --- the gateway from a terminal -------------------------------------------------------------

SignIn = Callable[[], Awaitable["AuthSession | None"]]
NOT_SIGNED_IN = "Not signed in — run agentcore-chat login"


async def resume_sign_in(profile: Profile, term: Terminal, store: Any) -> AuthSession | None:
    """The remembered sign-in, renewed silently; None (and a note) when there is none."""
    from gui.auth.session import AuthSession

    session = AuthSession(profile, store=store)
    try:
        identity = await session.resume()
    except BaseException:
        await session.aclose()
        raise
    if identity is None:
        term.note(NOT_SIGNED_IN)
        if session.store_warning:
            term.note(f"Note: {session.store_warning}")
        await session.aclose()
        return None
    return session


async def _signed_in(sign_in: SignIn, action: Callable[[AuthSession], Awaitable[int]]) -> int:
    session = await sign_in()
    if session is None:
        return EXIT_FAIL
    try:
        return await action(session)
    finally:
        await session.aclose()


async def cmd_tools(profile: Profile, term: Terminal, *, sign_in: SignIn) -> int:
    """List the gateway's tools: readable name, the gateway's name, its risk, what it does."""
    from gui.agent.approval import RISK_WORDS, risk_of
    from gui.gateway.client import GatewayClient

    async def action(session: AuthSession) -> int:
        gateway = GatewayClient(profile.gateway_url, session, ca_file=profile.ca_file)
        try:
            tools = await gateway.list_tools()
        finally:
            await gateway.aclose()
        if not tools:
            term.say("The gateway offers no tools.")
            return EXIT_OK
        title_width = max(len(t.title) for t in tools)
        name_width = max(len(t.name) for t in tools)
        risk_width = max(len(word) for word in RISK_WORDS.values())
        for tool in tools:
            summary = (tool.description.splitlines() or [""])[0]
            risk = RISK_WORDS[risk_of(tool)]
            term.say(
                f"{tool.title:<{title_width}}  {tool.name:<{name_width}}  "
                f"{risk:<{risk_width}}  {summary}".rstrip()
            )
        return EXIT_OK

    return await _signed_in(sign_in, action)


async def cmd_call(
    profile: Profile,
    term: Terminal,
    *,
    sign_in: SignIn,
    tool: str,
    arguments: dict[str, Any],
    within: float,
) -> int:
    """Call one tool and print its result; a tool's error exits 1 with its message.

    A consent link is printed and the call tried again after Enter; a form is asked
    field by field (see gui.cli.elicit).
    """
    from gui.cli.elicit import TerminalForms, call_with_consent
    from gui.cli.lines import Lines
    from gui.gateway.client import GatewayClient

    async def action(session: AuthSession) -> int:
        gateway = GatewayClient(profile.gateway_url, session, ca_file=profile.ca_file)
        lines = Lines()
        gateway.form_handler = TerminalForms(term, lines)
        try:
            result = await call_with_consent(
                gateway, tool, arguments, within=within, term=term, lines=lines
            )
        finally:
            await gateway.aclose()
        if result.structured is not None:
            import json

            term.say(json.dumps(result.structured, indent=2, ensure_ascii=False))
        else:
            term.say(result.text)
        return EXIT_OK

    return await _signed_in(sign_in, action)


def _language(profile: Profile) -> str:
    """The language setting, else the terminal's locale (LC_ALL, LC_MESSAGES, LANG)."""
    if profile.language:
        return profile.language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.split(".")[0]
    return "en"


async def cmd_ask(
    profile: Profile,
    term: Terminal,
    *,
    sign_in: SignIn,
    question: str,
    approvals: ApprovalPolicy | None = None,
    interactive: bool = False,
    history: AskHistory | None = None,
) -> int:
    """Ask the agent; print the answer as it streams and each tool call as it happens.

    A call that needs approval is prompted for when ``interactive`` (stdin is a tty)
    and declined otherwise; a command that declined one that way exits 1. An approved
    call may then print a consent link (Enter tries again) or ask a form field by field.
    The question is saved to history (``history``: not at all, or added to an earlier one).
    """
    import asyncio
    import functools
    import json

    from gui.agent.events import (
        ApprovalRequested,
        ConsentEnded,
        ConsentRequested,
        Done,
        Failed,
        TextDelta,
        ToolFinished,
        ToolStarted,
    )
    from gui.agent.session import ChatSession
    from gui.cli.approval import TerminalApprover
    from gui.cli.elicit import (
        ConsentNotGiven,
        TerminalForms,
        enter_for_consent,
        show_consent,
    )
    from gui.cli.lines import Lines

    # One reader of stdin for the whole command: the approval prompt, the consent's
    # Enter and a form's fields take turns on it (see gui.cli.lines).
    lines = Lines()
    approver = TerminalApprover(term, interactive=interactive, lines=lines)

    async def action(session: AuthSession) -> int:
        inner = ChatSession(profile, session, approvals=approvals)
        inner.set_form_handler(TerminalForms(term, lines))
        inner.set_language(_language(profile))
        chat = await cli_history.recording_chat(profile, inner, history or AskHistory(), term)
        term.note(f"Model: {chat.model_label}")
        code, at_line_start = EXIT_OK, True
        enter: asyncio.Task[None] | None = None
        gave_up: list[str] = []  # the link, when input ended before the person connected

        def give_up(url: str) -> None:
            gave_up.append(url)
            chat.stop()

        try:
            async for event in chat.ask(question):
                if isinstance(event, TextDelta):
                    term.stream(event.text)
                    at_line_start = event.text.endswith("\n")
                    continue
                if not at_line_start:
                    term.stream("\n")
                    at_line_start = True
                if isinstance(event, ApprovalRequested):
                    await approver.answer(event.request)
                elif isinstance(event, ToolStarted):
                    given = json.dumps(event.arguments, ensure_ascii=False)
                    term.say(f"[calling {event.title} {given}]")
                elif isinstance(event, ToolFinished):
                    outcome = "failed: " + _first_line(event.text) if event.is_error else "done"
                    term.say(f"[{event.title} {outcome}]")
                elif isinstance(event, ConsentRequested):
                    show_consent(term, event.message, event.url)
                    enter = asyncio.ensure_future(
                        enter_for_consent(
                            lines,
                            chat.consent_settled(event.elicitation_id),
                            functools.partial(chat.consent_given, event.elicitation_id),
                            functools.partial(give_up, event.url),
                        )
                    )
                elif isinstance(event, ConsentEnded):
                    if enter is not None:
                        enter.cancel()  # the server said so first: Enter is not needed
                    if not event.connected:
                        term.note("Still not connected.")
                elif isinstance(event, Failed):
                    term.note(f"Error: {event.error.message}")
                    code = EXIT_FAIL
                elif isinstance(event, Done) and event.stopped and gave_up:
                    term.note(f"Error: {ConsentNotGiven(gave_up[0]).message}")
                    code = EXIT_FAIL
                elif isinstance(event, Done) and event.stopped:
                    term.note("Stopped.")
                    code = EXIT_INTERRUPTED
        finally:
            if enter is not None:
                enter.cancel()
            await chat.aclose()
            cli_history.close_recording(chat)
        if code == EXIT_OK and approver.declined_unasked:
            code = EXIT_FAIL  # a script must notice that what it asked for was not done
        return code

    return await _signed_in(sign_in, action)


def _first_line(text: str, limit: int = 200) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line[:limit] + ("…" if len(line) > limit else "")


async def demo_sign_in(stack: DemoStack, term: Terminal, store: Any) -> AuthSession:
    """Demo only: run the device flow and approve it as Alice without a browser."""
    from gui.auth.session import AuthSession

    session = AuthSession(stack.profile, store=store)
    try:
        code = await session.start_sign_in()
        term.note(f"Sign-in link: {code.link}")
        term.note(f"Code: {code.user_code}")
        term.note("Demo only: approving it automatically as Alice (who has the gateway role).")
        stack.idp.approve(code.user_code, "alice")
        await session.wait_for_approval(code)
    except BaseException:
        await session.aclose()
        raise
    return session


def approval_policy(
    args: argparse.Namespace, profile: Profile, *, remember: bool = True
) -> ApprovalPolicy:
    """The profile's approval mode with ``--yes``/``--allow``; "always" saved when ``remember``.

    The demo's gateway lives on a new port each run: its answers stay in memory.
    """
    from gui.agent.approval import ApprovalPolicy, MemoryRemembered
    from gui.config import RememberedInConfig

    remembered = (
        RememberedInConfig(profile.gateway_url, args.config) if remember else MemoryRemembered()
    )
    return ApprovalPolicy(
        profile.approval_mode,
        remembered=remembered,
        allow_all=getattr(args, "yes", False),
        allowed=getattr(args, "allow", ()),
    )


def _chat_command(
    args: argparse.Namespace,
    profile: Profile,
    term: Terminal,
    sign_in: SignIn,
    *,
    remember: bool = True,
) -> int:
    if args.command == "tools":
        return _run(lambda: cmd_tools(profile, term, sign_in=sign_in), term)
    if args.command == "call":
        return _run(
            lambda: cmd_call(
                profile,
                term,
                sign_in=sign_in,
                tool=args.tool,
                arguments=args.tool_args,
                within=args.timeout,
            ),
            term,
        )
    approvals = approval_policy(args, profile, remember=remember)
    return _run(
        lambda: cmd_ask(
            profile,
            term,
            sign_in=sign_in,
            question=args.question,
            approvals=approvals,
            interactive=_stdin_is_a_terminal(),
            history=AskHistory.from_args(args),
        ),
        term,
    )


def _stdin_is_a_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached stdin
        return False


CHAT_COMMANDS = ("tools", "call", "ask")


class _Terminated(Exception):
    """SIGTERM or SIGHUP arrived: the command was cancelled and has cleaned up."""


async def _until_terminated(coro_factory: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run the command; SIGTERM and SIGHUP cancel it like Ctrl+C, so its cleanup runs.

    Cancelling the task unwinds the command's ``finally`` blocks: polling stops and
    the MCP session is ended at the gateway before the process exits.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    received: list[int] = []

    def stop(signum: int) -> None:
        received.append(signum)
        task.cancel()

    import signal

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


def _run(coro_factory: Callable[[], Coroutine[Any, Any, int]], term: Terminal) -> int:
    from gui.untrusted import one_line

    try:
        import asyncio

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


def main(argv: Sequence[str] | None = None, term: Terminal | None = None) -> int:
    """Entry point of the ``agentcore-chat`` command."""
    term = term or Terminal()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.debug:
        # mcp warns about things we handle (a lost session's goodbye failing); keep stderr clean.
        logging.getLogger("mcp").setLevel(logging.ERROR)
    if args.command is None:
        from gui.ui.startup.app import run  # the window: no command means the desktop app

        return run(
            demo=args.demo,
            smoke_test=args.smoke_test,
            overrides=_overrides(args),
            config_path=args.config,
        )
    if args.command == "history":
        try:
            profile = cli_history.demo_profile() if args.demo else profile_from_args(args)
        except AppError as exc:
            term.note(f"Error: {exc.message}")
            return EXIT_USAGE
        return cli_history.cmd_history(args, profile, term)
    if args.demo:
        return run_demo(args, term)
    try:
        profile = profile_from_args(args)
        profile.require_sign_in()
        if args.command in CHAT_COMMANDS:
            profile.require_gateway()
    except AppError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_USAGE
    store = _default_store()
    if args.command in CHAT_COMMANDS:
        return _chat_command(args, profile, term, lambda: resume_sign_in(profile, term, store))
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

    if args.command in CHAT_COMMANDS:
        from gui.demo.idp import DemoIdp

        # interval=1: the code is approved before the first poll, so sign-in is quick.
        with DemoStack(idp=DemoIdp(interval=1)) as stack:
            term.note(
                f"Demo servers: sign-in at {stack.profile.issuer}, "
                f"gateway at {stack.profile.gateway_url}"
            )
            store = MemoryStore()
            return _chat_command(
                args,
                stack.profile,
                term,
                lambda: demo_sign_in(stack, term, store),
                remember=False,
            )
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
