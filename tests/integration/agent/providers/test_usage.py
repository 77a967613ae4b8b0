"""The answer's tokens, as each provider reports them, end up on ``Done.usage``.

Wire-level for OpenAI (``stream_options.include_usage``: a last chunk with ``usage``)
and Anthropic (``message_start`` input tokens, ``message_delta`` output tokens). The
Bedrock shape (ConverseStream's ``metadata.usage``, which is strands' own format) comes
through the scripted in-process model.
"""

from __future__ import annotations

import pytest

from gui.agent.events import Done, ToolFinished, Usage
from gui.agent.session import ChatSession
from gui.config import Profile
from tests.integration.agent.providers.conftest import GATEWAY_URL, SessionFactory
from tests.support.anthropic_double import anthropic_double
from tests.support.chat import Say, ScriptedModel, StaticTokens, Use, collect
from tests.support.gateway_double import gateway_double
from tests.support.openai_double import openai_double

TOOL = "crm___getCustomer"
ROUND_TRIP = [[Use(TOOL, {"customerId": "C-42"})], [Say("C-42 is Example Corp.")]]


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_usage_is_summed_over_the_model_calls_of_an_answer(
    provider: str, make_session: SessionFactory
):
    serve = openai_double if provider == "openai" else anthropic_double
    gateway = gateway_double(1, 3)
    with serve(turns=ROUND_TRIP, usage=(120, 30)) as double:
        session = make_session(provider, double.url, gateway=gateway)
        events = await collect(session.ask("Who is customer C-42?"))
    done = events[-1]
    assert isinstance(done, Done) and done.text == "C-42 is Example Corp."
    assert done.usage == Usage(240, 60)  # two model calls: the tool's, then the answer
    assert [e.tool for e in events if isinstance(e, ToolFinished)] == [TOOL]
    assert gateway.calls == [(TOOL, {"customerId": "C-42"})]
    if provider == "openai":
        assert double.model_requests[0].body["stream_options"] == {"include_usage": True}


async def test_bedrock_shaped_usage_comes_through():
    """ConverseStream's metadata event is strands' own: the scripted model sends it."""
    model = ScriptedModel(ROUND_TRIP)  # reports 1 input and 1 output token per call
    profile = Profile(gateway_url=GATEWAY_URL)
    session = ChatSession(profile, StaticTokens("t"), model=model, gateway=gateway_double(1, 3))
    try:
        events = await collect(session.ask("Who is customer C-42?"))
    finally:
        await session.aclose()
    assert events[-1].usage == Usage(2, 2)


async def test_an_answer_without_usage_says_none():
    class Silent(ScriptedModel):
        async def stream(self, *args, **kwargs):  # type: ignore[override]
            async for event in super().stream(*args, **kwargs):
                if "metadata" not in event:
                    yield event

    session = ChatSession(
        Profile(gateway_url=GATEWAY_URL),
        StaticTokens("t"),
        model=Silent([[Say("Hi.")]]),
        gateway=gateway_double(1, 3),
    )
    try:
        events = await collect(session.ask("Hello"))
    finally:
        await session.aclose()
    assert events[-1] == Done("Hi.") and events[-1].usage is None
