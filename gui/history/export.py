"""A saved conversation as Markdown: questions, tool calls (arguments and results), answers.

Questions, arguments and results go inside code fences longer than any run of
backticks they contain, so nothing a person typed or a server sent can close the
fence and turn into Markdown (or HTML) of its own. Answers are Markdown already. The
document passes :func:`gui.untrusted.scrub_secrets` whole: no token of ours goes out.

:func:`write_private` writes an export user-only (0600), like the history file it
comes from: a conversation can hold anything a tool returned.

Imports: the standard library, :mod:`gui.history.store`, :mod:`gui.untrusted`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path

from gui.history.store import ASSISTANT, NOTICE, TOOL, USER, Conversation, SavedItem
from gui.untrusted import one_line, scrub_secrets

_BACKTICKS = re.compile(r"`+")


def fence(text: str, language: str = "") -> str:
    """``text`` in a code fence no line of it can end."""
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{text.rstrip()}\n{ticks}"


def when(timestamp: float) -> str:
    """A timestamp as local date and time to the minute."""
    return datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M")


def to_markdown(conversation: Conversation) -> str:
    """The whole conversation as one Markdown document."""
    info = conversation.info
    lines = [
        f"# {one_line(info.title, 200)}",
        "",
        f"*{when(info.created)} · {one_line(info.model, 200)}*",
        "",
    ]
    for item in conversation.items:
        lines.extend(_item(item))
        lines.append("")
    # Saved scrubbed already; again with today's tokens, which a file may outlive.
    return scrub_secrets("\n".join(lines).rstrip() + "\n")


def _item(item: SavedItem) -> list[str]:
    if item.kind == USER:
        return [f"## Question · {when(item.created)}", "", fence(item.text)]
    if item.kind == ASSISTANT:
        return ["### Answer", "", item.text.strip()]
    if item.kind == TOOL:
        outcome = "failed" if item.is_error else "result"
        arguments = json.dumps(item.arguments, indent=2, ensure_ascii=False)
        name = one_line(item.title or item.tool, 200)
        return [
            f"### Tool call: {name} (`{one_line(item.tool, 200)}`)",
            "",
            "Arguments:",
            "",
            fence(arguments, "json"),
            "",
            f"{outcome.capitalize()}:",
            "",
            fence(item.text),
        ]
    if item.kind == NOTICE:
        return [f"> {one_line(item.text, 500)}"]
    return []


def write_private(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, readable and writable by the user only.

    A file that was there already is made user-only too before anything is written
    into it. Raises OSError as ``Path.write_text`` would.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        if sys.platform != "win32":
            os.fchmod(file.fileno(), 0o600)  # an existing file keeps its mode otherwise
        file.write(text)
