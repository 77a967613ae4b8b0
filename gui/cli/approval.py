"""The terminal's side of tool approval: a prompt on a tty, a clear refusal without one.

``agentcore-chat ask`` hands each :class:`~gui.agent.approval.ApprovalRequest` to
:meth:`TerminalApprover.answer`::

    tickets · deleteTicket — destructive: it may delete data for good.
    Allow tickets · deleteTicket {"ticket_id": "T-1"}? [y]es/[n]o/[a]lways

Without a terminal on stdin (a script, a pipe, CI) nobody can answer, so the
call is declined and both the person (on stderr) and the model (in the tool
result) are told how to allow it: ``--yes`` or ``--allow TOOL``. End of input
while prompting is a no. Everything printed that came from the server or the
model goes through :func:`gui.untrusted.one_line`. No Qt.
"""

from __future__ import annotations

import json

from gui.agent.approval import (
    ApprovalRequest,
    Decision,
    Risk,
    no_terminal_message,
)
from gui.cli.lines import Lines, LineSource
from gui.cli.terminal import Console
from gui.untrusted import one_line

ANSWERS = {
    "y": Decision.ALLOW_ONCE,
    "yes": Decision.ALLOW_ONCE,
    "n": Decision.DENY,
    "no": Decision.DENY,
    "a": Decision.ALWAYS,
    "always": Decision.ALWAYS,
}
MAX_ARGUMENTS = 400  # characters of the arguments shown on the prompt line
_RISK_NOTES = {
    Risk.DESTRUCTIVE: "destructive: it may delete or overwrite data for good.",
    Risk.MAY_CHANGE: "it may change data.",
    Risk.READ_ONLY: "it only reads data.",
}


def prompt_line(request: ApprovalRequest) -> str:
    """``Allow tickets · deleteTicket {"ticket_id": "T-1"}? [y]es/[n]o/[a]lways``."""
    given = json.dumps(request.arguments, ensure_ascii=False, default=str)
    return (
        f"Allow {one_line(request.tool.title)} {one_line(given, MAX_ARGUMENTS)}? "
        "[y]es/[n]o/[a]lways "
    )


def parse_answer(line: str) -> Decision | None:
    """The decision a typed line means, or None when it means none of them."""
    return ANSWERS.get(line.strip().lower())


class TerminalApprover:
    """Answers approval requests from a terminal; ``interactive`` when stdin is a tty."""

    def __init__(
        self,
        term: Console,
        *,
        interactive: bool,
        lines: LineSource | None = None,
    ) -> None:
        self.term = term
        self.interactive = interactive
        # The command's one stdin reader, shared with the consent and form prompts.
        self._lines = lines if lines is not None else Lines()
        #: Calls declined because nobody could be asked (the command then exits 1).
        self.declined_unasked = 0

    async def answer(self, request: ApprovalRequest) -> None:
        """Ask (or refuse) and resolve ``request``; returns once it is decided."""
        tool = request.tool
        if not self.interactive:
            self.declined_unasked += 1
            self.term.note(
                f"Not run: {one_line(tool.title)} needs your approval and stdin is not a "
                f"terminal. Allow it with --allow {one_line(tool.name)}, or every tool with --yes."
            )
            request.decide(Decision.DENY, no_terminal_message(tool))
            return
        self.term.note(f"{one_line(tool.title)} — {_RISK_NOTES[request.risk]}")
        while request.pending:
            self.term.ask(prompt_line(request))
            # A thread reads the line, so the loop (and Ctrl+C) stays responsive meanwhile.
            line = await self._lines.read()
            if line is None:  # end of input: nobody said yes
                self.term.note("")
                request.decide(Decision.DENY)
                return
            decision = parse_answer(line)
            if decision is None:
                self.term.note("Please answer y (yes, once), n (no) or a (always allow).")
                continue
            request.decide(decision)
