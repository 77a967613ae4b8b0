"""Consent links (-32042) and server forms (elicitation/create) through GatewayClient, for real.

The demo gateway's calendar target answers its first call per user with a URL elicitation
whose link is a consent page on the same server; the page is visited with HTTP as a browser
would. The ticket tool asks for a form mid-call.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import pytest

from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from gui.errors import ConsentRequired, ToolTimeout
from gui.gateway.client import GatewayClient
from gui.gateway.consent import SERVER
from gui.gateway.forms import ACCEPT, CANCEL, DECLINE, FormAnswer, FormRequest, check
from tests.support.consent import visit_consent_page


async def test_the_client_declares_form_and_url_elicitation_in_initialize(
    gateway: GatewayClient,
):
    result = await gateway.call_tool("diagnostics___clientCapabilities")
    assert result.structured is not None
    assert result.structured["elicitation"] == {"form": {}, "url": {}}


async def test_a_consent_error_carries_the_servers_message_and_link(gateway: GatewayClient):
    # What we saw: "The gateway reported an error: URL elicitation required", no link.
    with pytest.raises(ConsentRequired) as caught:
        await gateway.call_tool("calendar___listEvents")
    error = caught.value
    assert error.prompt.startswith("Connect your Example Calendar account")
    assert urlsplit(error.url).hostname == "127.0.0.1"
    assert urlsplit(error.url).path.startswith("/consent/")
    assert error.elicitation_id and error.elicitation_id in error.url
    assert error.url in error.message  # the terminal prints the message: the link is in it


async def test_consent_on_the_page_notifies_the_client_and_the_retry_succeeds(
    gateway: GatewayClient, stack: DemoStack
):
    with pytest.raises(ConsentRequired) as caught:
        await gateway.call_tool("calendar___listEvents")
    eid = caught.value.elicitation_id
    assert eid is not None
    waiter = gateway.consents.wait(eid)
    page = await asyncio.to_thread(visit_consent_page, caught.value.url, "allow")
    assert "is connected" in page
    async with asyncio.timeout(10):
        by = await waiter  # the server's notifications/elicitation/complete, no polling
    assert by == SERVER
    result = await gateway.call_tool("calendar___listEvents")
    assert not result.is_error and result.structured is not None
    assert result.structured["events"][0]["title"] == "Sales weekly"


async def test_denying_on_the_page_leaves_it_not_connected(gateway: GatewayClient):
    with pytest.raises(ConsentRequired) as first:
        await gateway.call_tool("calendar___listEvents")
    page = await asyncio.to_thread(visit_consent_page, first.value.url, "deny")
    assert "Nothing was connected" in page
    with pytest.raises(ConsentRequired) as second:
        await gateway.call_tool("calendar___listEvents")
    assert second.value.elicitation_id != first.value.elicitation_id


async def test_a_hostile_consent_message_is_one_printable_line(gateway: GatewayClient):
    with pytest.raises(ConsentRequired) as caught:
        await gateway.call_tool(
            "diagnostics___needsConsent",
            {"url": "http://evil.example/x", "message": "Connect\x1b[2J now\n<b>please</b>"},
        )
    assert caught.value.prompt == "Connect now <b>please</b>"
    assert caught.value.url == "http://evil.example/x"


class Answers:
    """A front end that answers each form with the next canned answer, recording the forms."""

    def __init__(self, *answers: FormAnswer) -> None:
        self.answers = list(answers)
        self.forms: list[FormRequest] = []

    async def __call__(self, request: FormRequest) -> FormAnswer:
        self.forms.append(request)
        return self.answers.pop(0)


async def test_a_form_is_built_from_the_schema_and_accepting_creates_the_ticket(
    gateway: GatewayClient, stack: DemoStack
):
    answers = Answers(FormAnswer(ACCEPT, {"priority": "high", "assignee": "grace"}))
    gateway.form_handler = answers
    result = await gateway.call_tool("tickets___createTicket", {"title": "Printer on fire"})
    assert result.structured is not None and result.structured["created"] is True
    ticket = result.structured["ticket"]
    assert (ticket["priority"], ticket["assignee"], ticket["due_in_days"]) == ("high", "grace", 7)
    form = answers.forms[0]
    assert form.message == "A few details for the new ticket, please."
    fields = {f.name: f for f in form.fields}
    assert fields["priority"].kind == "enum" and fields["priority"].required
    assert [value for value, _ in fields["priority"].choices] == ["low", "normal", "high"]
    assert fields["due_in_days"].kind == "integer" and fields["due_in_days"].default == 7
    assert (fields["due_in_days"].minimum, fields["due_in_days"].maximum) == (1, 90)
    assert fields["notify_team"].kind == "boolean" and not fields["notify_team"].required
    assert fields["assignee"].kind == "string" and fields["assignee"].required
    assert stack.gateway is not None and len(stack.gateway.tickets.created) == 1


async def test_a_ticket_created_through_the_form_is_in_the_list_and_can_be_deleted(
    gateway: GatewayClient, stack: DemoStack
):
    # One ticket book for the three ticket tools: the new ticket is listed with the others.
    gateway.form_handler = Answers(FormAnswer(ACCEPT, {"priority": "low", "assignee": "bob"}))
    created = await gateway.call_tool("tickets___createTicket", {"title": "Mouse squeaks"})
    assert created.structured is not None and created.structured["created"] is True
    new_id = created.structured["ticket"]["id"]
    listed = await gateway.call_tool("tickets___listTickets")
    assert listed.structured is not None
    tickets = {t["id"]: t for t in listed.structured["tickets"]}
    assert set(tickets) == {"T-1", "T-2", "T-3", "T-4", new_id}
    assert (tickets[new_id]["title"], tickets[new_id]["status"]) == ("Mouse squeaks", "open")
    assert listed.structured["count"] == 5
    deleted = await gateway.call_tool("tickets___deleteTicket", {"ticket_id": new_id})
    assert not deleted.is_error
    assert stack.gateway is not None and new_id not in stack.gateway.tickets.ids()


@pytest.mark.parametrize(("action", "word"), [(DECLINE, "declined"), (CANCEL, "cancelled")])
async def test_declining_or_cancelling_the_form_creates_nothing(
    gateway: GatewayClient, stack: DemoStack, action: str, word: str
):
    gateway.form_handler = Answers(FormAnswer(action))  # type: ignore[arg-type]
    result = await gateway.call_tool("tickets___createTicket", {"title": "Printer on fire"})
    assert result.structured == {"created": False, "reason": f"The person {word} the form."}
    assert stack.gateway is not None and stack.gateway.tickets.created == []


async def test_a_required_field_left_empty_is_reported_before_sending(gateway: GatewayClient):
    answers = Answers(FormAnswer(CANCEL))
    gateway.form_handler = answers
    await gateway.call_tool("tickets___createTicket", {"title": "Printer on fire"})
    fields = answers.forms[0].fields
    assert check(fields, {"priority": "high", "assignee": ""}) == {"assignee": "Required."}
    assert check(fields, {"priority": "urgent", "assignee": "x"}) == {
        "priority": "Choose one of the options."
    }
    assert check(fields, {"priority": "low", "assignee": "x", "due_in_days": 900}) == {
        "due_in_days": "At most 90."
    }
    assert check(fields, {"priority": "low", "assignee": "x"}) == {}


async def test_without_a_front_end_the_form_is_cancelled(gateway: GatewayClient):
    result = await gateway.call_tool("tickets___createTicket", {"title": "Printer on fire"})
    assert result.structured == {"created": False, "reason": "The person cancelled the form."}


async def test_a_form_open_longer_than_the_call_timeout_does_not_time_the_call_out(
    stack: DemoStack, session: AuthSession
):
    client = GatewayClient(stack.profile.gateway_url, session, call_timeout=0.5)

    async def slow_person(request: FormRequest) -> FormAnswer:
        await asyncio.sleep(1.0)  # the person takes twice the call's timeout to answer
        return FormAnswer(ACCEPT, {"priority": "low", "assignee": "erin"})

    client.form_handler = slow_person
    try:
        result = await client.call_tool("tickets___createTicket", {"title": "Slow form"})
        assert result.structured is not None and result.structured["created"] is True
        # The clock runs again for a call without a form.
        with pytest.raises(ToolTimeout):
            await client.call_tool("diagnostics___sleep", {"seconds": 3})
    finally:
        await client.aclose()
