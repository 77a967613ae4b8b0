"""Tool search for big gateways: words, the local ranking, AgentCore's answers, when to search."""

from __future__ import annotations

import json

import pytest

from gui.agent.tool_search import (
    GATEWAY_SEARCH,
    LocalIndex,
    ToolSearch,
    areas,
    found_names,
    plan,
    words,
)
from gui.errors import NotAuthorised, ToolTimeout
from gui.gateway.tools import ToolResult, tool_infos
from tests.support.gateway_double import GatewayDouble, catalogue, gateway_double


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("billing___getInvoiceByNumber", ["billing", "get", "invoice", "number"]),
        ("List customers, newest first", ["list", "customer", "newest", "first"]),
        ("search_stock_items", ["search", "stock", "item"]),
        ("access", ["access"]),  # no plural to drop
        ("請求書を検索", ["請", "求", "書", "を", "検", "索"]),
    ],
)
def test_words(text: str, expected: list[str]):
    assert words(text) == expected


@pytest.fixture(scope="module")
def index() -> LocalIndex:
    return LocalIndex(tool_infos(catalogue()))


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("get an invoice by its number", "billing___getInvoiceByNumber"),
        ("list devices that belong to a person", "it___getDeviceForPerson"),
        ("approve a contract", "legal___approveContract"),
        ("overdue support tickets", "support___overdueTicket"),
        ("book a meeting room reminder", "calendar___scheduleMeeting"),
        ("employee change history", "hr___historyEmployee"),
    ],
)
def test_the_local_ranking_puts_the_right_tool_first(index: LocalIndex, query: str, best: str):
    found = [t.name for t in index.search(query, 8)]
    assert found and found[0] == best, found


def test_no_matching_word_finds_nothing(index: LocalIndex):
    assert index.search("zzz qqq") == []
    assert index.search("") == []


def test_areas_name_the_targets_biggest_first():
    tools = tool_infos([("a___x", "", None), ("b___x", "", None), ("b___y", "", None)])
    assert areas(tools) == "b (2), a (1)"


def result(payload: object, *, structured: bool) -> ToolResult:
    text = json.dumps(payload)
    return ToolResult(GATEWAY_SEARCH, "search", text, payload if structured else None)


@pytest.mark.parametrize("structured", [True, False])
def test_agentcore_answers_are_read_from_structured_content_or_json_text(structured: bool):
    payload = {"tools": [{"name": "a___b", "description": "…", "inputSchema": {}}, {"x": 1}]}
    assert found_names(result(payload, structured=structured)) == ["a___b"]


@pytest.mark.parametrize("text", ["not json", "[]", '{"tools": "none"}', "{}"])
def test_odd_answers_find_nothing(text: str):
    assert found_names(ToolResult(GATEWAY_SEARCH, "s", text)) == []


@pytest.mark.parametrize(
    ("count", "with_search", "threshold", "searches"),
    [
        (300, False, 40, True),
        (40, False, 40, False),  # "more than" the threshold
        (41, False, 40, True),
        (3, True, 40, True),  # the gateway offers AgentCore's search
        (300, True, 0, False),  # 0: never
    ],
)
def test_when_to_search(count: int, with_search: bool, threshold: int, searches: bool):
    gateway = gateway_double(1, 1, with_search=with_search)
    gateway.tools += tool_infos(catalogue())[: count - 1]
    assert (plan(gateway.tools, threshold, gateway) is not None) is searches


def test_the_gateways_search_tool_is_not_itself_searchable():
    gateway = gateway_double(with_search=True)
    search = ToolSearch(gateway.tools, gateway)
    assert search.uses_gateway and GATEWAY_SEARCH not in {t.name for t in search.tools}


def test_pinned_tools_are_those_the_conversation_used():
    gateway = gateway_double()
    search = ToolSearch(gateway.tools, gateway)
    messages = [
        {"role": "user", "content": [{"text": "hi"}]},
        {"role": "assistant", "content": [{"toolUse": {"name": "crm___getCustomer"}}]},
        {"role": "assistant", "content": [{"toolUse": {"name": "unknown___tool"}}]},
        {"role": "assistant", "content": [{"toolUse": {"name": "crm___getCustomer"}}]},
    ]
    assert [t.name for t in search.pinned(messages)] == ["crm___getCustomer"]


async def test_the_gateways_search_is_asked_first():
    gateway = gateway_double(with_search=True)
    found = await ToolSearch(gateway.tools, gateway).find("invoice number")
    assert gateway.calls == [(GATEWAY_SEARCH, {"query": "invoice number"})]
    assert "billing___getInvoiceByNumber" in [t.name for t in found]


class Failing(GatewayDouble):
    def __init__(self, error: Exception, tools: list) -> None:
        super().__init__(tools=tools)
        self.error = error

    async def call_tool(self, name_or_alias, arguments=None, *, timeout=None):  # type: ignore[override]
        raise self.error


@pytest.mark.parametrize("how", ["error result", "timeout"])
async def test_a_failing_gateway_search_falls_back_to_the_local_ranking(how: str):
    tools = gateway_double(with_search=True).tools
    if how == "timeout":
        gateway: GatewayDouble = Failing(ToolTimeout("slow"), tools)
    else:
        gateway = GatewayDouble(tools=tools, search_fails=True)
    found = await ToolSearch(tools, gateway).find("get an invoice by its number")
    assert found[0].name.startswith("billing___")


async def test_a_refused_gateway_search_is_the_questions_error():
    tools = gateway_double(with_search=True).tools
    with pytest.raises(NotAuthorised):
        await ToolSearch(tools, Failing(NotAuthorised("signed out"), tools)).find("invoice")
