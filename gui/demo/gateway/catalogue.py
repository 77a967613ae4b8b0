"""A big gateway for the demo: hundreds of generated read-only tools, and AgentCore's search.

Companies put dozens of targets behind one gateway. ``catalogue_tools(count)`` generates
``count`` tools across fictional targets (``billing___getInvoiceByNumber``,
``hr___listEmployees``, …), each with a schema, a description and honest annotations:
every one only reads (``readOnlyHint``), and it does: it answers with fictional records
made up from its arguments, the same every time, and changes nothing.

``search_tool(tools)`` is the tool AgentCore adds to a gateway created with semantic
search (``searchType: SEMANTIC``): named ``x_amz_bedrock_agentcore_search``, taking
``{"query": "<natural language>"}`` and answering ``{"tools": [{"name", "description",
"inputSchema"}, …]}`` (structured content, and the same JSON as text), the most relevant
first. The ranking here is plain word overlap: it stands in for AgentCore's semantic
index, which a client cannot tell apart by shape. gui/agent/tool_search.py reads it.

No ``from __future__ import annotations`` here: the tools' parameters are built in
closures (``Annotated[..., Field(description=…)]`` naming the record), and mcp reads
them with ``inspect.signature``, which cannot see a closure's names in a string.

``add_catalogue_option(parser)`` and ``checked_catalogue(parser, count)``: the
``--catalogue N`` option the demo's command lines share (gui/demo/serve.py and
``python -m gui.demo.gateway``).

May import: mcp's server types, pydantic, ``gui.demo.gateway.tickets`` (its READ_ONLY).
No Qt, no HTTP.
"""

import argparse
import hashlib
import json
import random
import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from mcp_types import ToolAnnotations
from pydantic import Field

from gui.demo.gateway.tickets import READ_ONLY

SEARCH_NAME = "x_amz_bedrock_agentcore_search"
SEARCH_DESCRIPTION = (
    "A special tool that returns a trimmed down list of tools given a context. Use this tool "
    "only when there are many tools available and you want to get a subset that matches the "
    "provided context."
)
SEARCH_RESULTS = 10  # tools per answer, as a gateway's search returns a handful

