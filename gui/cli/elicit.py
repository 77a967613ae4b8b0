"""The terminal's side of tools that ask the person: consent links, link requests, forms.

- A consent link (-32042): print the server's message and the link, wait for Enter (or
  the server's ``notifications/elicitation/complete``), then try again. At end of input
  give up with :class:`ConsentNotGiven`, whose message carries the link.
- A link request (``elicitation/create``, URL mode, mid-call): print the server's message,
  the link and the host it leads to, and wait: Enter accepts (the person connected),
  ``n`` declines, end of input cancels; the server's completion notice answers it too
  (no line is taken then).
- A form (``elicitation/create``): say which tool on which server asks, then ask field by
  field on stderr: its title, what it takes (choices by title, numbered; a whole number
  from 1 to 20; a date as YYYY-MM-DD...), its default; a field that looks like a password
  or key is warned about; a required or malformed field is asked again with the reason;
  end of input cancels.

stdin is read through one shared :class:`~gui.cli.lines.Lines` (a daemon thread,
so the loop stays free for the MCP session while a person thinks; ``ask``'s approval
prompt reads from the same one, so no two readers race for a line). Everything a
server said is printed through ``gui.untrusted`` (no escape sequences reach the terminal).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gui.cli.lines import Lines
from gui.cli.results import ProgressLine
from gui.cli.terminal import Console
from gui.errors import ChatError, ConsentRequired, ToolFailed
from gui.gateway.calls import ConsentAsked, ConsentSettled, Progress, TaskUpdate
from gui.gateway.forms import (
    ACCEPT,
    CANCEL,
    DECLINE,
    FormAnswer,
    FormField,
    FormRequest,
    Value,
    check,
    parse_value,
)
from gui.untrusted import for_terminal, link_host, one_line, refusal_text

if TYPE_CHECKING:
    from gui.gateway.client import GatewayClient
    from gui.gateway.consent import ConsentWaits
    from gui.gateway.tools import ToolResult

ENTER_PROMPT = "Press Enter once you have connected (Ctrl+D gives up)."
LINK_PROMPT = "Press Enter once you have connected, n to decline (Ctrl+D cancels)."
_NO = ("n", "no")


class ConsentNotGiven(ChatError):
    """Input ended before the person connected; the message carries the link."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"Not connected. Open this link to connect, then run the command again: {url}"
        )
        self.url = url


def show_consent(term: Console, message: str, url: str) -> None:
    """The server's message, the link, where it really goes, and what to do.

    The host is printed as the browser resolves it (the same line the window's card
    shows); a link the window would not open gets a warning with the reason.
    """
    term.note(one_line(message))
    term.note(f"Open this link to connect: {for_terminal(one_line(url, 2000))}")
    host = link_host(url)
    if host:
        term.note(f"Link to: {host}")
    reason = refusal_text(url)
    if reason:
        warning = f"Warning: this link {reason}, so the app would not open it."
        term.note(f"{warning} Open it only if you trust it.")
    term.note(ENTER_PROMPT)


def show_link_request(term: Console, message: str, url: str) -> None:
    """A server's link request: its message, the link and where it leads, what to do."""
    term.note(one_line(message))
    host = link_host(url) or "(no host)"
    term.note(f"Open this link (it leads to {host}): {for_terminal(one_line(url, 2000))}")
    term.note(LINK_PROMPT)


async def answer_link_request(lines: Lines, answer: Callable[[str], object]) -> None:
    """The person's answer to a link request, from the next line: ``answer(action)``.

    Enter (or anything but ``n``) accepts, ``n`` declines, end of input cancels. Cancel
    this task when the server settled it first: the line stays for the next prompt.
    """
    line = await lines.read()
    if line is None:
        answer("cancel")
    elif line.strip().lower() in _NO:
        answer("decline")
    else:
        answer("accept")


async def wait_for_consent(consents: ConsentWaits, key: str, lines: Lines) -> bool:
    """Wait for Enter or the server's completion notice; False at end of input."""
    server = consents.wait(key)
    typed = asyncio.ensure_future(lines.read())
    try:
        await asyncio.wait({server, typed}, return_when=asyncio.FIRST_COMPLETED)
        if server.done():
            return True
        return typed.result() is not None
    finally:
        server.cancel()
        typed.cancel()


