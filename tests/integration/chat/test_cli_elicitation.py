"""``agentcore-chat --demo call | ask`` with a consent link and a server form, in a new process.

The person is played through the process's stdin; the consent page is visited over HTTP
as a browser would, from the link the command printed.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading

from tests.support.consent import visit_consent_page

_LINK = re.compile(r"Open this link to connect: (\S+)")


def run_person(args: list[str], *, decision: str | None, then: str = "\n") -> tuple[int, str, str]:
    """Run the command; at its consent link, visit the page (if ``decision``), then type ``then``.

    Without a consent link, ``then`` is typed at once and input ends.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "gui", "--demo", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert process.stdin and process.stderr and process.stdout
    seen: list[str] = []
    deadline = threading.Timer(60, process.kill)  # a hung command fails the test, not the run
    deadline.start()
    try:
        if decision is not None:
            for line in process.stderr:
                seen.append(line)
                found = _LINK.search(line)
                if found:
                    visit_consent_page(found.group(1), decision)
                    break
        process.stdin.write(then)
        process.stdin.close()
        # Not communicate(): it would skip what the line reader above has buffered.
        # The outputs are small, so reading one pipe after the other cannot fill the other.
        out = process.stdout.read()
        err = process.stderr.read()
        process.wait(timeout=60)
    finally:
        deadline.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, "".join(seen) + err


async def test_call_prints_the_link_waits_for_enter_and_tries_again():
    code, out, err = await asyncio.to_thread(
        run_person, ["call", "calendar___listEvents"], decision="allow"
    )
    assert code == 0, err
    assert "Connect your Example Calendar account" in err
    assert re.search(r"Open this link to connect: http://127\.0\.0\.1:\d+/consent/", err)
    assert json.loads(out)["events"][0]["title"] == "Sales weekly"


async def test_call_at_end_of_input_exits_non_zero_with_the_link():
    code, out, err = await asyncio.to_thread(
        run_person, ["call", "calendar___listEvents"], decision=None, then=""
    )
    assert code == 1 and out == ""
    assert re.search(r"Not connected\. .*: http://127\.0\.0\.1:\d+/consent/\S+", err)


async def test_call_still_not_connected_says_so_and_asks_again():
    code, _, err = await asyncio.to_thread(
        run_person, ["call", "calendar___listEvents"], decision="deny"
    )
    assert code == 1
    assert "Still not connected." in err
    assert err.count("Open this link to connect:") == 2


async def test_ask_waits_for_enter_and_the_answer_uses_the_calendar():
    code, out, err = await asyncio.to_thread(
        run_person, ["ask", "What events are in my calendar?"], decision="allow"
    )
    assert code == 0, err
    assert "[calling calendar · listEvents {}]" in out
    assert "[calendar · listEvents done]" in out and "Sales weekly" in out


async def test_ask_at_end_of_input_exits_non_zero_with_the_link():
    code, _, err = await asyncio.to_thread(
        run_person, ["ask", "What events are in my calendar?"], decision=None, then=""
    )
    assert code == 1
    assert re.search(r"Error: Not connected\. .*http://127\.0\.0\.1:\d+/consent/\S+", err)


async def test_a_form_is_asked_field_by_field_with_defaults_choices_and_required_fields():
    typed = "y\nurgent\nhigh\n\ngrace\n\nyes\n"  # a bad choice, then an empty required field
    code, out, err = await asyncio.to_thread(
        run_person,
        ["call", "tickets___createTicket", "--args", '{"title": "Printer on fire"}'],
        decision=None,
        then=typed,
    )
    assert code == 0, err
    # Who asks, each field's title, what it takes (choices numbered), its default.
    assert re.search(
        r"tickets · createTicket on 127\.0\.0\.1:\d+ asks: A few details for the new ticket", err
    )
    assert "    1. low\n    2. normal\n    3. high\n" in err
    assert "Priority (How urgent the ticket is.) [choose one: its number or title] required:" in err
    assert "Choose one of the numbers or titles above." in err
    assert "Required." in err
    assert "Due in (days) (Days until it is due.) [a whole number from 1 to 90] default 7:" in err
    ticket = json.loads(out)["ticket"]
    assert ticket == {
        "id": "T-5",  # in the same book as T-1 … T-4 (gui/demo/gateway/tickets.py)
        "title": "Printer on fire",
        "status": "open",
        "priority": "high",
        "assignee": "grace",
        "due_in_days": 7,
        "notify_team": True,
    }


async def test_declining_the_form_in_the_terminal_creates_nothing():
    code, out, err = await asyncio.to_thread(
        run_person,
        ["call", "tickets___createTicket", "--args", '{"title": "x"}'],
        decision=None,
        then="n\n",
    )
    assert code == 0, err
    assert json.loads(out) == {"created": False, "reason": "The person declined the form."}
