"""The terminal against the embedded gateway's showcase: a progress line, a link request, a
rich form, every kind of result, titles, and the protocol version, in both protocol eras.

Each command is a new process signed in from the real (test) keyring; where prompts or
the progress line matter it runs in a pseudo-terminal, as in a shell.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess

import pytest

from gui.demo.stack import DemoStack
from gui.services import PROTOCOL_VARIABLE
from tests.support.cli import cli_command
from tests.support.consent import visit_consent_page
from tests.support.pty import PtyProcess

pytestmark = pytest.mark.keyring

ERAS = [pytest.param("auto", id="2026-07-28"), pytest.param("legacy", id="2025-11-25")]
VERSIONS = {"auto": "2026-07-28", "legacy": "2025-11-25"}
_LINK = re.compile(r"Open this link \(it leads to 127\.0\.0\.1\): (\S+)")


def env(protocol: str) -> dict[str, str]:
    return {**os.environ, PROTOCOL_VARIABLE: protocol}


@pytest.fixture
def quick(signed_in: DemoStack) -> DemoStack:
    """Alice signed in; the showcase's few seconds shortened."""
    assert signed_in.gateway is not None
    signed_in.gateway.showcase.progress_seconds = 1.5
    signed_in.gateway.showcase.task_seconds = 1.5
    return signed_in


async def piped(
    stack: DemoStack, *args: str, protocol: str = "auto"
) -> subprocess.CompletedProcess:
    """The command with no terminal at all (a script, a pipe)."""
    return await asyncio.to_thread(
        subprocess.run,
        cli_command(stack, *args),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env(protocol),
    )


async def finished(process: PtyProcess) -> int:
    try:
        return await asyncio.to_thread(process.finish)
    finally:
        if process.proc.poll() is None:
            process.proc.kill()


@pytest.mark.parametrize("protocol", ERAS)
async def test_one_progress_line_updates_in_place_on_a_terminal(quick: DemoStack, protocol):
    process = PtyProcess(cli_command(quick, "ask", "Build the quarterly report"), env(protocol))
    process.read_until("reports · Build the quarterly report: [")
    code = await finished(process)
    assert code == 0, process.output
    shown = process.output
    assert "\r\x1b[K" in shown  # rewritten in place, then erased
    assert re.search(r"\[=+ *\] +\d+ % — (Reading|Adding)", shown)  # cut at the width
    assert "[reports · Build the quarterly report done]" in shown
    assert "Sales report, Q3" in shown


async def test_no_progress_line_without_a_terminal(quick: DemoStack):
    done = await piped(quick, "ask", "Build the quarterly report")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "%" not in done.stderr


async def test_a_task_s_status_on_the_progress_line(quick: DemoStack):
    process = PtyProcess(cli_command(quick, "call", "exports___exportArchive"))
    process.read_until("Packing")
    code = await finished(process)
    assert code == 0, process.output
    assert "exports · Export the ticket archive: working — Packing" in process.output
    assert "The ticket archive is ready" in process.output


@pytest.mark.parametrize("protocol", ERAS)
async def test_every_kind_of_result_as_labels_never_bytes(quick: DemoStack, protocol):
    done = await piped(quick, "call", "brand___getBrandKit", protocol=protocol)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "[image 96×32 image/png]" in out
    assert re.search(r"\[audio audio/wav, \d+ bytes\]", out)
    assert (
        "[link Brand guidelines — How to use the logo and the colours.: "
        "https://brand.example.com/guidelines]"
    ) in out
    assert "[link Brand fonts — The licensed fonts (inside the company network only).: " in out
    assert "--- palette.css (text/css) ---\n:root { --primary: #2563eb;" in out
    assert "[file brand-kit.zip, 323 bytes — not shown]" in out
    assert "#2563EB" not in out  # the note for the assistant only
    assert "iVBOR" not in out and "UEsDB" not in out  # no base64 of the PNG or the ZIP


async def test_ask_names_the_parts_under_the_tool_line(quick: DemoStack):
    done = await piped(quick, "ask", "Get the brand kit")
    assert done.returncode == 0, done.stderr
    assert "[brand · Get the brand kit done]\n  [image 96×32 image/png]\n" in done.stdout