async def enter_for_consent(
    lines: Lines,
    given: asyncio.Future[str],
    on_enter: Callable[[], object],
    on_end: Callable[[], object],
) -> None:
    """``ask``: the person pressed Enter (``on_enter``) or input ended (``on_end``).

    ``given`` resolves when the consent is given some other way (the server's notice):
    then no line is taken, and the next prompt (an approval, a form) gets the next one.
    """
    typed = asyncio.ensure_future(lines.read())
    try:
        await asyncio.wait({given, typed}, return_when=asyncio.FIRST_COMPLETED)
        if not typed.done():
            return
        if typed.result() is None:
            on_end()
        else:
            on_enter()
    finally:
        typed.cancel()  # a read in flight stays with ``lines`` (see gui.cli.lines)
        given.cancel()


async def call_with_consent(
    gateway: GatewayClient,
    tool: str,
    arguments: dict[str, Any],
    *,
    within: float,
    term: Console,
    lines: Lines,
    progress: ProgressLine | None = None,
) -> ToolResult:
    """``call``: the tool's result, asking for consent (and trying again) as often as needed.

    Meanwhile ``progress`` shows how the call goes, and a link request is answered on the
    terminal. A tool's own error raises ToolFailed.
    """
    from gui.gateway.tools import tool_error_detail

    title = (await gateway.resolve(tool)).title
    tried = False
    while True:
        try:
            with _CallShown(title, gateway.consents, term, lines, progress) as shown:
                result = await gateway.call_tool(
                    tool, arguments, timeout=within, on_event=shown.see
                )
        except ConsentRequired as needed:
            if tried:
                term.note("Still not connected.")
            tried = True
            show_consent(term, needed.prompt, needed.url)
            if not await wait_for_consent(
                gateway.consents, needed.elicitation_id or needed.url, lines
            ):
                raise ConsentNotGiven(needed.url) from None
            term.note("Trying again…")
            continue
        if result.is_error:
            raise ToolFailed(f"{result.title} failed: {tool_error_detail(result)}")
        return result


@dataclass
class _CallShown:
    """One call as the terminal shows it: its progress line, and link requests asked there.

    A context: leaving it clears the line and stops asking, before anything else is said.
    """

    title: str
    consents: ConsentWaits
    term: Console
    lines: Lines
    progress: ProgressLine | None
    prompts: dict[str, asyncio.Task[None]] = field(default_factory=dict)  # by elicitation id

    def see(self, event: object) -> None:
        """The call's ``on_event``: progress, task status, a link request and its end."""
        progress = self.progress
        if isinstance(event, Progress) and progress is not None:
            progress.show(self.title, fraction=event.fraction, message=event.message)
        elif isinstance(event, TaskUpdate) and progress is not None:
            progress.show(self.title, status=event.status, message=event.message)
        elif isinstance(event, ConsentAsked):
            if progress is not None:
                progress.clear()
            show_link_request(self.term, event.message, event.url)
            answer = functools.partial(self.consents.answer, event.elicitation_id)
            self.prompts[event.elicitation_id] = asyncio.ensure_future(
                answer_link_request(self.lines, answer)
            )
        elif isinstance(event, ConsentSettled):
            prompt = self.prompts.pop(event.elicitation_id, None)
            if prompt is not None:
                prompt.cancel()  # settled (by the server, or the call ended): no line taken

    def __enter__(self) -> _CallShown:
        return self

    def __exit__(self, *_exc: object) -> None:
        """The call is over: clear the progress line, stop asking."""
        if self.progress is not None:
            self.progress.clear()
        for prompt in self.prompts.values():
            prompt.cancel()