# (target, record noun, what the target holds)
TARGETS = (
    ("billing", "invoice", "invoices and payments"),
    ("crm", "customer", "customers and their accounts"),
    ("hr", "employee", "employees, leave and payroll"),
    ("inventory", "stockItem", "warehouse stock"),
    ("support", "case", "customer support cases"),
    ("rooms", "booking", "meeting room bookings"),
    ("projects", "task", "project tasks and milestones"),
    ("travel", "trip", "business trips and expenses"),
    ("legal", "contract", "contracts and approvals"),
    ("it", "device", "laptops, phones and licences"),
    ("procurement", "purchaseOrder", "purchase orders and suppliers"),
    ("facilities", "workOrder", "building maintenance requests"),
    ("finance", "budget", "budgets and cost centres"),
    ("sales", "opportunity", "sales opportunities and forecasts"),
    ("marketing", "campaign", "marketing campaigns and leads"),
    ("security", "incident", "security incidents and alerts"),
    ("training", "course", "training courses and enrolments"),
    ("fleet", "vehicle", "company cars and their bookings"),
    ("learning", "article", "knowledge base articles"),
    ("payroll", "payslip", "payslips and salary changes"),
)
# (name template, description template, parameters) — read-only, all of them.
# {R}: the record's name in CamelCase; {r}: in words. Parameters: "id", "query",
# "period" or "person" (see _function).
ACTIONS = (
    ("get{R}", "Get one {r} by its id, with all its fields.", "id"),
    ("list{R}s", "List {r}s, newest first, a page at a time.", "query"),
    ("search{R}s", "Search {r}s by free text in their name and notes.", "query"),
    ("count{R}s", "Count {r}s matching a filter.", "query"),
    ("export{R}s", "Export {r}s as CSV rows for a date range.", "period"),
    ("get{R}History", "Show the change history of a {r}.", "id"),
    ("get{R}AuditLog", "The audit log entries for a {r}: who looked at or changed it.", "id"),
    ("get{R}Owner", "Show who owns a {r} and how to reach them.", "id"),
    ("get{R}ByNumber", "Get a {r} by its human-readable number (e.g. ABC-2024-0042).", "id"),
    ("list{R}sForPerson", "List the {r}s that belong to one person.", "person"),
    ("listOverdue{R}s", "List {r}s that are overdue.", "query"),
    ("get{R}Stats", "Statistics about {r}s per month: totals and trends.", "period"),
    ("summarise{R}s", "Summarise {r}s for a period in a few lines.", "period"),
    ("validate{R}", "Check a {r} for missing or inconsistent fields (reports only).", "id"),
    ("listRecent{R}s", "List the {r}s changed in the last days.", "query"),
    ("compare{R}s", "Compare two periods of {r}s side by side.", "period"),
    ("find{R}Duplicates", "Find {r}s that look like duplicates of one another.", "query"),
    ("get{R}Status", "The current status of a {r} and what it waits for.", "id"),
    ("get{R}Timeline", "The timeline of events of a {r}, oldest first.", "id"),
    ("listRelated{R}s", "List records related to a {r}.", "id"),
    ("list{R}Tags", "The tags used on {r}s, with how often each is used.", "query"),
    ("list{R}Comments", "The comments written on a {r}.", "id"),
    ("list{R}Attachments", "The files attached to a {r} (names and sizes).", "id"),
    ("forecast{R}s", "A forecast of {r}s for the coming months.", "period"),
    ("get{R}Summary", "A one-paragraph summary of a {r} for a quick read.", "id"),
)
MAX_TOOLS = len(TARGETS) * len(ACTIONS)
STATUSES = ("open", "in progress", "waiting", "done")
PEOPLE = ("alice", "bob", "carol", "dave", "erin", "neruneruo")

Tool = tuple[str, Callable[..., Any], ToolAnnotations, str]  # name, function, hints, description


def _words(camel: str) -> str:
    return re.sub(r"([a-z])([A-Z])", r"\1 \2", camel).lower()


def _seeded(*parts: object) -> random.Random:
    """The same fictional answer for the same call (no state: the tools change nothing)."""
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _record(name: str, noun: str, key: str, rng: random.Random) -> dict[str, Any]:
    return {
        "id": key,
        "kind": noun,
        "title": f"{_words(noun).capitalize()} {key}",
        "status": rng.choice(STATUSES),
        "owner": rng.choice(PEOPLE),
        "amount": round(rng.uniform(10, 5000), 2),
        "source": name,
    }


def _function(name: str, noun: str, parameters: str) -> Callable[..., Any]:
    """The tool's function: its parameters say what it takes; its answer is made up."""
    words = _words(noun)
    prefix = "".join(part[0] for part in words.split()).upper()

    if parameters == "id":

        def by_id(
            id: Annotated[str, Field(description=f"The {words}'s id or number.")],
        ) -> dict[str, Any]:
            rng = _seeded(name, id)
            return {"record": _record(name, noun, id, rng)}

        return by_id

    if parameters == "person":

        def for_person(
            person: Annotated[str, Field(description="The person's user name, e.g. 'alice'.")],
        ) -> dict[str, Any]:
            rng = _seeded(name, person)
            keys = [f"{prefix}-{rng.randrange(1000, 9999)}" for _ in range(rng.randrange(1, 4))]
            return {"person": person, "records": [_record(name, noun, k, rng) for k in keys]}

        return for_person

    if parameters == "period":

        def for_period(
            start: Annotated[str, Field(description="First day, e.g. 2026-01-01.")] = "",
            end: Annotated[str, Field(description="Last day, e.g. 2026-03-31.")] = "",
        ) -> dict[str, Any]:
            rng = _seeded(name, start, end)
            months = [{"month": m, "count": rng.randrange(0, 60)} for m in ("Jan", "Feb", "Mar")]
            return {"start": start, "end": end, "kind": noun, "months": months}

        return for_period

    def by_query(
        query: Annotated[str, Field(description=f"Words to look for in {words}s.")] = "",
        limit: Annotated[int, Field(ge=1, le=50, description="How many to return.")] = 5,
    ) -> dict[str, Any]:
        rng = _seeded(name, query, limit)
        keys = [f"{prefix}-{rng.randrange(1000, 9999)}" for _ in range(min(limit, 5))]
        return {"query": query, "records": [_record(name, noun, k, rng) for k in keys]}

    return by_query