async def test_tools_show_titles_with_the_name_beside(quick: DemoStack):
    done = await piped(quick, "tools")
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"^brand · Get the brand kit +brand___getBrandKit +read-only", done.stdout, re.M
    )


@pytest.mark.parametrize("protocol", ERAS)
async def test_status_verbose_names_the_protocol(quick: DemoStack, protocol):
    done = await piped(quick, "status", "--verbose", protocol=protocol)
    assert done.returncode == 0, done.stderr
    assert f"MCP protocol: {VERSIONS[protocol]}" in done.stdout
    assert f"Gateway: {quick.profile.gateway_url}" in done.stdout
    plain = await piped(quick, "status")
    assert "MCP protocol" not in plain.stdout


@pytest.mark.parametrize("protocol", ERAS)
async def test_a_link_request_waits_and_enter_accepts(quick: DemoStack, protocol):
    process = PtyProcess(cli_command(quick, "ask", "List my Example Drive files"), env(protocol))
    try:
        shown = process.read_until("(Ctrl+D cancels)")
        assert "Connect your Example Drive account" in shown
        assert "Press Enter once you have connected, n to decline (Ctrl+D cancels)." in shown
        [link] = _LINK.findall(shown)
        await asyncio.to_thread(visit_consent_page, link)
        if protocol == "auto":  # 2026-07-28: no completion notice, the person says so
            process.type("")
    finally:
        code = await finished(process)
    assert code == 0, process.output
    assert "[drive · List my Example Drive files done]" in process.output
    assert "Q3-plan.docx" in process.output


@pytest.mark.parametrize(("typed", "word"), [("n", "declined"), (None, "cancelled")])
async def test_n_declines_and_end_of_input_cancels_a_link_request(quick: DemoStack, typed, word):
    process = PtyProcess(cli_command(quick, "ask", "List my Example Drive files"))
    try:
        process.read_until("(Ctrl+D cancels)")
        if typed is None:
            process.end_input()
        else:
            process.type(typed)
    finally:
        code = await finished(process)
    assert code == 0, process.output
    assert f"{word} connecting the drive" in process.output
    assert "Still not connected" not in process.output


@pytest.mark.parametrize("protocol", ERAS)
async def test_the_lunch_form_in_a_terminal(quick: DemoStack, protocol):
    question = 'Order lunch for "Sales weekly"'
    process = PtyProcess(cli_command(quick, "ask", question), env(protocol))
    try:
        process.read_until("[y]es/[n]o/[a]lways")  # ordering changes data: asked first
        process.type("y")
        for prompt, answer in [
            ("Fill in the form? [Y]es/[n]o: ", "y"),
            ("default Vegetable curry: ", "2, Pasta al pomodoro"),
            ("default Room 101 (4 seats): ", "5"),  # no such number: asked again
            ("Choose one of the numbers or titles above.", "2"),
            ("[a whole number from 1 to 20] default 4: ", "25"),
            ("At most 20.", "6"),
            ("[a date as YYYY-MM-DD] required: ", "2026-13-01"),
            ("Enter a date as YYYY-MM-DD.", "2026-03-02"),
            ("Contact email [an email address]: ", ""),
            ("default No restrictions: ", ""),
            ("Notes [at most 200 characters]: ", ""),
        ]:
            process.read_until(prompt)
            process.type(answer)
    finally:
        code = await finished(process)
    assert code == 0, process.output
    shown = process.output
    assert re.search(
        r"orders · Order lunch for a meeting on 127\.0\.0\.1:\d+ asks: What should", shown
    )
    assert "    1. Vegetable curry\n    2. Grilled salmon\n    3. Pasta al pomodoro\n" in shown
    assert quick.gateway is not None
    [order] = quick.gateway.showcase.orders
    assert order["dishes"] == ["salmon", "pasta"] and order["room"] == "r-202"
    assert (order["people"], order["date"], order["diet"]) == (6, "2026-03-02", "none")
