"""The approval policy on its own: risk from annotations, modes, answers, flags, Stop."""

from __future__ import annotations

import asyncio

import pytest

from gui.agent.approval import (
    ApprovalPolicy,
    ApprovalRequest,
    Decision,
    MemoryRemembered,
    Mode,
    Risk,
    risk_of,
)
from gui.config import APPROVAL_MODES
from gui.gateway.tools import annotation_hints, tool_infos
from tests.support.waiting import wait_until

READ, CHANGE, DELETE = tool_infos(
    [
        ("tickets___listTickets", "List.", None, {"readOnlyHint": True}),
        ("tickets___closeTicket", "Close.", None, None),
        (
            "tickets___deleteTicket",
            "Delete.",
            None,
            {"readOnlyHint": False, "destructiveHint": True},
        ),
    ]
)


@pytest.mark.parametrize(
    ("annotations", "risk"),
    [
        ({"readOnlyHint": True}, Risk.READ_ONLY),
        ({"readOnlyHint": True, "destructiveHint": True}, Risk.READ_ONLY),
        ({"destructiveHint": True}, Risk.DESTRUCTIVE),
        ({"readOnlyHint": False}, Risk.MAY_CHANGE),
        ({"destructiveHint": False}, Risk.MAY_CHANGE),
        ({}, Risk.MAY_CHANGE),
        (None, Risk.MAY_CHANGE),
        ({"readOnlyHint": "true"}, Risk.MAY_CHANGE),  # not a boolean: not believed
    ],
)
def test_risk_comes_from_the_annotations(annotations, risk):
    [info] = tool_infos([("t___x", "", None, annotations)])
    assert risk_of(info) is risk


def test_hints_are_read_from_mcp_objects_too():
    class Annotations:
        read_only_hint = None
        destructive_hint = True

    assert annotation_hints(Annotations()) == (None, True)
    assert annotation_hints(None) == (None, None)


def test_config_knows_the_same_modes():
    assert set(APPROVAL_MODES) == set(Mode) and APPROVAL_MODES[0] == Mode.CHANGES


@pytest.mark.parametrize(
    ("mode", "asked"),
    [
        (Mode.CHANGES, {"tickets___closeTicket", "tickets___deleteTicket"}),
        (Mode.EVERY, {"tickets___listTickets", "tickets___closeTicket", "tickets___deleteTicket"}),
        (Mode.NEVER, set()),
    ],
)
def test_modes_decide_what_is_asked(mode, asked):
    policy = ApprovalPolicy(mode)
    assert {tool.name for tool in (READ, CHANGE, DELETE) if policy.asks_for(tool)} == asked


async def review(policy: ApprovalPolicy, tool, decision: Decision | None, note: str = ""):
    """Review one call, answering with ``decision``; (message, requests shown)."""
    shown: list[ApprovalRequest] = []

    def ask(request: ApprovalRequest) -> None:
        shown.append(request)
        if decision is not None:
            # Answer on a later loop turn, as a click would.
            asyncio.get_running_loop().call_soon(request.decide, decision, note)

    message = await policy.review(tool, "c1", {"ticket_id": "T-1"}, ask)
    return message, shown


async def test_allow_once_runs_and_asks_again_next_time():
    policy = ApprovalPolicy()
    for _ in range(2):
        message, shown = await review(policy, DELETE, Decision.ALLOW_ONCE)
        assert message == "" and len(shown) == 1
    [request] = shown
    assert request.risk is Risk.DESTRUCTIVE and request.arguments == {"ticket_id": "T-1"}
    assert request.decision is Decision.ALLOW_ONCE


async def test_deny_returns_the_declined_message_or_the_note():
    message, _ = await review(ApprovalPolicy(), DELETE, Decision.DENY)
    assert "the person declined" in message and "tickets · deleteTicket" in message
    message, _ = await review(ApprovalPolicy(), DELETE, Decision.DENY, note="use --yes")
    assert message == "use --yes"


async def test_always_is_stored_and_then_not_asked():
    remembered = MemoryRemembered()
    policy = ApprovalPolicy(remembered=remembered)
    await review(policy, DELETE, Decision.ALWAYS)
    assert remembered.load() == {"tickets___deleteTicket"}
    message, shown = await review(policy, DELETE, None)
    assert message == "" and shown == []
    remembered.remove("tickets___deleteTicket")  # revoked elsewhere: asked again at once
    _, shown = await review(policy, DELETE, Decision.DENY)
    assert len(shown) == 1


async def test_yes_and_allow_skip_the_question_for_this_command_only():
    message, shown = await review(ApprovalPolicy(allow_all=True), DELETE, None)
    assert message == "" and shown == []
    allowed = ApprovalPolicy(allowed=["tickets___deleteTicket"])
    assert (await review(allowed, DELETE, None)) == ("", [])
    _, shown = await review(allowed, CHANGE, Decision.DENY)
    assert len(shown) == 1


async def test_requests_are_shown_one_at_a_time():
    policy = ApprovalPolicy()
    shown: list[ApprovalRequest] = []
    first = asyncio.ensure_future(policy.review(DELETE, "a", {}, shown.append))
    second = asyncio.ensure_future(policy.review(CHANGE, "b", {}, shown.append))
    await wait_until(lambda: shown, 5, "the first request")
    for _ in range(20):  # many loop turns in which the second could (wrongly) show itself
        await asyncio.sleep(0)
    assert [r.call_id for r in shown] == ["a"]
    shown[0].decide(Decision.DENY)
    await wait_until(lambda: len(shown) == 2, 5, "the second request")
    assert [r.call_id for r in shown] == ["a", "b"]
    shown[1].decide(Decision.ALLOW_ONCE)
    assert "declined" in await first and await second == ""


async def test_cancelling_the_caller_cancels_the_request():
    policy = ApprovalPolicy()
    shown: list[ApprovalRequest] = []
    task = asyncio.ensure_future(policy.review(DELETE, "a", {}, shown.append))
    await wait_until(lambda: shown, 5, "the request")
    [request] = shown
    assert request.pending
    done: list[ApprovalRequest] = []
    request.add_done_callback(done.append)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert request.cancelled and request.decision is None and done == [request]
    request.decide(Decision.ALLOW_ONCE)  # a late click is ignored
    assert request.cancelled
