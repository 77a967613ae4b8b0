"""The terminal's side of tools that ask the person: consent links and server forms.

- A consent link (-32042): print the server's message and the link, wait for Enter (or
  the server's ``notifications/elicitation/complete``), then try again. At end of input
  give up with :class:`ConsentNotGiven`, whose message carries the link.
- A form (``elicitation/create``): ask field by field on stderr, showing defaults and
  enum choices, asking a required or malformed field again; end of input cancels.

stdin is read through one shared :class:`~gui.cli.lines.Lines` (a daemon thread,
so the loop stays free for the MCP session while a person thinks; ``ask``'s approval
prompt reads from the same one, so no two readers race for a line). Everything a
server said is printed through ``gui.untrusted`` (no escape sequences reach the terminal).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gui.cli.lines import Lines
from gui.cli.terminal import Console
from gui.errors import ChatError, ConsentRequired
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
from gui.untrusted import for_terminal, one_line

if TYPE_CHECKING:
    from gui.gateway.client import GatewayClient
    from gui.gateway.consent import ConsentWaits
    from gui.gateway.tools import ToolResult

ENTER_PROMPT = "Press Enter once you have connected (Ctrl+D gives up)."


class ConsentNotGiven(ChatError):
    """Input ended before the person connected; the message carries the link."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"Not connected. Open this link to connect, then run the command again: {url}"
        )
        self.url = url


def show_consent(term: Console, message: str, url: str) -> None:
    """The server's message and the link, each on its own line, and what to do."""
    term.note(one_line(message))
    term.note(f"Open this link to connect: {for_terminal(one_line(url, 2000))}")
    term.note(ENTER_PROMPT)


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
) -> ToolResult:
    """``call``: the tool's result, asking for consent (and trying again) as often as needed."""
    tried = False
    while True:
        try:
            return await gateway.call_tool_or_raise(tool, arguments, timeout=within)
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


class TerminalForms:
    """Answers a server's form on the terminal (a :class:`~gui.gateway.forms.FormHandler`)."""

    def __init__(self, term: Console, lines: Lines) -> None:
        self._term = term
        self._lines = lines

    async def __call__(self, request: FormRequest) -> FormAnswer:
        """Ask whether to fill it in, then each field; end of input cancels."""
        self._term.note(f"The server asks: {request.message}")
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
                value = parse_value(item, text)
            except ValueError as exc:
                self._term.note(f"  {exc}")
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


def _prompt(item: FormField) -> str:
    parts = [for_terminal(item.title)]
    if item.description:
        parts.append(f"({for_terminal(item.description)})")
    if item.kind == "enum":
        parts.append("[" + "/".join(for_terminal(v) for v, _ in item.choices) + "]")
    elif item.kind == "boolean":
        parts.append("[yes/no]")
    if item.default is not None:
        default = item.default
        shown = ("yes" if default else "no") if isinstance(default, bool) else str(default)
        parts.append(f"default {for_terminal(shown)}")
    elif item.required:
        parts.append("required")
    return "  " + " ".join(parts) + ": "
