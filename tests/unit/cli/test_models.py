"""gui/cli/models.py and the terminal's model lines in gui/cli/chat.py: parsing and wording."""

from __future__ import annotations

import io

import pytest

from gui.agent.events import Usage
from gui.cli.chat import BusyLine, busy_text, usage_line
from gui.cli.models import needs_sign_in
from gui.cli.parser import build_parser
from gui.cli.terminal import Terminal
from gui.config import Profile

ROLE = "arn:aws:iam::123456789012:role/agentcore-chat-bedrock"


def test_models_is_a_command_with_an_optional_provider() -> None:
    args = build_parser().parse_args(["models"])
    assert args.command == "models" and args.provider is None
    assert build_parser().parse_args(["models", "--provider", "openai"]).provider == "openai"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["models", "--provider", "nope"])


def test_only_bedrock_through_the_sign_in_needs_it() -> None:
    assert needs_sign_in(Profile(aws_role_arn=ROLE))
    assert not needs_sign_in(Profile())
    assert not needs_sign_in(Profile(aws_role_arn=ROLE), "openai")
    assert not needs_sign_in(Profile(model="offline", aws_role_arn=ROLE))


def test_the_lines_read_as_the_issue_asks() -> None:
    assert usage_line(Usage(1234, 56)) == "[tokens: 1,234 in, 56 out]"
    assert busy_text(2.0) == "The model is busy — trying again in 2 s"
    assert busy_text(1.2) == "The model is busy — trying again in 2 s"  # whole seconds, up
    assert busy_text(0.01) == "The model is busy — trying again now…"


def test_off_a_terminal_each_attempt_is_one_line_and_nothing_is_rewritten() -> None:
    err = io.StringIO()
    line = BusyLine(Terminal(out=io.StringIO(), err=err))
    line.show(3)
    line.clear()
    line.show(6)
    line.clear()
    assert err.getvalue() == (
        "The model is busy — trying again in 3 s\nThe model is busy — trying again in 6 s\n"
    )
