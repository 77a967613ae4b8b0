"""``agentcore-chat ask`` asks before a tool acts: through a real pty, and with no tty at all.

Each command is a new process signed in from the real (test) keyring, against the
real demo gateway, whose ticket book the test then inspects.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

import pytest

from gui.config.writing import read_always_allowed
from gui.demo.stack import DemoStack
from tests.support.cli import cli_command
from tests.support.consent import visit_consent_page
from tests.support.pty import PtyProcess

pytestmark = pytest.mark.keyring

DELETE = "tickets___deleteTicket"
PROMPT = 'Allow tickets · deleteTicket {"ticket_id": "T-1"}? [y]es/[n]o/[a]lways'


def command(stack: DemoStack, config: Path, *args: str) -> list[str]:
    return cli_command(stack, "--config", str(config), *args)


async def without_tty(stack: DemoStack, config: Path, *args: str) -> subprocess.CompletedProcess:
    """The command with stdin from /dev/null (a script, a pipe, CI)."""
    return await asyncio.to_thread(
        subprocess.run,
        command(stack, config, *args),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )


def in_pty(stack: DemoStack, config: Path, answers: list[str], *args: str) -> tuple[int, str]:
    """Run ``ask`` in a pty, answering each approval prompt in turn."""
    process = PtyProcess(command(stack, config, "ask", *args))
    try:
        for number, answer in enumerate(answers, start=1):
            process.read_until("[y]es/[n]o/[a]lways", times=number)
            process.type(answer)
        return process.finish(), process.output
    finally:
        if process.proc.poll() is None:
            process.proc.kill()


# --- no terminal ---------------------------------------------------------------------------


async def test_without_a_tty_the_delete_is_declined_and_the_answer_says_how(
    signed_in: DemoStack, tmp_path: Path
):
    result = await without_tty(signed_in, tmp_path / "c.toml", "ask", "delete ticket T-1")
    assert result.returncode == 1, result.stderr
    assert "T-1" in signed_in.gateway.tickets.ids()
    assert signed_in.gateway.call_count(DELETE) == 0
    for told in (result.stdout, result.stderr):  # the answer and the person both know how
        assert f"--allow {DELETE}" in told and "--yes" in told
    assert "[calling tickets · deleteTicket" not in result.stdout


async def test_without_a_tty_read_only_tools_still_run(signed_in: DemoStack, tmp_path: Path):
    result = await without_tty(signed_in, tmp_path / "c.toml", "ask", "list tickets")
    assert result.returncode == 0, result.stderr
    assert "[tickets · listTickets done]" in result.stdout and "T-1" in result.stdout


@pytest.mark.parametrize(
    "flags", [["--yes"], ["--allow", DELETE], ["--allow", "people___getProfile", "--allow", DELETE]]
)
async def test_yes_and_allow_run_it_unasked(signed_in: DemoStack, tmp_path: Path, flags):
    result = await without_tty(signed_in, tmp_path / "c.toml", "ask", *flags, "delete ticket T-1")
    assert result.returncode == 0, result.stderr
    assert "[tickets · deleteTicket done]" in result.stdout
    assert "T-1" not in signed_in.gateway.tickets.ids()
    assert not (tmp_path / "c.toml").exists()  # a flag is for this command only


async def test_allow_of_another_tool_does_not_allow_this_one(signed_in: DemoStack, tmp_path: Path):
    result = await without_tty(
        signed_in, tmp_path / "c.toml", "ask", "--allow", "people___getProfile", "delete ticket T-1"
    )
    assert result.returncode == 1
    assert "T-1" in signed_in.gateway.tickets.ids()


async def test_call_is_an_explicit_choice_and_runs_without_a_prompt(
    signed_in: DemoStack, tmp_path: Path
):
    result = await without_tty(
        signed_in, tmp_path / "c.toml", "call", DELETE, "--args", '{"ticket_id": "T-3"}'
    )
    assert result.returncode == 0, result.stderr
    assert "T-3" not in signed_in.gateway.tickets.ids()


async def test_tools_says_each_tools_risk(signed_in: DemoStack, tmp_path: Path):
    result = await without_tty(signed_in, tmp_path / "c.toml", "tools")
    assert result.returncode == 0, result.stderr
    lines = {line.split()[3]: line for line in result.stdout.splitlines()}  # "a · b  a___b"
    assert "  destructive  " in lines[DELETE]
    assert "  read-only  " in lines["tickets___listTickets"]


# --- a terminal ------------------------------------------------------------------------------


async def test_pty_yes_runs_it(signed_in: DemoStack, tmp_path: Path):
    code, output = await asyncio.to_thread(
        in_pty, signed_in, tmp_path / "c.toml", ["y"], "delete ticket T-1"
    )
    assert code == 0, output
    assert PROMPT in output and "destructive" in output
    assert output.index(PROMPT) < output.index("[tickets · deleteTicket done]")
    assert "T-1" not in signed_in.gateway.tickets.ids()
    assert not (tmp_path / "c.toml").exists()  # once is not remembered


async def test_pty_no_declines_and_the_answer_says_so(signed_in: DemoStack, tmp_path: Path):
    code, output = await asyncio.to_thread(
        in_pty, signed_in, tmp_path / "c.toml", ["what?", "n"], "delete ticket T-1"
    )
    assert code == 0, output
    assert "Please answer y (yes, once), n (no) or a (always allow)." in output
    assert "the person declined" in output
    assert "T-1" in signed_in.gateway.tickets.ids()
    assert signed_in.gateway.call_count(DELETE) == 0


async def test_pty_always_is_saved_for_this_gateway_and_not_asked_again(
    signed_in: DemoStack, tmp_path: Path
):
    config = tmp_path / "c.toml"
    code, output = await asyncio.to_thread(in_pty, signed_in, config, ["a"], "delete ticket T-1")
    assert code == 0, output
    assert read_always_allowed(signed_in.profile.gateway_url, config) == [DELETE]
    # Next time, even without a terminal, it runs unasked.
    result = await without_tty(signed_in, config, "ask", "delete ticket T-2")
    assert result.returncode == 0, result.stderr
    assert signed_in.gateway.tickets.ids() == ["T-3", "T-4"]


# --- approval, then the tool asks more of the person (one reader of stdin) ------------------

CONSENT_LINK = re.compile(r"Open this link to connect: (\S+)")


async def test_pty_approval_then_consent_then_enter_runs_the_call(
    signed_in: DemoStack, tmp_path: Path
):
    # "Ask before every tool": the read-only calendar asks first, then needs a consent.
    config = tmp_path / "c.toml"
    config.write_text('approval_mode = "every"\n', encoding="utf-8")
    process = PtyProcess(command(signed_in, config, "ask", "What events are in my calendar?"))
    try:
        process.read_until("Allow calendar · listEvents {}? [y]es/[n]o/[a]lways")
        process.type("y")
        output = process.read_until("Press Enter once you have connected")
        [link] = CONSENT_LINK.findall(output)
        page = await asyncio.to_thread(visit_consent_page, link.strip(), "allow")
        assert "is connected" in page
        process.type("")  # Enter (the server's notice may have resumed the call already)
        code = await asyncio.to_thread(process.finish)
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
    output = process.output
    assert code == 0, output
    assert output.index("[y]es/[n]o/[a]lways") < output.index("[calling calendar · listEvents")
    assert output.index("[calling calendar") < output.index("Open this link to connect")
    assert "[calendar · listEvents done]" in output and "Sales weekly" in output
    assert signed_in.gateway.call_count("calendar___listEvents") == 2


async def test_pty_approval_then_the_form_creates_a_ticket_the_list_shows(
    signed_in: DemoStack, tmp_path: Path
):
    config = tmp_path / "c.toml"
    process = PtyProcess(command(signed_in, config, "ask", 'Create a ticket "Printer on fire"'))
    try:
        process.read_until("[y]es/[n]o/[a]lways")  # it may change data: asked by default
        process.type("y")
        # Each answer goes to the prompt on screen: the form reads the same stdin after.
        for prompt, answer in [
            ("Fill in the form? [Y]es/[n]o: ", "y"),
            ("Priority", "high"),
            ("Assignee", "grace"),
            ("Due in (days)", ""),
            ("Notify the team", ""),
        ]:
            process.read_until(prompt)
            process.type(answer)
        code = await asyncio.to_thread(process.finish)
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
    assert code == 0, process.output
    assert "may change data" in process.output
    [created] = signed_in.gateway.tickets.created
    assert (created["title"], created["priority"], created["assignee"]) == (
        "Printer on fire",
        "high",
        "grace",
    )
    listed = await without_tty(signed_in, config, "ask", "list tickets")
    assert listed.returncode == 0, listed.stderr
    assert created["id"] in listed.stdout and "Printer on fire" in listed.stdout
