"""The demo gateway's big catalogue and its AgentCore-shaped search, over real MCP.

Then the chat on top: a 300-tool demo gateway with the scripted model, whose first
request carries only the tool search (and the pinned tools: none in a new chat), and a
tool the search found is called and runs on the gateway.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest

from gui.agent.events import Done, ToolFinished
from gui.agent.find_tools import NAME as FIND_TOOLS
from gui.agent.session import ChatSession
from gui.agent.tool_search import GATEWAY_SEARCH, found_names
from gui.demo.gateway import DemoGateway
from gui.demo.gateway.catalogue import MAX_TOOLS, SEARCH_NAME, catalogue_tools
from gui.demo.idp import DEMO_AUDIENCE, DemoIdp
from gui.demo.stack import DemoStack
from gui.gateway.tools import ToolResult
from tests.support.auth import signed_in_session
from tests.support.chat import Say, Use, collect
from tests.support.model_double import RecordingModel
from tests.support.raw_mcp import mcp_session

FOUND = "billing___getInvoiceByNumber"


@pytest.fixture(scope="module")
def module_idp() -> Iterator[DemoIdp]:
    with DemoIdp(access_token_ttl=3600) as server:
        yield server


@pytest.fixture(scope="module")
def big_gateway(module_idp: DemoIdp) -> Iterator[DemoGateway]:
    with DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE, catalogue=300) as server:
        yield server


@pytest.fixture(scope="module")
def token(module_idp: DemoIdp) -> str:
    return module_idp.mint_access_token()


def test_the_catalogue_spreads_its_tools_over_many_targets() -> None:
    tools = catalogue_tools(300)
    names = [name for name, *_ in tools]
    assert len(set(names)) == 300
    targets = {name.split("___")[0] for name in names}
    assert len(targets) >= 15
    assert all(len(name) <= 64 for name in names)
    assert catalogue_tools(0) == []
    with pytest.raises(ValueError):
        catalogue_tools(MAX_TOOLS + 1)


# The demo's own targets (tickets, consent, the showcase's), each annotated honestly on its own.
DEMO_OWN = (
    "tickets___",
    "calendar___",
    "orders___",
    "drive___",
    "reports___",
    "brand___",
    "exports___",
    "inventory___",
    "diagnostics___",
)


async def test_every_generated_tool_is_read_only_and_answers_the_same_each_time(
    big_gateway: DemoGateway, token: str
) -> None:
    async with mcp_session(big_gateway.url, token) as session:
        listed = await session.list_tools()
        tools = {tool.name: tool for tool in listed.tools}
        generated = [t for t in tools.values() if t.name.split("___")[0] not in ("people",)]
        assert len(tools) >= 300 + 1  # the catalogue, the search, the demo's own
        assert SEARCH_NAME in tools
        for tool in generated:
            assert tool.description and len(tool.description) > 20
            if tool.name.startswith(DEMO_OWN):
                continue  # the demo's own targets and showcase, annotated on their own
            assert tool.annotations is not None and tool.annotations.read_only_hint is True
        schema = tools[FOUND].input_schema
        assert (
            schema["required"] == ["id"] and "invoice" in schema["properties"]["id"]["description"]
        )
        first = await session.call_tool(FOUND, {"id": "INV-2024-0042"})
        again = await session.call_tool(FOUND, {"id": "INV-2024-0042"})
    assert not first.is_error
    assert first.structured_content == again.structured_content
    assert first.structured_content["record"]["id"] == "INV-2024-0042"
    assert big_gateway.call_count(FOUND) == 2


async def test_the_search_tool_is_shaped_as_agentcores_and_finds_the_relevant_tools(
    big_gateway: DemoGateway, token: str
) -> None:
    async with mcp_session(big_gateway.url, token) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
        search = tools[GATEWAY_SEARCH]
        assert search.input_schema["required"] == ["query"]
        assert search.annotations is not None and search.annotations.read_only_hint
        result = await session.call_tool(GATEWAY_SEARCH, {"query": "get an invoice by number"})
    assert not result.is_error
    payload = result.structured_content
    assert set(payload) == {"tools"}
    found = payload["tools"]
    assert found and found[0]["name"] == FOUND
    assert set(found[0]) == {"name", "description", "inputSchema"}
    assert found[0]["inputSchema"]["required"] == ["id"]
    assert all(t["name"] != GATEWAY_SEARCH for t in found)
    # What our client reads of it (gui/agent/tool_search.py), from the text as well.
    text = "".join(getattr(block, "text", "") for block in result.content)
    assert json.loads(text) == payload
    assert found_names(ToolResult(GATEWAY_SEARCH, "", text))[0] == FOUND


async def test_a_gateway_without_a_catalogue_offers_no_search(
    module_idp: DemoIdp, token: str
) -> None:
    with DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE) as small:
        async with mcp_session(small.url, token) as session:
            names = {tool.name for tool in (await session.list_tools()).tools}
    assert SEARCH_NAME not in names and not any(n.startswith("billing___") for n in names)


async def test_the_model_starts_with_the_search_only_and_calls_a_found_tool() -> None:
    with DemoStack(catalogue=300) as stack:
        assert stack.gateway is not None
        model = RecordingModel(
            [
                [Use(FIND_TOOLS, {"query": "get an invoice by its number"})],
                [Use(FOUND, {"id": "INV-2024-0042"})],
                [Say("Invoice INV-2024-0042 is open.")],
            ]
        )
        async with signed_in_session(stack.idp) as auth:
            session = ChatSession(stack.profile, auth, model=model)
            try:
                events = await collect(session.ask("What about invoice INV-2024-0042?"))
                listed = await session.tools()
            finally:
                await session.aclose()
        assert len(listed) > 300  # the tools panel still lists everything
        assert model.names(0) == [FIND_TOOLS]  # nothing pinned in a new chat
        assert FOUND in model.names(1)  # found, so offered to the next call
        assert len(model.names(1)) <= 1 + 10
        finished = [e for e in events if isinstance(e, ToolFinished)]
        assert [e.tool for e in finished] == [FIND_TOOLS, FOUND]
        assert not any(e.is_error for e in finished)
        assert "INV-2024-0042" in finished[1].text
        assert isinstance(events[-1], Done) and "open" in events[-1].text
        assert stack.gateway.call_count(GATEWAY_SEARCH) == 1  # the gateway's search was asked
        assert stack.gateway.call_count(FOUND) == 1  # and the found tool ran there
        first_request = json.dumps(model.specs[0])
        every_tool = len(json.dumps([{"name": t.name, "schema": t.input_schema} for t in listed]))
        print(
            f"\n300-tool gateway: first request's tool specs {len(first_request)} bytes; "
            f"all the tools' names and schemas {every_tool} bytes"
        )


def serve(*args: str, typed: str) -> subprocess.CompletedProcess[str]:
    """``python -m gui.demo.serve ARGS`` with ``typed`` on its standard input, to the end."""
    return subprocess.run(
        [sys.executable, "-m", "gui.demo.serve", *args],
        capture_output=True,
        text=True,
        input=typed,
        timeout=60,
    )


def test_serve_takes_a_catalogue() -> None:
    started = serve("--catalogue", "50", typed="stats\n")
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout.splitlines()[0])["gateway_url"].endswith("/mcp")
    proc = serve("--catalogue", "100000", typed="")
    assert proc.returncode == 2 and "--catalogue" in proc.stderr
