"""Tool approval in the real agent loop: real gateway (tickets target), scripted LLM or router.

What we saw: ``ask "delete ticket T-1"`` deleted the ticket without asking anyone.
"""

from __future__ import annotations

import asyncio

from gui.agent.approval import ApprovalPolicy, Decision, MemoryRemembered, Mode, Risk
from gui.agent.events import ApprovalRequested, Done, ToolFinished, ToolStarted
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from tests.support.chat import Say, ScriptedModel, Use, answering, kinds
from tests.support.waiting import wait_until

DELETE = "tickets___deleteTicket"


async def test_delete_ticket_asks_first_and_waits(stack: DemoStack, chat: ChatSession):
    stream = chat.ask("delete ticket T-1")
    event = await anext(stream)
    while not isinstance(event, ApprovalRequested):
        event = await anext(stream)
    request = event.request
    assert request.tool.name == DELETE and request.tool.title == "tickets · deleteTicket"
    assert request.arguments == {"ticket_id": "T-1"}
    assert request.risk is Risk.DESTRUCTIVE
    assert "cannot be restored" in request.tool.description
    # Nothing ran while the person has not answered.
    assert stack.gateway.call_count(DELETE) == 0 and "T-1" in stack.gateway.tickets.ids()
    request.decide(Decision.ALLOW_ONCE)
    rest = [e async for e in stream]
    assert kinds(rest)[:2] == ["ToolStarted", "ToolFinished"]
    assert "T-1" not in stack.gateway.tickets.ids()
    assert "**deleted**: T-1" in rest[-1].text


async def test_deny_gives_the_model_a_declined_result_and_it_answers(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel([[Use(DELETE, {"ticket_id": "T-2"})], [Say("OK, I did not delete T-2.")]])
    chat = ChatSession(stack.profile, session, model=model)
    try:
        events = await answering(chat, "delete T-2", Decision.DENY)
    finally:
        await chat.aclose()
    assert "T-2" in stack.gateway.tickets.ids() and stack.gateway.call_count(DELETE) == 0
    # The model's second turn saw the tool result saying the person declined.
    result = chat.messages[2]["content"][0]["toolResult"]
    assert result["status"] == "error"
    assert "the person declined" in result["content"][0]["text"]
    assert len(model.calls) == 2
    # No tool card for a call that never ran; the answer comes and the question completes.
    assert not [e for e in events if isinstance(e, ToolStarted | ToolFinished)]
    assert events[-1] == Done("OK, I did not delete T-2.")


async def test_read_only_tools_run_with_no_request(stack: DemoStack, chat: ChatSession):
    events = await answering(chat, "list tickets", None)
    assert "ApprovalRequested" not in kinds(events)
    assert kinds(events)[:2] == ["ToolStarted", "ToolFinished"]


async def test_mode_every_asks_even_for_read_only_and_never_asks_for_none(
    stack: DemoStack, session: AuthSession
):
    every = ChatSession(stack.profile, session, approvals=ApprovalPolicy(Mode.EVERY))
    try:
        events = await answering(every, "list tickets", Decision.ALLOW_ONCE)
    finally:
        await every.aclose()
    [asked] = [e for e in events if isinstance(e, ApprovalRequested)]
    assert asked.request.risk is Risk.READ_ONLY

    never = ChatSession(stack.profile, session, approvals=ApprovalPolicy(Mode.NEVER))
    try:
        events = await answering(never, "delete ticket T-3", None)
    finally:
        await never.aclose()
    assert "T-3" not in stack.gateway.tickets.ids()


async def test_always_is_remembered_and_asked_no_more(stack: DemoStack, session: AuthSession):
    remembered = MemoryRemembered()
    chat = ChatSession(stack.profile, session, approvals=ApprovalPolicy(remembered=remembered))
    try:
        first = await answering(chat, "delete ticket T-1", Decision.ALWAYS)
        assert "ApprovalRequested" in kinds(first)
        assert remembered.load() == {DELETE}
        second = await answering(chat, "delete ticket T-2", None)
    finally:
        await chat.aclose()
    assert "ApprovalRequested" not in kinds(second)
    assert stack.gateway.tickets.ids() == ["T-3", "T-4"]


async def test_stop_while_pending_cancels_the_request(stack: DemoStack, chat: ChatSession):
    seen: list = []

    async def consume() -> list:
        return [e async for e in chat.ask("delete ticket T-4") if not seen.append(e)]

    task = asyncio.ensure_future(consume())
    await wait_until(lambda: any(isinstance(e, ApprovalRequested) for e in seen), 20, "request")
    [request] = [e.request for e in seen if isinstance(e, ApprovalRequested)]
    chat.stop()
    events = await task
    assert events[-1].stopped is True
    await wait_until(lambda: request.cancelled, 2, "the request to be cancelled")
    request.decide(Decision.ALLOW_ONCE)  # too late: nothing runs
    assert "T-4" in stack.gateway.tickets.ids() and stack.gateway.call_count(DELETE) == 0
    # The next question works (the stopped one was taken out of the conversation).
    events = await answering(chat, "list tickets", None)
    assert "T-4" in events[-1].text


async def test_a_tool_that_is_not_ours_still_passes_the_policy_as_unannotated():
    """Fail-safe: a wrapper or any other strands tool cannot slip past approval."""
    from strands import Agent, tool

    from gui.agent.gateway_tools import ON_APPROVAL, ApprovalHook

    ran: list[str] = []

    @tool
    def shred(what: str) -> str:
        """Shred something."""
        ran.append(what)
        return "shredded"

    shown = []

    def ask(request) -> None:
        shown.append(request)
        request.decide(Decision.DENY)

    model = ScriptedModel([[Use("shred", {"what": "memo"})], [Say("Not shredded.")]])
    agent = Agent(
        model=model, tools=[shred], hooks=[ApprovalHook(ApprovalPolicy())], callback_handler=None
    )
    async for _ in agent.stream_async("shred the memo", invocation_state={ON_APPROVAL: ask}):
        pass
    [request] = shown
    assert request.risk is Risk.MAY_CHANGE and request.tool.name == "shred"
    assert ran == []
