"""The offline router: scoring, argument filling and rendering, table-driven."""

from __future__ import annotations

from typing import Any

import pytest

from gui.agent.approval import declined_message
from gui.agent.router import (
    ToolSpecView,
    describe_tools,
    example_values,
    question_terms,
    render_result,
    render_value,
    route,
    score_tools,
    split_identifier,
    stem,
)
from gui.gateway.tools import tool_infos


def string(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def integer(description: str, default: int | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "integer", "description": description}
    if default is not None:
        spec["default"] = default
    return spec


# The demo gateway's tools, as the model is given them.
TOOLS = [
    ToolSpecView(
        "people___getProfile",
        "Look up one employee's profile: age, department and job title.\n\nUse it for "
        'questions about a specific person, such as "how old is neruneruo?" or "which '
        'department is alice in?".',
        {
            "type": "object",
            "properties": {"name": string("The person's user name, e.g. 'neruneruo' or 'alice'.")},
            "required": ["name"],
        },
    ),
    ToolSpecView(
        "people___listDepartments",
        "List every department in the company with its head count (number of people).",
        {"type": "object", "properties": {}},
    ),
    ToolSpecView(
        "people___listMembers",
        "List the people (members) who work in one department, with their job titles.",
        {
            "type": "object",
            "properties": {
                "department": string("Department name, e.g. 'development', 'sales' or 'design'.")
            },
            "required": ["department"],
        },
    ),
    ToolSpecView(
        "people___searchByAge",
        "Find people whose age is between min_age and max_age (inclusive), youngest first.",
        {
            "type": "object",
            "properties": {
                "min_age": integer("Youngest age to include.", 0),
                "max_age": integer("Oldest age to include.", 150),
            },
        },
    ),
    ToolSpecView(
        "diagnostics___sleep",
        "Test tool: wait for the given number of seconds, then return. For timeouts and cancel.",
        {
            "type": "object",
            "properties": {"seconds": {"type": "number", "description": "How long to wait."}},
            "required": ["seconds"],
        },
    ),
]


@pytest.mark.parametrize(
    ("question", "tool", "arguments"),
    [
        (
            "How old is neruneruo and which department?",
            "people___getProfile",
            {"name": "neruneruo"},
        ),
        ("neruneruoについて教えてください", "people___getProfile", {"name": "neruneruo"}),
        ("neruneruoの年齢と部署は？", "people___getProfile", {"name": "neruneruo"}),
        ("Tell me about Alice", "people___getProfile", {"name": "alice"}),  # the example's spelling
        ("Which department is bob in?", "people___getProfile", {"name": "bob"}),
        ("Tell me about 'grace'", "people___getProfile", {"name": "grace"}),
        ("Who works in sales?", "people___listMembers", {"department": "sales"}),
        ("members of the design team", "people___listMembers", {"department": "design"}),
        ("開発部のメンバーは？", "people___listMembers", {"department": "development"}),
        ("List all departments", "people___listDepartments", {}),
        ("how many people in each department", "people___listDepartments", {}),
        (
            "Who is between 30 and 40 years old?",
            "people___searchByAge",
            {"min_age": 30, "max_age": 40},
        ),
        ("Who is older than 40?", "people___searchByAge", {"min_age": 40}),
        ("people under 30", "people___searchByAge", {"max_age": 30}),
        ("３０歳以上の社員", "people___searchByAge", {"min_age": 30}),
        ("sleep 2.5 seconds", "diagnostics___sleep", {"seconds": 2.5}),
    ],
)
def test_route_picks_the_tool_and_fills_its_arguments(
    question: str, tool: str, arguments: dict[str, Any]
):
    chosen = route(question, TOOLS)
    assert chosen is not None, score_tools(question, TOOLS)
    assert (chosen.tool, chosen.arguments, chosen.missing) == (tool, arguments, ())


@pytest.mark.parametrize("question", ["What's the weather like?", "", "こんにちは", "42"])
def test_no_shared_word_means_no_route(question: str):
    assert route(question, TOOLS) is None


def test_a_tool_missing_a_required_argument_is_reported_as_missing():
    chosen = route("show me a profile", TOOLS)
    assert chosen is not None
    assert chosen.tool == "people___getProfile" and chosen.missing == ("name",)


def test_scoring_is_deterministic_and_explains_itself():
    first = score_tools("How old is neruneruo?", TOOLS)
    assert first == score_tools("How old is neruneruo?", TOOLS)
    best = first[0]
    assert best.tool == "people___getProfile"
    assert {"age", "old", "neruneruo"} <= set(best.matched)
    assert best.score > first[1].score


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("people___getProfile", ["people", "get", "profile"]),
        ("crm___searchByHTTPStatus", ["crm", "search", "by", "http", "status"]),
        ("snake_case_tool", ["snake", "case", "tool"]),
        ("v2Tool", ["v", "2", "tool"]),
    ],
)
def test_split_identifier_handles_targets_and_camel_case(name: str, words: list[str]):
    assert split_identifier(name) == words


