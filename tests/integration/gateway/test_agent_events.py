"""The agent's events for what happens during a gateway call, against the reference server:
progress, a link the server asks the person to open, what the model reads vs what is shown."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gui.agent.events import (
    ConsentEnded,
    ConsentRequested,
    Done,
    ToolFinished,
    ToolProgress,
)
from gui.agent.session import ChatSession
from gui.config import Profile
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO
from gui.gateway.content import ImagePart
from tests.support.chat import Say, ScriptedModel, StaticTokens, Use, answering, kinds
from tests.support.everything_server import EverythingServer


@pytest.fixture
async def gateway(everything: EverythingServer) -> AsyncIterator[GatewayClient]:
    client = GatewayClient(everything.url, StaticTokens("peer-token"), protocol=AUTO)
    yield client
    await client.aclose()


async def ask(
    gateway: GatewayClient, everything: EverythingServer, script: ScriptedModel, on=None
) -> list:
    profile = Profile(gateway_url=everything.url)
    chat = ChatSession(profile, StaticTokens("peer-token"), model=script, gateway=gateway)
    try:
        return await answering(chat, "Go", on=None if on is None else lambda e: on(chat, e))
    finally:
        await chat.aclose()


async def test_progress_comes_between_start_and_finish(gateway, everything):
    script = ScriptedModel(
        [[Use("trigger-long-running-operation", {"duration": 0.3, "steps": 3})], [Say("Done.")]]
    )
    events = await ask(gateway, everything, script)
    steps = [e for e in events if isinstance(e, ToolProgress)]
    assert [(p.progress, p.total, p.fraction) for p in steps][-1] == (3, 3, 1.0)
    assert kinds(events).index("ToolStarted") < kinds(events).index("ToolProgress")
    assert kinds(events).index("ToolProgress") < kinds(events).index("ToolFinished")
    assert events[-1] == Done("Done.")


async def test_a_task_reports_its_status(gateway, everything):
    script = ScriptedModel([[Use("simulate-research-query", {"topic": "moss"})], [Say("Read it.")]])
    events = await ask(gateway, everything, script)
    statuses = [e.status for e in events if isinstance(e, ToolProgress)]
    assert statuses[0] == "working" and statuses[-1] == "completed"
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert "Research Report: moss" in finished.text


async def test_a_url_request_is_a_consent_card_answered_by_the_person(gateway, everything):
    def connect(chat: ChatSession, event: object) -> None:
        if isinstance(event, ConsentRequested):
            assert event.url == "https://accounts.example.com/link"
            assert chat.consent_given(event.elicitation_id)

    script = ScriptedModel(
        [
            [Use("trigger-url-elicitation", {"url": "https://accounts.example.com/link"})],
            [Say("Connected.")],
        ]
    )
    events = await ask(gateway, everything, script, on=connect)
    assert kinds(events)[kinds(events).index("ToolStarted") :][:4] == [
        "ToolStarted",
        "ConsentRequested",
        "ConsentEnded",
        "ToolFinished",
    ]
    assert next(e for e in events if isinstance(e, ConsentEnded)).connected
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert "User completed the URL elicitation flow" in finished.text


async def test_the_model_reads_what_is_meant_for_it_and_the_person_sees_the_rest(
    gateway, everything
):
    script = ScriptedModel(
        [
            [Use("get-annotated-message", {"messageType": "debug", "includeImage": True})],
            [Say("Ok.")],
        ]
    )
    events = await ask(gateway, everything, script)
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert any(isinstance(part, ImagePart) for part in finished.parts)
    read = str(script.calls[-1][-1]["content"])  # the tool result the model was given
    assert "Debug: Cache hit ratio 0.95" in read
    assert "Cache hit ratio" not in finished.text and finished.text.startswith("[image ")
