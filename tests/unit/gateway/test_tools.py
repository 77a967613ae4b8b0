"""Tool names: readable titles and provider-safe aliases; what a call returned."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from gui.gateway.tools import (
    MAX_ALIAS,
    ToolInfo,
    ToolResult,
    debug_detail,
    denied_result,
    is_policy_denial,
    make_aliases,
    readable_tool_name,
    tool_alias,
    tool_error_detail,
    tool_infos,
    tool_result,
)

SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@pytest.mark.parametrize(
    ("name", "readable"),
    [
        ("people___getProfile", "people · getProfile"),
        ("a___b___c", "a · b · c"),
        ("plainTool", "plainTool"),
        ("___leading", "___leading"),
        ("trailing___", "trailing___"),
        ("snake_case_tool", "snake_case_tool"),
    ],
)
def test_readable_tool_name(name: str, readable: str):
    assert readable_tool_name(name) == readable


@pytest.mark.parametrize(
    "name",
    ["people___getProfile", "get-profile_v2", "x" * 64, "A1"],
)
def test_safe_names_are_their_own_alias(name: str):
    assert tool_alias(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "x" * 65,
        "crm___" + "searchCustomersByRegionAndQuarterWithPagination" * 3,
        "weather.forecast",
        "日本語ツール___検索",
        "spaces in name",
        "",
        "a/b:c@d",
    ],
)
def test_odd_or_long_names_get_a_safe_stable_alias(name: str):
    alias = tool_alias(name)
    assert SAFE.match(alias), alias
    assert len(alias) <= MAX_ALIAS
    assert tool_alias(name) == alias  # stable across calls (and runs)


def test_long_names_sharing_a_prefix_stay_apart():
    prefix = "target___" + "veryLongOperationName" * 4
    names = [prefix + "One", prefix + "Two"]
    aliases = make_aliases(names)
    assert len(set(aliases.values())) == 2
    assert all(len(alias) <= MAX_ALIAS for alias in aliases.values())


def test_names_that_clean_to_the_same_text_get_unique_aliases():
    names = ["a_b", "a.b", "a-b", "a b", "a:b"]
    aliases = make_aliases(names)
    assert aliases["a_b"] == "a_b"
    # strands' registry takes "a-b" for "a_b": unique once - and _ count as one
    assert len({alias.replace("-", "_") for alias in aliases.values()}) == len(names)
    assert all(SAFE.match(alias) for alias in aliases.values())


def test_a_name_differing_only_by_dash_keeps_its_own_alias_when_first():
    aliases = make_aliases(["a-b", "a_b"])
    assert aliases["a-b"] == "a-b"
    assert aliases["a_b"] != "a_b" and SAFE.match(aliases["a_b"])


@pytest.mark.parametrize(
    ("target", "tool"),
    [
        ("t" * 60, "getProfile"),  # a long target, a short tool
        ("hr-payroll-eu-west-production-cluster-target", "listEmployeesByDepartment"),
        ("crm", "searchCustomersByRegionAndQuarterWithPagination" * 3),  # the tool too long
        ("a" * 200, "b" * 200),
        ("sales.v2", "get.deal"),  # short, but unsafe characters
    ],
)
def test_long_aliases_keep_the_tool_part_and_shorten_the_target_first(target: str, tool: str):
    alias = tool_alias(f"{target}___{tool}")
    assert SAFE.match(alias) and len(alias) <= MAX_ALIAS, alias
    head, separator, tail = alias.partition("___")
    assert separator, alias
    clean_tool = re.sub(r"[^A-Za-z0-9_-]", "_", tool)
    if len(clean_tool) <= MAX_ALIAS - 9 - 3 - 3:
        assert tail == clean_tool  # the whole tool name survives
    else:
        assert clean_tool.startswith(tail) and len(head) >= 3 + 9  # 3 of the target + hash
    assert head[:3] == re.sub(r"[^A-Za-z0-9_-]", "_", target)[:3]


def test_the_tool_part_of_a_long_name_is_what_the_model_reads():
    name = "enterprise-resource-planning-finance-target-2024___getInvoiceByNumber"
    alias = tool_alias(name)
    assert alias.endswith("___getInvoiceByNumber")
    assert alias.startswith("enterprise-resource-planning-finan_")  # 34 of 47 kept
    assert readable_tool_name(alias).endswith(" · getInvoiceByNumber")


def test_many_long_names_on_one_target_stay_unique():
    target = "x" * 70
    names = [f"{target}___operation{i}" for i in range(300)]
    aliases = make_aliases(names)
    assert len(set(aliases.values())) == 300
    assert all(
        SAFE.match(a) and a.endswith(f"___operation{i}") for i, a in enumerate(aliases.values())
    )


def test_an_alias_colliding_with_another_name_is_made_unique():
    odd = "a.b"
    taken = tool_alias(odd)  # e.g. "a_b_1234abcd" — and a real tool already has that name
    aliases = make_aliases([taken, odd])
    assert aliases[taken] == taken
    assert aliases[odd] != taken and SAFE.match(aliases[odd])


def test_tool_infos_tidy_descriptions_and_default_the_schema():
    [info] = tool_infos([("people___getProfile", "First line.\n\n    Indented more.\n", None)])
    assert info.title == "people · getProfile"
    assert info.description == "First line.\n\nIndented more."
    assert info.input_schema == {"type": "object", "properties": {}}


def test_tool_results_join_their_blocks_and_keep_structured_content():
    info = ToolInfo("people___getProfile", "people___getProfile", "people · getProfile", "")
    raw = SimpleNamespace(
        content=[
            SimpleNamespace(type="text", text="first"),
            SimpleNamespace(type="image", mime_type="image/png"),
            SimpleNamespace(type="resource_link", uri="https://x/y"),
        ],
        structured_content={"age": 30},
        is_error=False,
    )
    result = tool_result(info, raw)
    assert result.text == "first\n[image image/png]\n[link: y <https://x/y>]"
    assert result.structured == {"age": 30} and not result.is_error


def test_tool_error_detail_drops_the_mcp_prefix():
    failed = ToolResult(
        "t", "t", "Error executing tool people___getProfile: No profile", None, True
    )
    assert tool_error_detail(failed) == "No profile"
    assert "without a message" in tool_error_detail(ToolResult("t", "t", "", None, True))


def mcp_tool(**fields: object) -> object:
    from mcp_types import Tool

    return Tool.model_validate({"inputSchema": {"type": "object"}, **fields})


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        ("echo", "Echo Tool", "Echo Tool"),
        ("echo", None, "echo"),
        ("people___getProfile", "Get a profile", "people · Get a profile"),
        ("people___getProfile", "people · Get a profile", "people · Get a profile"),
        ("people___getProfile", "  \x1b[31m ", "people · getProfile"),
    ],
)
def test_the_servers_title_is_preferred_and_the_target_kept(name, title, shown):
    [info] = tool_infos([mcp_tool(name=name, title=title)])
    assert (info.title, info.name) == (shown, name)


def test_tool_metadata_icons_tasks_and_output_schema():
    [info] = tool_infos(
        [
            mcp_tool(
                name="report",
                execution={"taskSupport": "required"},
                outputSchema={"type": "object", "properties": {"n": {"type": "integer"}}},
                icons=[
                    {
                        "src": "https://cdn.example.com/i.png",
                        "mimeType": "image/png",
                        "sizes": ["48x48"],
                    },
                    {"src": "http://cdn.example.com/plain.png"},
                    {"src": "file:///etc/passwd"},
                    {"src": "data:image/svg+xml;base64,PHN2Zy8+", "theme": "dark"},
                    {"src": "data:text/html,<b>x</b>"},
                    {"src": "javascript:alert(1)"},
                ],
                annotations={"readOnlyHint": True},
            )
        ]
    )
    assert info.needs_task and info.task_support == "required"
    assert info.output_schema == {"type": "object", "properties": {"n": {"type": "integer"}}}
    assert [icon.src[:24] for icon in info.icons] == [
        "https://cdn.example.com/",
        "data:image/svg+xml;base6",
    ]
    assert info.icons[0].sizes == ("48x48",) and info.icons[1].theme == "dark"
    assert info.read_only is True
    [plain] = tool_infos([mcp_tool(name="plain")])
    assert plain.task_support == "forbidden" and plain.icons == () and plain.output_schema is None


def raw_result(content, *, structured=None, is_error=False, meta=None):
    return SimpleNamespace(
        content=content, structured_content=structured, is_error=is_error, meta=meta
    )


INFO = ToolInfo("t___x", "t___x", "t · x", "")


def test_what_the_person_sees_and_what_the_model_reads():
    result = tool_result(
        INFO,
        raw_result(
            [
                {"type": "text", "text": "for both"},
                {"type": "text", "text": "model only", "annotations": {"audience": ["assistant"]}},
                {"type": "text", "text": "person only", "annotations": {"audience": ["user"]}},
            ]
        ),
    )
    assert result.text == "for both\nperson only"
    assert result.for_model == "for both\nmodel only"
    assert [getattr(p, "text", "") for p in result.shown] == ["for both", "person only"]


def test_structured_content_alone_stands_for_itself_and_a_mismatch_is_told_to_the_model():
    result = tool_result(
        INFO, raw_result([], structured={"n": "x"}), structured_problem="n: not an integer"
    )
    assert result.text == '{\n  "n": "x"\n}'
    assert result.for_model.endswith(
        "[The structured result does not match the tool's output schema: n: not an integer]"
    )
    assert result.structured_problem == "n: not an integer"


def test_a_policy_denial_is_a_denied_result_in_plain_words():
    denial = (
        "Tool Execution Denied: Tool call not allowed due to policy enforcement "
        "[Forbidden by policy P1]"
    )
    result = tool_result(INFO, raw_result([{"type": "text", "text": denial}], is_error=True))
    assert result.denied and result.is_error
    assert (
        result.text
        == "Your organisation's policy does not allow this call: Forbidden by policy P1."
    )
    assert result.detail == denial
    bare = denied_result(INFO, "Tool Execution Denied")
    assert bare.text == "Your organisation's policy does not allow this call."
    assert is_policy_denial(denial) and not is_policy_denial("Execution failed")


def test_debug_details_are_kept_bounded_and_printable():
    result = tool_result(
        INFO,
        raw_result(
            [{"type": "text", "text": "failed"}],
            is_error=True,
            meta={"debug": {"trace": "a\x1bb", "n": 1}},
        ),
    )
    assert result.text == "failed" and '"n": 1' in result.detail and "\x1b" not in result.detail
    assert debug_detail({"debug": "x" * 10_000}) == "x" * 4000
    assert debug_detail(None) == "" and debug_detail({"other": 1}) == ""
