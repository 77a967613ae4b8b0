"""The gateway commands: ``tools``, ``call`` and ``ask`` (and ``status --verbose``'s gateway part).

Each signs in through a :data:`~gui.cli.sign_in.SignIn` (the remembered sign-in,
renewed silently; the demo's automatic one) and takes its gateway client and chat
session from :class:`gui.services.AppServices`. ``ask`` asks before a tool that may
change data (:mod:`gui.cli.approval`); without a terminal such a call is declined
unless ``--yes`` or ``--allow`` allows it. ``call`` is the person's own explicit
choice and runs without asking. What a tool answers, and every error message, is
printed scrubbed of our tokens (:func:`gui.untrusted.scrub_secrets`). Consent links, link
requests and server forms are answered on the terminal (:mod:`gui.cli.elicit`), all prompts
reading stdin through one :class:`~gui.cli.lines.Lines`. While a call runs, one progress
line on stderr says how it goes (when stderr is a terminal); a result's images, sounds,
links and files are printed as one-line labels, never their bytes (:mod:`gui.cli.results`).
While a busy model is retried, ``ask`` keeps one line on stderr saying so
(:class:`BusyLine`); the tokens the answer took follow it on stderr.

May import ``gui.agent.events``, ``gui.agent.approval`` (its light parts), the other
``gui.cli`` modules, ``gui.errors`` and ``gui.untrusted``; the heavy cores (mcp,
strands) load inside ``AppServices``. No Qt.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import os
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TextIO

from gui.agent import events
from gui.agent.approval import RISK_WORDS, risk_of
from gui.cli.approval import TerminalApprover
from gui.cli.elicit import (
    ConsentNotGiven,
    TerminalForms,
    answer_link_request,
    call_with_consent,
    enter_for_consent,
    show_consent,
    show_link_request,
)
from gui.cli.history import AskHistory, close_recording, recording_chat
from gui.cli.lines import Lines
from gui.cli.results import ProgressLine, part_lines
from gui.cli.sign_in import SignIn, step_up_hint
from gui.cli.terminal import EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK, Console, Terminal
from gui.errors import AppError, ScopeRequired
from gui.untrusted import scrub_secrets, scrub_value

if TYPE_CHECKING:
    from gui.agent.approval import ApprovalPolicy
    from gui.auth.session import AuthSession
    from gui.cli.sign_in import SignIn
    from gui.config import Profile
    from gui.services import AppServices


async def cmd_tools(
    services: AppServices, profile: Profile, term: Console, *, sign_in: SignIn
) -> int:
    """List the gateway's tools: readable name, the gateway's name, its risk, what it does."""

    async def action(session: AuthSession) -> int:
        gateway = services.gateway(profile, session)
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
    services: AppServices,
    profile: Profile,
    term: Console,
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

    async def action(session: AuthSession) -> int:
        gateway = services.gateway(profile, session)
        lines = Lines()
        gateway.form_handler = TerminalForms(term, lines)
        progress = ProgressLine(getattr(term, "err", None))
        try:
            result = await call_with_consent(
                gateway,
                tool,
                arguments,
                within=within,
                term=term,
                lines=lines,
                progress=progress,
            )
        finally:
            await gateway.aclose()
        # A tool may echo the request's token: it never reaches the terminal.
        if result.structured is not None:
            term.say(json.dumps(scrub_value(result.structured), indent=2, ensure_ascii=False))
        else:
            shown = "\n".join(part_lines(result.shown)) if result.shown else result.text
            term.say(scrub_secrets(shown))
        return EXIT_OK

    return await _signed_in(sign_in, action)


async def cmd_ask(
    services: AppServices,
    profile: Profile,
    term: Console,
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
    # One reader of stdin for the whole command: the approval prompt, the consent's
    # Enter and a form's fields take turns on it (see gui.cli.lines).
    lines = Lines()
    approver = TerminalApprover(term, interactive=interactive, lines=lines)

    async def action(session: AuthSession) -> int:
        inner = await services.chat_session(profile, session, approvals=approvals)
        inner.set_form_handler(TerminalForms(term, lines))
        inner.set_language(_language(profile))
        chat = await recording_chat(services, profile, inner, history or AskHistory(), term)
        term.note(f"Model: {chat.model_label}")
        busy = BusyLine(term)
        code, at_line_start = EXIT_OK, True
        enter: asyncio.Task[None] | None = None
        gave_up: list[str] = []  # the link, when input ended before the person connected
        progress = ProgressLine(getattr(term, "err", None))
        titles: dict[str, str] = {}  # call id → the tool's title, for the progress line
        answerable: set[str] = set()  # link requests (answered, not retried)

        def give_up(url: str) -> None:
            gave_up.append(url)
            chat.stop()

        try:
            async for event in chat.ask(question):
                if isinstance(event, events.ModelBusy):
                    if not at_line_start:
                        term.stream("\n")  # the broken-off text stays; the retry says it anew
                        at_line_start = True
                    busy.show(event.retry_in_seconds)
                    continue
                busy.clear()  # the answer goes on
                if isinstance(event, events.ToolProgress):
                    progress.show(
                        titles.get(event.call_id, event.tool),
                        fraction=event.fraction,
                        message=event.message,
                        status=event.status,
                    )
                    continue
                progress.clear()
                if isinstance(event, events.TextDelta):
                    term.stream(event.text)
                    at_line_start = event.text.endswith("\n")
                    continue
                if not at_line_start:
                    term.stream("\n")
                    at_line_start = True
                if isinstance(event, events.Done) and event.usage:  # none counted: no line
                    term.note(usage_line(event.usage))
                if isinstance(event, events.ApprovalRequested):
                    await approver.answer(event.request)
                elif isinstance(event, events.ToolStarted):
                    titles[event.call_id] = event.title
                    given = json.dumps(event.arguments, ensure_ascii=False)
                    term.say(f"[calling {event.title} {given}]")
                elif isinstance(event, events.ToolFinished):
                    outcome = "failed: " + _first_line(event.text) if event.is_error else "done"
                    term.say(f"[{event.title} {outcome}]")
                    for line in part_lines(event.parts, with_text=False):  # type: ignore[arg-type]
                        term.say(f"  {line}")
                elif isinstance(event, events.ConsentRequested) and event.answerable:
                    answerable.add(event.elicitation_id)
                    show_link_request(term, event.message, event.url)
                    answer = functools.partial(chat.answer_consent, event.elicitation_id)
                    enter = asyncio.ensure_future(answer_link_request(lines, answer))
                elif isinstance(event, events.ConsentRequested):
                    show_consent(term, event.message, event.url)
                    enter = asyncio.ensure_future(
                        enter_for_consent(
                            lines,
                            chat.consent_settled(event.elicitation_id),
                            functools.partial(chat.consent_given, event.elicitation_id),
                            functools.partial(give_up, event.url),
                        )
                    )
                elif isinstance(event, events.ConsentEnded):
                    if enter is not None:
                        enter.cancel()  # the server said so first: Enter is not needed
                    if not event.connected and event.elicitation_id not in answerable:
                        term.note("Still not connected.")
                elif isinstance(event, events.Failed):
                    term.note(f"Error: {scrub_secrets(event.error.message)}")
                    if isinstance(event.error, ScopeRequired) and not services.demo:
                        term.note(step_up_hint(profile, event.error))
                    code = EXIT_FAIL
                elif isinstance(event, events.Done) and event.stopped and gave_up:
                    term.note(f"Error: {ConsentNotGiven(gave_up[0]).message}")
                    code = EXIT_FAIL
                elif isinstance(event, events.Done) and event.stopped:
                    term.note("Stopped.")
                    code = EXIT_INTERRUPTED
        finally:
            busy.clear()
            progress.clear()
            if enter is not None:
                enter.cancel()
            await chat.aclose()
            close_recording(chat)
        if code == EXIT_OK and approver.declined_unasked:
            code = EXIT_FAIL  # a script must notice that what it asked for was not done
        return code

    return await _signed_in(sign_in, action)


def stdin_is_a_terminal() -> bool:
    """Whether someone can answer a prompt (``ask`` declines what needs approval otherwise)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or detached stdin
        return False


