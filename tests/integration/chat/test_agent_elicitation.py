"""ChatSession with tools that ask the person: a consent link (-32042) and a server form.

Real sign-in server and gateway; a scripted model; the consent page visited over HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from gui.agent.approval import Decision
from gui.agent.events import (
    ApprovalRequested,
    ConsentEnded,
    ConsentRequested,
    Done,
    ToolFinished,
)
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from gui.gateway.forms import ACCEPT, FormAnswer, FormRequest
from tests.support.chat import Say, ScriptedModel, Use, answering, kinds
from tests.support.consent import visit_consent_page
from tests.support.waiting import wait_until


def calendar_script() -> ScriptedModel:
    return ScriptedModel([[Use("calendar___listEvents")], [Say("Here is your week.")]])


@pytest.fixture
async def calendar_chat(stack: DemoStack, session: AuthSession) -> AsyncIterator[ChatSession]:
    """Alice's chat whose model lists her calendar (consent not given yet), then answers."""
    chat = ChatSession(stack.profile, session, model=calendar_script())
    yield chat
    await chat.aclose()


async def test_consent_is_asked_then_the_call_is_tried_again_and_succeeds(
    stack: DemoStack, calendar_chat: ChatSession
):
    events: list = []
    async for event in calendar_chat.ask("What is on my calendar?"):
        events.append(event)
        if isinstance(event, ConsentRequested):
            assert event.title == "calendar · listEvents"
            assert event.message.startswith("Connect your Example Calendar account")
            page = await asyncio.to_thread(visit_consent_page, event.url)
            assert "is connected" in page
            calendar_chat.consent_given(event.elicitation_id)  # "I've connected" (server may win)
    assert kinds(events)[:4] == ["ToolStarted", "ConsentRequested", "ConsentEnded", "ToolFinished"]
    assert next(e for e in events if isinstance(e, ConsentEnded)).connected is True
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert not finished.is_error and "Sales weekly" in finished.text
    assert stack.gateway is not None and stack.gateway.call_count("calendar___listEvents") == 2
    assert events[-1] == Done("Here is your week.")


async def test_the_servers_notification_alone_resumes_the_call(calendar_chat: ChatSession):
    events: list = []
    async for event in calendar_chat.ask("What is on my calendar?"):
        events.append(event)
        if isinstance(event, ConsentRequested):
            await asyncio.to_thread(visit_consent_page, event.url)  # nobody clicks
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert not finished.is_error


async def test_still_not_connected_gives_the_model_an_error_result(
    stack: DemoStack, session: AuthSession
):
    model = calendar_script()
    chat = ChatSession(stack.profile, session, model=model)
    events: list = []
    try:
        async for event in chat.ask("What is on my calendar?"):
            events.append(event)
            if isinstance(event, ConsentRequested):
                await asyncio.to_thread(visit_consent_page, event.url, "deny")
                assert chat.consent_given(event.elicitation_id) is True  # says so, wrongly
    finally:
        await chat.aclose()
    assert next(e for e in events if isinstance(e, ConsentEnded)).connected is False
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.is_error and "still not connected" in finished.text
    results = [b["toolResult"] for m in model.calls[-1] for b in m["content"] if "toolResult" in b]
    assert results[0]["status"] == "error"
    assert "still not connected" in results[0]["content"][0]["text"]
    assert events[-1] == Done("Here is your week.")  # the model went on


async def test_stop_while_waiting_for_consent_ends_the_question(
    stack: DemoStack, session: AuthSession
):
    chat = ChatSession(stack.profile, session, model=calendar_script())
    events: list = []

    async def consume() -> None:
        async for event in chat.ask("What is on my calendar?"):
            events.append(event)

    consumer = asyncio.ensure_future(consume())
    try:
        await wait_until(lambda: "ConsentRequested" in kinds(events), 10)
        assert stack.gateway is not None
        chat.stop()
        async with asyncio.timeout(2):
            await consumer
        assert kinds(events)[-1] == "Done" and events[-1].stopped
        assert stack.gateway.call_count("calendar___listEvents") == 1  # no retry after Stop
        # The waiter goes with the cancelled task (it unwinds just after Done is queued).
        gateway = chat._gateway
        assert gateway is not None
        await wait_until(lambda: gateway.consents.pending() == [], 2)
    finally:
        await chat.aclose()


async def test_a_form_asked_mid_call_is_answered_by_the_front_end(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel(
        [[Use("tickets___createTicket", {"title": "VPN is down"})], [Say("Ticket created.")]]
    )
    asked: list[FormRequest] = []
    order: list[str] = []

    async def front_end(request: FormRequest) -> FormAnswer:
        asked.append(request)
        order.append("form")
        return FormAnswer(ACCEPT, {"priority": "high", "assignee": "grace", "notify_team": True})

    chat = ChatSession(stack.profile, session, model=model)
    chat.set_form_handler(front_end)
    events: list = []
    try:
        async for event in chat.ask("Open a ticket: VPN is down"):
            events.append(event)
            order.append(type(event).__name__)
            if isinstance(event, ApprovalRequested):  # it may change data: asked first
                assert event.request.tool.name == "tickets___createTicket"
                event.request.decide(Decision.ALLOW_ONCE)
    finally:
        await chat.aclose()
    # Approval first, then the call, and the form in the middle of the call.
    assert order[:4] == ["ApprovalRequested", "ToolStarted", "form", "ToolFinished"]
    assert [f.name for f in asked[0].fields] == [
        "priority",
        "assignee",
        "due_in_days",
        "notify_team",
    ]
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert not finished.is_error and finished.structured is not None
    assert finished.structured["ticket"]["notify_team"] is True
    assert stack.gateway is not None and stack.gateway.tickets.created[0]["title"] == "VPN is down"


async def test_a_denied_ticket_is_not_created_and_no_form_is_asked(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel(
        [[Use("tickets___createTicket", {"title": "VPN is down"})], [Say("Not created.")]]
    )

    async def front_end(request: FormRequest) -> FormAnswer:
        raise AssertionError("a denied call must not reach the server")

    chat = ChatSession(stack.profile, session, model=model)
    chat.set_form_handler(front_end)
    try:
        events = await answering(chat, "Open a ticket: VPN is down", Decision.DENY)
    finally:
        await chat.aclose()
    assert "ToolStarted" not in kinds(events) and events[-1] == Done("Not created.")
    assert stack.gateway is not None and stack.gateway.tickets.created == []
    assert stack.gateway.call_count("tickets___createTicket") == 0
