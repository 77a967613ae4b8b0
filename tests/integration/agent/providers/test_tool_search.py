"""A 300-tool gateway: the model starts with find_tools, and calls a tool it found.

The agent is real strands; the model is scripted in-process (it records the tool specs
of every call); the gateway is the list/call double with a generated catalogue.
"""

from __future__ import annotations

import pytest

from gui.agent.approval import ApprovalPolicy, Decision
from gui.agent.events import ApprovalRequested, ToolFinished, ToolStarted
from gui.agent.find_tools import NAME, TITLE
from gui.agent.session import ChatSession
from gui.agent.tool_search import GATEWAY_SEARCH
from gui.config import validate
from tests.integration.agent.providers.conftest import GATEWAY_URL
from tests.support.chat import Say, StaticTokens, Use, collect
from tests.support.gateway_double import GatewayDouble, gateway_double
from tests.support.model_double import RecordingModel

INVOICE = "billing___getInvoiceByNumber"
SCRIPT = [
    [Use(NAME, {"query": "get an invoice by its number"})],
    [Use(INVOICE, {"invoiceId": "INV-2024-0042"})],
    [Say("INV-2024-0042 is paid.")],
]


def session_on(
    gateway: GatewayDouble, model: RecordingModel, approvals: ApprovalPolicy | None = None, **raw
) -> ChatSession:
    profile = validate({"gateway_url": GATEWAY_URL, **raw})
    return ChatSession(
        profile, StaticTokens("t"), model=model, gateway=gateway, approvals=approvals
    )


async def test_the_first_request_carries_only_the_search_and_a_found_tool_is_called():
    gateway = gateway_double()
    model = RecordingModel(SCRIPT)
    session = session_on(gateway, model)
    events = await collect(session.ask("Is invoice INV-2024-0042 paid?"))
    listed = await session.tools()
    await session.aclose()
    assert model.names(0) == [NAME]
    assert INVOICE in model.names(1) and NAME in model.names(1)
    assert len(model.names(1)) <= 1 + 8
    assert gateway.calls == [(INVOICE, {"invoiceId": "INV-2024-0042"})]
    cards = [(e.tool, e.title) for e in events if isinstance(e, ToolStarted)]
    assert cards == [(NAME, TITLE), (INVOICE, "billing · getInvoiceByNumber")]
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert INVOICE in finished[0].text and not finished[0].is_error
    assert events[-1].text == "INV-2024-0042 is paid."
    assert len(listed) == 300  # the tools panel still lists everything


async def test_the_gateways_own_search_is_used_when_it_offers_one():
    gateway = gateway_double(with_search=True)
    model = RecordingModel(SCRIPT)
    session = session_on(gateway, model)
    await collect(session.ask("Is invoice INV-2024-0042 paid?"))
    await session.aclose()
    assert model.names(0) == [NAME]  # never the gateway's search tool itself
    assert gateway.calls[0] == (GATEWAY_SEARCH, {"query": "get an invoice by its number"})
    assert gateway.calls[1][0] == INVOICE


async def test_found_tools_last_for_the_conversation_only():
    gateway = gateway_double()
    model = RecordingModel([*SCRIPT, [Say("Still here.")], [Say("New chat.")]])
    session = session_on(gateway, model)
    await collect(session.ask("Is invoice INV-2024-0042 paid?"))
    await collect(session.ask("Thanks"))
    assert INVOICE in model.names(3)  # the next question of the conversation keeps it
    session.new_conversation()
    await collect(session.ask("Hello"))
    await session.aclose()
    assert model.names(4) == [NAME]


async def test_a_restored_conversation_keeps_the_tools_it_used():
    gateway = gateway_double()
    model = RecordingModel([*SCRIPT, [Say("Restored.")]])
    session = session_on(gateway, model)
    await collect(session.ask("Is invoice INV-2024-0042 paid?"))
    saved = session.messages
    session.restore(saved)
    await collect(session.ask("And again?"))
    await session.aclose()
    assert model.names(3) == [NAME, INVOICE]


@pytest.mark.parametrize(("tools", "threshold"), [(3, "40"), (300, "0")])
async def test_small_gateways_or_search_off_give_the_model_every_tool(tools: int, threshold: str):
    gateway = gateway_double(1, 3) if tools == 3 else gateway_double()
    model = RecordingModel([[Say("Hi.")]])
    session = session_on(gateway, model, tool_search_threshold=threshold)
    await collect(session.ask("Hello"))
    await session.aclose()
    assert len(model.names(0)) == tools and NAME not in model.names(0)


async def test_the_search_itself_asks_no_approval():
    gateway = gateway_double()
    model = RecordingModel(SCRIPT)
    session = session_on(gateway, model, ApprovalPolicy("every"))
    asked: list[str] = []
    async for event in session.ask("Is invoice INV-2024-0042 paid?"):
        if isinstance(event, ApprovalRequested):
            asked.append(event.request.tool.name)
            event.request.decide(Decision.ALLOW_ONCE)
    await session.aclose()
    assert asked == [INVOICE]
