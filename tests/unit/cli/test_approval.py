"""gui/cli/approval.py: the terminal's prompt line, answers, end of input, no terminal."""

from __future__ import annotations

import asyncio
import io

import pytest

from gui.agent.approval import ApprovalRequest, Decision, risk_of
from gui.cli.approval import TerminalApprover, parse_answer, prompt_line
from gui.cli.lines import Lines
from gui.gateway.tools import tool_infos

[DELETE] = tool_infos([("tickets___deleteTicket", "Delete one.", None, {"destructiveHint": True})])


class Recorder:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def note(self, text: str) -> None:
        self.lines.append(text + "\n")

    def ask(self, text: str) -> None:
        self.lines.append(text)


class Unreadable:
    async def read(self) -> str | None:
        pytest.fail("read")


def request(arguments: dict | None = None) -> ApprovalRequest:
    future = asyncio.get_running_loop().create_future()
    args = {"ticket_id": "T-1"} if arguments is None else arguments
    return ApprovalRequest("c1", DELETE, args, risk_of(DELETE), future)


async def test_the_prompt_line_is_the_one_the_issue_asks_for():
    assert prompt_line(request()) == (
        'Allow tickets · deleteTicket {"ticket_id": "T-1"}? [y]es/[n]o/[a]lways '
    )


async def test_model_text_cannot_move_the_terminal_cursor():
    line = prompt_line(request({"note": "\x1b[2J\x1b[Hgotcha\nnext"}))
    assert "\x1b" not in line and "\n" not in line


@pytest.mark.parametrize(
    ("typed", "decision"),
    [
        ("y", Decision.ALLOW_ONCE),
        ("YES\n", Decision.ALLOW_ONCE),
        (" n ", Decision.DENY),
        ("no", Decision.DENY),
        ("a", Decision.ALWAYS),
        ("Always", Decision.ALWAYS),
        ("", None),
        ("maybe", None),
    ],
)
def test_answers(typed, decision):
    assert parse_answer(typed) is decision


async def test_it_asks_again_until_it_understands_and_end_of_input_is_no():
    term = Recorder()
    approver = TerminalApprover(term, interactive=True, lines=Lines(io.StringIO("what\na\n")))
    asked = request()
    await approver.answer(asked)
    assert asked.decision is Decision.ALWAYS
    assert sum("[y]es/[n]o/[a]lways" in line for line in term.lines) == 2
    assert any("destructive" in line for line in term.lines)

    ended = request()
    await TerminalApprover(Recorder(), interactive=True, lines=Lines(io.StringIO())).answer(ended)
    assert ended.decision is Decision.DENY


async def test_without_a_terminal_it_declines_and_says_how_to_allow():
    term = Recorder()
    approver = TerminalApprover(term, interactive=False, lines=Unreadable())
    asked = request()
    await approver.answer(asked)
    decision, note = asked.future.result()
    assert decision is Decision.DENY and approver.declined_unasked == 1
    for text in (note, "".join(term.lines)):
        assert "--allow tickets___deleteTicket" in text and "--yes" in text