def catalogue_tools(count: int) -> list[Tool]:
    """``count`` generated read-only tools, spread over the targets (at most MAX_TOOLS)."""
    if not 0 <= count <= MAX_TOOLS:
        raise ValueError(f"The demo catalogue has 0 to {MAX_TOOLS} tools, not {count}")
    per_target, extra = divmod(count, len(TARGETS))
    tools: list[Tool] = []
    for index, (target, noun, area) in enumerate(TARGETS):
        for template, text, parameters in ACTIONS[: per_target + (index < extra)]:
            record = noun[0].upper() + noun[1:]
            name = f"{target}___{template.format(R=record)}"
            description = f"{text.format(r=_words(noun))} Part of {target}: {area}."
            tools.append((name, _function(name, noun, parameters), READ_ONLY, description))
    return tools


@dataclass(frozen=True)
class Listed:
    """A tool as the search returns it."""

    name: str
    description: str
    input_schema: dict[str, Any]


def _terms(text: str) -> set[str]:
    """Lower-case words, camelCase split, a plural ``s`` dropped, short words left out."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text.replace("___", " "))
    found = set()
    for word in re.findall(r"[a-z0-9]+", spaced.lower()):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) > 2:
            found.add(word)
    return found


def rank(tools: Iterable[Listed], query: str, limit: int = SEARCH_RESULTS) -> list[Listed]:
    """The tools sharing the most words with ``query`` (name words count double)."""
    wanted = _terms(query)
    scored = []
    for tool in tools:
        name_terms = _terms(tool.name)
        score = 2 * len(wanted & name_terms) + len(wanted & _terms(tool.description))
        if score:
            scored.append((-score, tool.name, tool))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [tool for _, _, tool in scored[:limit]]


def search_tool(listed: Callable[[], Awaitable[list[Listed]]]) -> Callable[..., Any]:
    """AgentCore's search over what ``listed()`` returns (the gateway's tools, but itself)."""

    async def x_amz_bedrock_agentcore_search(
        query: Annotated[str, Field(description="What you are looking for, in your own words.")],
    ) -> dict[str, Any]:
        found = rank([t for t in await listed() if t.name != SEARCH_NAME], query)
        return {
            "tools": [
                {"name": t.name, "description": t.description, "inputSchema": t.input_schema}
                for t in found
            ]
        }

    return x_amz_bedrock_agentcore_search


SEARCH_ANNOTATIONS = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def add_catalogue_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--catalogue N`` (default 0); check the value with :func:`checked_catalogue`."""
    parser.add_argument(
        "--catalogue",
        type=int,
        default=0,
        metavar="N",
        help=f"add N generated read-only tools and AgentCore's tool search (0 to {MAX_TOOLS})",
    )


def checked_catalogue(parser: argparse.ArgumentParser, count: int) -> int:
    """``count`` when it is 0 to :data:`MAX_TOOLS`; else the parser's usage error (exit 2)."""
    if not 0 <= count <= MAX_TOOLS:
        parser.error(f"--catalogue: give 0 to {MAX_TOOLS}")
    return count
