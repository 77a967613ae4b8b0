"""GatewayClient against an mcp 2.1.1 server on loopback: 2026-07-28, changing tool lists,
AgentCore's answers, output schemas, cancellation seen by the server, vanished sessions."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from gui.gateway.calls import CallEvent, Progress
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO, LEGACY, MODERN
from gui.gateway.forms import ACCEPT, FormAnswer, FormRequest
from gui.gateway.tools import ToolInfo
from tests.integration.gateway.python_peer import PythonPeer
from tests.support.chat import StaticTokens
from tests.support.waiting import until_listening, wait_until


@asynccontextmanager
async def client_for(peer: PythonPeer, protocol: str) -> AsyncIterator[GatewayClient]:
    """A client of ``peer`` speaking ``protocol``, closed when the block ends."""
    client = GatewayClient(peer.url, StaticTokens("peer-token"), protocol=protocol)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.mark.parametrize(
    ("protocol", "version"), [(AUTO, "2026-07-28"), (MODERN, "2026-07-28"), (LEGACY, "2025-11-25")]
)
async def test_each_protocol_calls_with_progress(
    python_peer: PythonPeer, protocol: str, version: str
):
    async with client_for(python_peer, protocol) as client:
        events: list[CallEvent] = []
        result = await client.call_tool("count", {"steps": 3}, on_event=events.append)
        assert result.text == "counted to 3" and client.protocol_version == version
        progress = [e for e in events if isinstance(e, Progress)]
        assert [(p.progress, p.total, p.message) for p in progress] == [
            (1, 3, "step 1"),
            (2, 3, "step 2"),
            (3, 3, "step 3"),
        ]
        assert python_peer.progress_tokens[-1] is not None
        tools = {tool.name: tool for tool in await client.list_tools()}
        assert tools["count"].title == "Count slowly"


@pytest.mark.parametrize("protocol", [LEGACY, MODERN])
async def test_a_stopped_call_is_cancelled_at_the_server(python_peer: PythonPeer, protocol: str):
    async with client_for(python_peer, protocol) as client:
        first = asyncio.Event()
        call = asyncio.ensure_future(
            client.call_tool("count", {"steps": 200}, on_event=lambda e: first.set())
        )
        await asyncio.wait_for(first.wait(), 10)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        await wait_until(lambda: python_peer.cancelled == ["count"], 5)
        assert (await client.call_tool("count", {"steps": 1})).text == "counted to 1"


@pytest.mark.parametrize(("protocol", "calls"), [(MODERN, 2), (LEGACY, 1)])
async def test_a_form_mid_call_or_between_rounds(
    python_peer: PythonPeer, protocol: str, calls: int
):
    async with client_for(python_peer, protocol) as client:
        asked: list[FormRequest] = []
        posted: list[bytes] = []

        async def answer(request: FormRequest) -> FormAnswer:
            asked.append(request)
            return FormAnswer(ACCEPT, {"colour": "green", "glossy": "yes"})

        async def record(request) -> None:
            posted.append(request.content)

        client.form_handler = answer
        await client.connect()
        assert client._http is not None
        client._http.event_hooks["request"].append(record)
        assert (await client.call_tool("paint")).text == "painted green (glossy)"
        [request] = asked
        assert request.tool == "paint" and request.message == "Which colour?"
        assert {f.name: f.kind for f in request.fields} == {"colour": "enum", "glossy": "boolean"}
        assert sum(b'"tools/call"' in body for body in posted) == calls


@pytest.mark.parametrize("protocol", [LEGACY, MODERN])
async def test_a_changed_tool_list_is_listed_again_and_announced(
    python_peer: PythonPeer, protocol: str
):
    async with client_for(python_peer, protocol) as client:
        heard: list[list[ToolInfo]] = []
        client.watch_tools(heard.append)
        assert "grown" not in {t.name for t in await client.list_tools()}
        await until_listening(client, 5)
        await client.call_tool("grow")
        await wait_until(lambda: heard, 5)
        assert "grown" in {t.name for t in heard[-1]}
        assert (await client.call_tool("grown")).text == "grown up"


async def test_a_policy_denial_reads_in_plain_words(python_peer: PythonPeer):
    async with client_for(python_peer, AUTO) as client:
        result = await client.call_tool("hr___deleteEmployee", {"name": "bob"})
        assert result.is_error and result.denied
        assert result.text == (
            "Your organisation's policy does not allow this call: "
            "No policy allows Alice to call hr___deleteEmployee."
        )
        assert "Tool Execution Denied" in result.detail
        assert result.title == "hr · deleteEmployee"


async def test_debug_details_are_kept_apart_from_the_text(python_peer: PythonPeer):
    async with client_for(python_peer, LEGACY) as client:
        result = await client.call_tool("debugged")
        assert result.is_error and result.text == "Lambda target failed"
        assert '"cause": "Timeout after 30 s"' in result.detail


async def test_structured_content_is_checked_against_the_output_schema(python_peer: PythonPeer):
    async with client_for(python_peer, LEGACY) as client:
        good = await client.call_tool("weather", {"city": "Kyoto"})
        assert good.structured == {"temperature": 21.5, "conditions": "sunny in Kyoto"}
        assert good.structured_problem == ""
        bad = await client.call_tool("broken_weather")
        assert bad.structured == {"temperature": "warm"}  # kept, not thrown away
        assert bad.structured_problem == "'conditions' is a required property"
        assert "does not match the tool's output schema" in bad.for_model
        assert "output schema" not in bad.text


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (
            404,
            {
                "jsonrpc": "2.0",
                "id": None,
                "error": {"code": -32001, "message": "Session not found"},
            },
        ),
        (404, {"unexpected": "shape"}),
        (
            400,
            {
                "jsonrpc": "2.0",
                "error": {"code": -32000, "message": "Bad Request: No valid session ID provided"},
            },
        ),
        (400, {"jsonrpc": "2.0", "id": 1, "error": {"code": -32600, "message": "Unknown session"}}),
    ],
)
async def test_a_vanished_session_is_renewed_silently(
    python_peer: PythonPeer, status: int, body: dict, caplog
):
    async with client_for(python_peer, LEGACY) as client:
        caplog.set_level("DEBUG", logger="gui.gateway")
        assert (await client.call_tool("count", {"steps": 1})).text == "counted to 1"
        python_peer.forget(status, body)
        assert (await client.call_tool("count", {"steps": 2})).text == "counted to 2"
        assert (client.sessions_opened, client.sessions_renewed) == (2, 1)
        assert "(1 renewed)" in caplog.text


async def test_a_400_about_something_else_is_an_error_not_a_new_session(python_peer: PythonPeer):
    async with client_for(python_peer, LEGACY) as client:
        await client.call_tool("count", {"steps": 1})
        python_peer.forget(
            400, {"jsonrpc": "2.0", "id": 2, "error": {"code": -32602, "message": "Bad params"}}
        )
        result_or_error = None
        with pytest.raises(Exception) as caught:
            result_or_error = await client.call_tool("count", {"steps": 1})
        assert result_or_error is None and "Bad params" in str(caught.value)
        assert client.sessions_renewed == 0