class TerminalForms:
    """Answers a server's form on the terminal (a :class:`~gui.gateway.forms.FormHandler`)."""

    def __init__(self, term: Console, lines: Lines) -> None:
        self._term = term
        self._lines = lines

    async def __call__(self, request: FormRequest) -> FormAnswer:
        """Ask whether to fill it in, then each field; end of input cancels."""
        who = " on ".join(one_line(x, 200) for x in (request.tool, request.server) if x)
        self._term.note(f"{who or 'The server'} asks: {request.message}")
        secrets = [item.title for item in request.fields if item.secret]
        if secrets:
            self._term.note(
                f"Careful: {', '.join(secrets)} looks like a password or key; "
                f"enter it only if you trust {request.server or 'this server'}."
            )
        choice = await self._ask("Fill in the form? [Y]es/[n]o: ")
        if choice is None:
            return FormAnswer(CANCEL)
        if choice.strip().lower() in ("n", "no"):
            return FormAnswer(DECLINE)
        content: dict[str, Value] = {}
        for item in request.fields:
            value = await self._field(item)
            if value is _ENDED:
                return FormAnswer(CANCEL)
            if value is not None:
                content[item.name] = value  # type: ignore[assignment]
        return FormAnswer(ACCEPT, content)  # each field was checked as it was typed

    async def _field(self, item: FormField) -> object:
        if item.kind in ("enum", "multi"):
            for number, (_, label) in enumerate(item.choices, start=1):
                self._term.note(f"    {number}. {for_terminal(label)}")
        while True:
            text = await self._ask(_prompt(item))
            if text is None:
                return _ENDED
            if not text.strip():
                if item.default is not None:
                    return item.default
                if not item.required:
                    return None
                self._term.note("  Required.")
                continue
            try:
                value = parse_value(item, _numbered_choices(item, text))
            except ValueError as exc:
                choose = "Choose one of" if item.kind == "enum" else "Choose from"
                said = f"{choose} the numbers or titles above." if item.choices else str(exc)
                self._term.note(f"  {said}")
                continue
            problem = check((item,), {item.name: value}).get(item.name)
            if problem:
                self._term.note(f"  {problem}")
                continue
            return value

    async def _ask(self, prompt: str) -> str | None:
        self._term.ask(prompt)
        line = await self._lines.read()
        if line is None:
            self._term.note("")
        return line


_ENDED = object()
_FORMATS = {
    "email": "an email address",
    "uri": "a full address, like https://example.com",
    "date": "a date as YYYY-MM-DD",
    "date-time": "a date and time, like 2026-01-31T09:30:00Z",
}


def _numbered_choices(item: FormField, text: str) -> str:
    """A choice typed as its number (``2``, or ``1, 3`` for a multi-select) as its value."""
    if item.kind not in ("enum", "multi"):
        return text
    picked = []
    for word in text.split(",") if item.kind == "multi" else [text]:
        word = word.strip()
        if word.isdigit() and 1 <= int(word) <= len(item.choices):
            word = item.choices[int(word) - 1][0]
        picked.append(word)
    return ", ".join(picked)


def _takes(item: FormField) -> str:
    """What the field takes, in words ("" when it is plain text)."""
    if item.kind == "enum":
        return "choose one: its number or title"
    if item.kind == "multi":
        most = f" (up to {item.max_items})" if item.max_items is not None else ""
        return f"choose{most}: numbers or titles, separated by commas"
    if item.kind == "boolean":
        return "yes/no"
    if item.kind in ("integer", "number"):
        kind = "a whole number" if item.kind == "integer" else "a number"
        low, high = item.minimum, item.maximum
        if low is not None and high is not None:
            return f"{kind} from {low:g} to {high:g}"
        if low is not None:
            return f"{kind}, at least {low:g}"
        if high is not None:
            return f"{kind}, at most {high:g}"
        return kind
    words = _FORMATS.get(item.format, "")
    if item.max_length is not None:
        words = (
            f"{words}, at most {item.max_length} characters"
            if words
            else (f"at most {item.max_length} characters")
        )
    return words


def _prompt(item: FormField) -> str:
    parts = [for_terminal(item.title)]
    if item.description:
        parts.append(f"({for_terminal(item.description)})")
    takes = _takes(item)
    if takes:
        parts.append(f"[{takes}]")
    if item.default is not None:
        default = item.default
        if isinstance(default, bool):
            shown = "yes" if default else "no"
        elif isinstance(default, tuple):  # a multi-select's: its titles
            shown = ", ".join(item.label_of(value) for value in default)
        else:
            shown = item.label_of(str(default)) if item.kind == "enum" else str(default)
        parts.append(f"default {for_terminal(shown)}")
    elif item.required:
        parts.append("required")
    return "  " + " ".join(parts) + ": "
