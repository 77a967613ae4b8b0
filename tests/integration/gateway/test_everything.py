"""GatewayClient against the TypeScript reference server (another SDK) on loopback."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from gui.errors import ConsentRequired
from gui.gateway.calls import CallEvent, ConsentAsked, ConsentSettled, Progress, TaskUpdate
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO, LEGACY
from gui.gateway.consent import PERSON
from gui.gateway.content import ImagePart, LinkPart, ResourcePart, TextPart
from gui.gateway.forms import ACCEPT, FormAnswer, FormRequest
from tests.integration.gateway.conftest import Sent
from tests.support.chat import StaticTokens
from tests.support.everything_server import EverythingServer
from tests.support.waiting import wait_until


async def test_offers_2026_and_settles_on_the_servers_2025_11_25(peer: GatewayClient):
    await peer.connect()
    assert peer.protocol_version == "2025-11-25"


async def test_titles_task_support_and_names(peer: GatewayClient):
    tools = {tool.name: tool for tool in await peer.list_tools()}
    assert tools["echo"].title == "Echo Tool" and tools["echo"].name == "echo"
    assert tools["simulate-research-query"].task_support == "required"
    assert tools["echo"].task_support == "forbidden"
    assert tools["get-structured-content"].output_schema is not None


async def test_progress_reaches_the_callers_events(peer: GatewayClient):
    events: list[CallEvent] = []
    result = await peer.call_tool(
        "trigger-long-running-operation", {"duration": 0.4, "steps": 4}, on_event=events.append
    )
    assert not result.is_error and "completed" in result.text
    progress = [e for e in events if isinstance(e, Progress)]
    assert [(p.progress, p.total) for p in progress] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert progress[1].fraction == 0.5


async def call_then_stop(
    peer: GatewayClient, tool: str, arguments: dict[str, Any], first: type
) -> None:
    """Call ``tool`` and cancel the call once its first ``first`` event arrived."""
    arrived = asyncio.Event()

    def on_event(event: CallEvent) -> None:
        if isinstance(event, first):
            arrived.set()

    call = asyncio.ensure_future(peer.call_tool(tool, arguments, on_event=on_event))
    await asyncio.wait_for(arrived.wait(), 10)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_stopping_a_call_cancels_the_request_at_the_server(peer: GatewayClient, sent: Sent):
    arguments = {"duration": 20, "steps": 40}
    await call_then_stop(peer, "trigger-long-running-operation", arguments, Progress)
    [request] = [m for m in sent.messages if m.get("method") == "tools/call"]
    assert "progressToken" in request["params"]["_meta"]
    await wait_until(lambda: "notifications/cancelled" in sent.methods(), 5)
    [cancelled] = [m for m in sent.messages if m.get("method") == "notifications/cancelled"]
    assert cancelled["params"]["requestId"] == request["id"]
    after = await peer.call_tool("echo", {"message": "still here"})  # the session survives
    assert after.text == "Echo: still here"


def _answering(peer: GatewayClient, action: str) -> tuple[list[CallEvent], object]:
    events: list[CallEvent] = []

    def on_event(event: CallEvent) -> None:
        events.append(event)
        if isinstance(event, ConsentAsked):
            if action == "accept":
                peer.consents.complete(event.elicitation_id)
            else:
                peer.consents.answer(event.elicitation_id, action)

    return events, on_event


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ("accept", "User completed the URL elicitation flow"),
        ("decline", "User declined to open the URL"),
        ("cancel", "User cancelled the URL elicitation"),
    ],
)
async def test_a_url_request_is_shown_and_answered_by_the_person(peer: GatewayClient, action, says):
    events, on_event = _answering(peer, action)
    arguments = {
        "url": "https://accounts.example.com/connect?x=1",
        "message": "Connect your \x1b[31mcalendar\n",
        "elicitationId": f"connect-{action}",
    }
    result = await peer.call_tool("trigger-url-elicitation", arguments, on_event=on_event)
    assert says in result.text
    asked = next(e for e in events if isinstance(e, ConsentAsked))
    assert asked == ConsentAsked(
        f"connect-{action}", "Connect your calendar", arguments["url"], "accounts.example.com"
    )
    settled = next(e for e in events if isinstance(e, ConsentSettled))
    assert (settled.action, settled.by) == (action, PERSON)


async def test_a_url_request_nobody_can_see_is_cancelled_not_declined(peer: GatewayClient):
    arguments = {"url": "https://accounts.example.com/connect", "elicitationId": "unseen"}
    result = await peer.call_tool("trigger-url-elicitation", arguments)
    assert "User cancelled the URL elicitation" in result.text


async def test_the_32042_path_raises_then_the_retry_proceeds(peer: GatewayClient):
    arguments = {
        "url": "https://accounts.example.com/connect",
        "elicitationId": "e32042",
        "errorPath": True,
    }
    with pytest.raises(ConsentRequired) as needed:
        await peer.call_tool("trigger-url-elicitation", arguments)
    assert needed.value.url == "https://modelcontextprotocol.io"
    _events, on_event = _answering(peer, "accept")
    result = await peer.call_tool("trigger-url-elicitation", arguments, on_event=on_event)
    assert "User completed the URL elicitation flow" in result.text


async def test_a_form_keeps_its_types_titles_and_defaults(peer: GatewayClient):
    asked: list[FormRequest] = []

    async def answer(request: FormRequest) -> FormAnswer:
        asked.append(request)
        content = {
            f.name: list(f.default) if isinstance(f.default, tuple) else f.default
            for f in request.fields
        }
        content = {k: v for k, v in content.items() if v is not None}
        content |= {
            "name": "Grace Hopper",
            "email": "grace@example.com",
            "birthdate": "1906-12-09",
            "untitledMultipleSelectEnum": "Piano, Drums",  # typed text, as a terminal gives it
        }
        return FormAnswer(ACCEPT, content)

    peer.form_handler = answer
    result = await peer.call_tool("trigger-elicitation-request")
    [request] = asked
    assert (
        request.tool == "Trigger Elicitation Request Tool"
        and request.server == "127.0.0.1:" + request.server.rpartition(":")[2]
    )
    fields = {f.name: f for f in request.fields}
    assert fields["untitledMultipleSelectEnum"].kind == "multi"
    assert fields["untitledMultipleSelectEnum"].default == ("Guitar",)
    assert (
        fields["untitledMultipleSelectEnum"].min_items,
        fields["untitledMultipleSelectEnum"].max_items,
    ) == (1, 3)
    assert fields["titledSingleSelectEnum"].label_of("hero-1") == "Superman"
    assert fields["titledMultipleSelectEnum"].choices[1] == ("fish-2", "Salmon")
    assert fields["legacyTitledEnum"].label_of("pet-2") == "Dogs"
    assert fields["email"].format == "email" and fields["birthdate"].format == "date"
    assert fields["integer"].default == 42 and fields["number"].default == 3.14
    raw = json.loads(result.text.split("Raw result:", 1)[1])
    content = raw["content"]
    assert content["untitledMultipleSelectEnum"] == ["Piano", "Drums"]
    assert content["titledMultipleSelectEnum"] == ["fish-1"]
    assert content["integer"] == 42 and isinstance(content["integer"], int)
    assert content["titledSingleSelectEnum"] == "hero-1"


async def test_an_invalid_form_answer_is_never_sent(peer: GatewayClient):
    async def answer(request: FormRequest) -> FormAnswer:
        return FormAnswer(ACCEPT, {"name": "x", "email": "not an address"})

    peer.form_handler = answer
    result = await peer.call_tool("trigger-elicitation-request")
    assert "User cancelled the elicitation dialog" in result.text


async def test_resource_links_images_and_embedded_resources(peer: GatewayClient):
    links = await peer.call_tool("get-resource-links", {"count": 2})
    parts = [p for p in links.parts if isinstance(p, LinkPart)]
    assert len(parts) == 2 and parts[0].uri.startswith("demo://resource/")
    assert parts[0].description.startswith("Resource 1") and parts[0].name
    assert not parts[0].openable  # demo:// is no web link
    assert f"[link: {parts[0].name} — {parts[0].description} <{parts[0].uri}>]" in links.text

    image = await peer.call_tool("get-tiny-image")
    [picture] = [p for p in image.parts if isinstance(p, ImagePart)]
    assert picture.mime == "image/png" and picture.width and picture.height
    assert picture.data.startswith(b"\x89PNG") and picture.size == len(picture.data)
    assert "base64" not in image.text and "iVBOR" not in image.text

    blob = await peer.call_tool("get-resource-reference", {"resourceType": "Blob", "resourceId": 2})
    [resource] = [p for p in blob.parts if isinstance(p, ResourcePart)]
    assert resource.blob and resource.text is None and resource.uri.endswith("/2")


async def test_assistant_only_content_goes_to_the_model_alone(peer: GatewayClient):
    result = await peer.call_tool(
        "get-annotated-message", {"messageType": "debug", "includeImage": True}
    )
    hidden = [p for p in result.parts if isinstance(p, TextPart) and p.audience == ("assistant",)]
    assert hidden and hidden[0] not in result.shown
    assert hidden[0].text not in result.text and hidden[0].text in result.for_model
    assert "[image" in result.text  # the user-only image is shown, labelled


async def test_structured_content_matches_its_output_schema(peer: GatewayClient):
    result = await peer.call_tool("get-structured-content", {"location": "New York"})
    assert result.structured and result.structured_problem == ""


async def test_a_required_task_is_polled_to_its_result(peer: GatewayClient, sent: Sent):
    events: list[CallEvent] = []
    result = await peer.call_tool(
        "simulate-research-query", {"topic": "tides"}, on_event=events.append, timeout=2
    )
    assert not result.is_error and "Research Report: tides" in result.text
    updates = [e for e in events if isinstance(e, TaskUpdate)]
    assert updates[0].status == "working" and updates[-1].finished
    assert any("Analyzing content" in u.message for u in updates)
    [call] = [m for m in sent.messages if m.get("method") == "tools/call"]
    assert "task" in call["params"]
    assert {"tasks/get", "tasks/result"} <= set(sent.methods())


async def test_a_task_that_needs_input_asks_through_its_result_stream(peer: GatewayClient):
    asked: list[FormRequest] = []

    async def answer(request: FormRequest) -> FormAnswer:
        asked.append(request)
        return FormAnswer(ACCEPT, {"interpretation": "Python snake species"})  # by its title

    peer.form_handler = answer
    result = await peer.call_tool("simulate-research-query", {"topic": "python", "ambiguous": True})
    assert asked and asked[0].tool == "Simulate Research Query"
    assert "Clarification**: snake" in result.text


async def test_stopping_a_task_cancels_it_at_the_server(peer: GatewayClient, sent: Sent):
    await call_then_stop(peer, "simulate-research-query", {"topic": "x"}, TaskUpdate)
    await wait_until(lambda: "tasks/cancel" in sent.methods(), 5)


async def test_a_restarted_server_gets_a_new_session_silently(
    fresh_everything: EverythingServer, caplog
):
    client = GatewayClient(fresh_everything.url, StaticTokens("peer-token"), protocol=LEGACY)
    try:
        assert (await client.call_tool("echo", {"message": "one"})).text == "Echo: one"
        fresh_everything.restart()  # it forgets every session: 400 "No valid session ID provided"
        caplog.set_level("DEBUG", logger="gui.gateway.client")
        assert (await client.call_tool("echo", {"message": "two"})).text == "Echo: two"
        assert (client.sessions_opened, client.sessions_renewed) == (2, 1)
        assert "1 renewed" in caplog.text
    finally:
        await client.aclose()


async def test_auto_and_legacy_agree_with_a_2025_server(everything: EverythingServer):
    for protocol in (AUTO, LEGACY):
        client = GatewayClient(everything.url, StaticTokens("t"), protocol=protocol)
        try:
            assert (await client.call_tool("get-sum", {"a": 2, "b": 3})).text.endswith("5.")
            assert client.protocol_version == "2025-11-25"
        finally:
            await client.aclose()