def test_question_terms_drop_stopwords_and_add_synonyms():
    terms = question_terms("How OLD is Neruneruo, and which departments?")
    assert {"old", "age", "neruneruo", "department"} <= terms
    assert not {"how", "is", "and", "which"} & terms
    assert {"about", "profile", "age"} <= question_terms("neruneruoについて、年齢")


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("departments", "department"),
        ("categories", "category"),
        ("address", "address"),
        ("bus", "bus"),
    ],
)
def test_stem(word: str, stemmed: str):
    assert stem(word) == stemmed


def test_example_values_come_from_enum_examples_and_quotes_not_apostrophes():
    spec = {
        "description": "The person's user name, e.g. 'neruneruo' or \"alice\".",
        "enum": ["x"],
        "examples": ["y"],
    }
    assert example_values(spec) == ["x", "y", "neruneruo", "alice"]


def test_render_value_lists_fields_and_tabulates_records():
    text = render_value(
        {"department": "development", "members": [{"name": "bob", "title": "EM"}], "tags": ["a"]}
    )
    assert "- **department**: development" in text
    assert "| name | title |" in text and "| bob | EM |" in text
    assert "- **tags**: a" in text


def test_render_result_says_no_model_was_used_and_cuts_long_text():
    answer = render_result("people___getProfile", {"name": "x"}, '{"age": 30}', is_error=False)
    assert answer.startswith("**people · getProfile** (name: x) answered:")
    assert "- **age**: 30" in answer and "no language model was used" in answer
    long = render_result("diagnostics___bigResult", {}, "z" * 100_000, is_error=False)
    assert len(long) < 5_000 and "100,000 characters in total" in long
    failed = render_result(
        "people___getProfile", {}, "Error executing tool people___getProfile: nope", is_error=True
    )
    assert "reported an error: nope" in failed


def test_describe_tools_uses_readable_names_and_first_lines():
    listing = describe_tools(TOOLS[:2])
    assert listing.splitlines() == [
        "- **people · getProfile** — Look up one employee's profile: age, department and job "
        "title.",
        "- **people · listDepartments** — List every department in the company with its head "
        "count (number of people).",
    ]


TICKETS = [
    ToolSpecView(
        "tickets___listTickets",
        "List the support tickets: id (e.g. T-1), title and status of each.",
        {"type": "object", "properties": {}},
    ),
    ToolSpecView(
        "tickets___deleteTicket",
        "Delete one support ticket for good. It cannot be restored.",
        {
            "type": "object",
            "properties": {"ticket_id": string("The ticket's id, e.g. 'T-1'.")},
            "required": ["ticket_id"],
        },
    ),
]


@pytest.mark.parametrize(
    ("question", "tool", "arguments"),
    [
        ("delete ticket T-1", "tickets___deleteTicket", {"ticket_id": "T-1"}),
        ("Please delete ticket T-3", "tickets___deleteTicket", {"ticket_id": "T-3"}),
        ("list tickets", "tickets___listTickets", {}),
        ("How old is neruneruo?", "people___getProfile", {"name": "neruneruo"}),
        ("Who works in sales?", "people___listMembers", {"department": "sales"}),
    ],
)
def test_the_tickets_target_routes_beside_the_people_tools(question, tool, arguments):
    choice = route(question, TOOLS + TICKETS)
    assert choice is not None and choice.tool == tool and choice.missing == ()
    assert choice.arguments == arguments


def test_a_declined_call_is_rendered_as_not_run_rather_than_as_an_error():
    [info] = tool_infos([("tickets___deleteTicket", "", None)])
    text = declined_message(info)
    answer = render_result("tickets___deleteTicket", {"ticket_id": "T-1"}, text, is_error=True)
    assert answer.startswith("**tickets · deleteTicket** (ticket_id: T-1) was not run: the person")
    assert "reported an error" not in answer
    assert "Do not call it again" not in answer  # that line is for a language model