async def _signed_in(sign_in: SignIn, action: Callable[[AuthSession], Awaitable[int]]) -> int:
    session = await sign_in()
    if session is None:
        return EXIT_FAIL
    try:
        return await action(session)
    except AppError as exc:
        # A server's words in it (a tool's error) may quote our token: printed scrubbed.
        exc.message = scrub_secrets(exc.message)
        raise
    finally:
        await session.aclose()


def _language(profile: Profile) -> str:
    """The language setting, else the terminal's locale (LC_ALL, LC_MESSAGES, LANG)."""
    if profile.language:
        return profile.language
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return value.split(".")[0]
    return "en"


def _first_line(text: str, limit: int = 200) -> str:
    line = (text.strip().splitlines() or [""])[0]
    return line[:limit] + ("…" if len(line) > limit else "")


def usage_line(usage: events.Usage) -> str:
    """``[tokens: 1,234 in, 56 out]``: what the answer cost, as the provider counted it."""
    return f"[tokens: {usage.input_tokens:,} in, {usage.output_tokens:,} out]"


class BusyLine:
    """ "The model is busy — trying again in N s" on stderr while a busy model is retried.

    On a terminal it is one line, rewritten in place with ``\r`` as the seconds count
    down and wiped when the answer goes on; elsewhere (a log, a pipe) one line per
    attempt, nothing rewritten. Only the real :class:`Terminal`'s stderr is ever rewritten.
    """

    def __init__(self, term: Console, *, tick: float = 1.0) -> None:
        self._term = term
        err = term.err if isinstance(term, Terminal) else None
        self._tty: TextIO | None = err if err is not None and _isatty(err) else None
        self._tick = tick
        self._shown = 0  # characters on the line now
        self._counting: asyncio.Task[None] | None = None

    def show(self, seconds: float) -> None:
        """The provider said busy: the retry comes in ``seconds``."""
        if self._tty is None:
            self._term.note(busy_text(seconds))
            return
        if self._counting is not None:
            self._counting.cancel()
        self._counting = asyncio.ensure_future(self._count_down(time.monotonic() + seconds))

    def clear(self) -> None:
        """The answer goes on (or ended): the line goes."""
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None
        self._write("")

    async def _count_down(self, until: float) -> None:
        while True:
            left = until - time.monotonic()
            self._write(busy_text(left))
            if left <= 0:
                return
            await asyncio.sleep(min(self._tick, left - math.floor(left) or self._tick))

    def _write(self, text: str) -> None:
        if self._tty is None or (not text and not self._shown):
            return
        pad = " " * max(0, self._shown - len(text))
        self._tty.write("\r" + text + pad + ("\r" if not text else ""))
        self._tty.flush()
        self._shown = len(text)


def busy_text(seconds: float) -> str:
    """The busy notice, with whole seconds left (rounded up)."""
    left = math.ceil(seconds - 0.05)
    if left <= 0:
        return "The model is busy — trying again now…"
    return f"The model is busy — trying again in {left} s"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False
