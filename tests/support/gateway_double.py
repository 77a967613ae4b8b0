"""A stand-in for GatewayClient's list/call side, with a generated catalogue of tools.

For the model-side tests (busy providers, usage, tool search) the gateway's own
protocol is beside the point, and the demo gateway is being rewritten: this double
offers what ChatSession uses — ``list_tools``, ``call_tool``, ``consents``,
``form_handler``, ``aclose`` — and records the calls. :func:`catalogue` generates a
big gateway (``targets`` × ``per_target`` tools with realistic names, descriptions and
schemas); ``with_search`` adds a tool named and shaped like AgentCore's
``x_amz_bedrock_agentcore_search`` (``{"query": …}`` in, ``{"tools": [...]}`` out as
JSON text and structured content), ranked here by shared words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from gui.gateway.consent import ConsentWaits
from gui.gateway.tools import ToolInfo, ToolResult, tool_infos

AGENTCORE_SEARCH = "x_amz_bedrock_agentcore_search"
SEARCH_DESCRIPTION = (
    "A special tool that returns a trimmed down list of tools given a context. Use this tool "
    "only when there are many tools available and you want to get a subset that matches the "
    "provided context."
)

TARGETS = (
    ("crm", "customer", "customers and their accounts"),
    ("billing", "invoice", "invoices and payments"),
    ("hr", "employee", "employees, leave and payroll"),
    ("inventory", "stock item", "warehouse stock"),
    ("support", "ticket", "customer support tickets"),
    ("calendar", "meeting", "meetings and rooms"),
    ("projects", "task", "project tasks and milestones"),
    ("travel", "trip", "business trips and expenses"),
    ("legal", "contract", "contracts and approvals"),
    ("it", "device", "laptops, phones and licences"),
)
ACTIONS = (
    ("get", "Get one {noun} by its id, with all its fields."),
    ("list", "List {noun}s, newest first, a page at a time."),
    ("search", "Search {noun}s by free text in their name and notes."),
    ("create", "Create a new {noun}."),
    ("update", "Change fields of an existing {noun}."),
    ("delete", "Delete a {noun} for good."),
    ("archive", "Archive a {noun} so it no longer shows in lists."),
    ("export", "Export {noun}s as CSV for a date range."),
    ("count", "Count {noun}s matching a filter."),
    ("assign", "Assign a {noun} to a person."),
    ("comment", "Add a comment to a {noun}."),
    ("history", "Show the change history of a {noun}."),
    ("approve", "Approve a pending {noun}."),
    ("reject", "Reject a pending {noun} with a reason."),
    ("tag", "Add tags to a {noun}."),
    ("untag", "Remove tags from a {noun}."),
    ("summarise", "Summarise {noun}s for a period: totals and trends."),
    ("notify", "Send a notification about a {noun} to its owner."),
    ("link", "Link a {noun} to another record."),
    ("duplicate", "Copy a {noun} into a new draft."),
    ("restore", "Restore an archived {noun}."),
    ("validate", "Check a {noun} for missing or inconsistent fields."),
    ("schedule", "Schedule a reminder about a {noun}."),
    ("attach", "Attach a file to a {noun}."),
    ("owner", "Show who owns a {noun} and how to reach them."),
    ("byNumber", "Get a {noun} by its human-readable number (e.g. INV-2024-0042)."),
    ("forPerson", "List the {noun}s that belong to one person."),
    ("overdue", "List {noun}s that are overdue."),
    ("stats", "Statistics about {noun}s per month."),
    ("audit", "The audit log entries for a {noun}."),
)


def _camel(noun: str) -> str:
    return "".join(word.capitalize() for word in noun.split())


def _schema(action: str, noun: str) -> dict[str, Any]:
    key = f"{_camel(noun)[0].lower()}{_camel(noun)[1:]}Id"
    properties: dict[str, Any] = {
        key: {"type": "string", "description": f"The {noun}'s id."},
        "fields": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Which fields to return (all when omitted).",
        },
    }
    required = [key]
    if action in ("list", "search", "export", "count", "overdue", "stats", "summarise"):
        properties = {
            "query": {"type": "string", "description": "Words to look for."},
            "from": {"type": "string", "format": "date", "description": "First day."},
            "to": {"type": "string", "format": "date", "description": "Last day."},
            "pageSize": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
            "pageToken": {"type": "string", "description": "From the previous page."},
        }
        required = []
    if action in ("create", "update"):
        properties["values"] = {
            "type": "object",
            "description": f"The {noun}'s fields to set.",
            "additionalProperties": True,
        }
    return {"type": "object", "properties": properties, "required": required}


def catalogue(targets: int = 10, per_target: int = 30) -> list[tuple[str, str, dict]]:
    """``(name, description, input_schema)`` for ``targets`` × ``per_target`` tools."""
    tools = []
    for target, noun, area in TARGETS[:targets]:
        for action, text in ACTIONS[:per_target]:
            if action != action.lower():  # byNumber → getInvoiceByNumber
                name = f"{target}___get{_camel(noun)}{action[0].upper()}{action[1:]}"
            else:
                name = f"{target}___{action}{_camel(noun)}"
            description = f"{text.format(noun=noun)} Part of {area}."
            tools.append((name, description, _schema(action, noun)))
    return tools


def _words(text: str) -> set[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", spaced.lower()) if len(w) > 2}


@dataclass
class GatewayDouble:
    """The list/call side of a gateway: ``tools`` listed, ``calls`` made, results canned."""

    tools: list[ToolInfo]
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lists: int = 0
    search_fails: bool = False  # the gateway's search answers with an error result
    consents: ConsentWaits = field(default_factory=ConsentWaits)
    form_handler: Any = None
    closed: bool = False
    protocol_version: str = "2025-11-25"
    watchers: list[Any] = field(default_factory=list)

    def watch_tools(self, callback: Any) -> Any:
        """As GatewayClient: hear list changes (this double never changes); an unsubscribe."""
        self.watchers.append(callback)
        return lambda: self.watchers.remove(callback) if callback in self.watchers else None

    async def list_tools(self, refresh: bool = False) -> list[ToolInfo]:
        self.lists += 1
        return list(self.tools)

    async def call_tool(
        self,
        name_or_alias: str,
        arguments: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,
        on_event: Any = None,
    ) -> ToolResult:
        info = next(t for t in self.tools if name_or_alias in (t.name, t.alias))
        self.calls.append((info.name, dict(arguments or {})))
        if info.name == AGENTCORE_SEARCH:
            return self._search(info, str((arguments or {}).get("query", "")))
        text = json.dumps({"tool": info.name, "arguments": arguments or {}, "ok": True})
        return ToolResult(info.name, info.title, text)

    def _search(self, info: ToolInfo, query: str) -> ToolResult:
        if self.search_fails:
            return ToolResult(info.name, info.title, "Search is not available", is_error=True)
        wanted = _words(query)
        scored = sorted(
            (
                (-len(wanted & _words(f"{t.name} {t.description}")), t.name, t)
                for t in self.tools
                if t.name != AGENTCORE_SEARCH
            ),
            key=lambda item: (item[0], item[1]),
        )
        found = [
            {"name": t.name, "description": t.description, "inputSchema": t.input_schema}
            for score, _, t in scored[:5]
            if score < 0
        ]
        payload = {"tools": found}
        return ToolResult(info.name, info.title, json.dumps(payload), structured=payload)

    async def aclose(self) -> None:
        self.closed = True


def gateway_double(
    targets: int = 10, per_target: int = 30, *, with_search: bool = False
) -> GatewayDouble:
    """A gateway of ``targets × per_target`` generated tools (plus AgentCore's search)."""
    listed: list[tuple[str, str, dict]] = catalogue(targets, per_target)
    if with_search:
        schema = {
            "type": "object",
            "properties": {"query": {"type": "string"}},
            "required": ["query"],
        }
        listed.insert(0, (AGENTCORE_SEARCH, SEARCH_DESCRIPTION, schema))
    return GatewayDouble(tools=tool_infos((*tool, {"readOnlyHint": True}) for tool in listed))
