"""Tool names: readable titles and provider-safe aliases; what a call returned."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from gui.gateway.tools import (
    MAX_ALIAS,
    ToolInfo,
    ToolResult,
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
    assert aliases["a_b"] == "a_b" and aliases["a-b"] == "a-b"
    assert len(set(aliases.values())) == len(names)
    assert all(SAFE.match(alias) for alias in aliases.values())


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
