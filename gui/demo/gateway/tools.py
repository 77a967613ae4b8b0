"""The demo gateway's tools: a fictional company directory, test diagnostics, and the list.

The ``people`` target answers from fictional data ("neruneruo" is the article's example:
30, development). The ``diagnostics`` target (``test_tools=True``) waits, returns a large
text, fails on purpose or echoes its request's headers (the caller's token with them), for
tests of timeouts, cancel, error results and token scrubbing. AgentCore names
tools ``<target>___<tool>``; every tool says what it does to data through its MCP
annotations, and the app runs read-only ones at once and asks before anything else (see
gui/agent/approval.py). :func:`asking_tools` adds the targets that ask the person
(``consent``: a link; ``forms``: a form).

May import: mcp's server types, pydantic, the sibling target modules (``consent``,
``forms``, ``tickets``). No Qt, no HTTP.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from gui.demo.gateway.consent import (
    LIST_EVENTS_ANNOTATIONS,
    NEEDS_CONSENT_ANNOTATIONS,
    ConsentBook,
    client_capabilities,
    needs_consent,
)
from gui.demo.gateway.forms import CREATE_TICKET_ANNOTATIONS, create_ticket_tool
from gui.demo.gateway.tickets import READ_ONLY, TicketBook

_PEOPLE: dict[str, dict[str, Any]] = {
    "neruneruo": {"age": 30, "department": "development", "title": "Software Engineer"},
    "alice": {"age": 34, "department": "sales", "title": "Account Executive"},
    "bob": {"age": 41, "department": "development", "title": "Engineering Manager"},
    "carol": {"age": 28, "department": "design", "title": "Product Designer"},
    "dave": {"age": 52, "department": "finance", "title": "Controller"},
    "erin": {"age": 25, "department": "development", "title": "Junior Developer"},
    "frank": {"age": 46, "department": "sales", "title": "Sales Director"},
    "grace": {"age": 38, "department": "support", "title": "Support Lead"},
    "heidi": {"age": 31, "department": "design", "title": "UX Researcher"},
}


def _profile(name: str) -> dict[str, Any]:
    return {"name": name, **_PEOPLE[name]}


def _departments() -> Counter[str]:
    return Counter(person["department"] for person in _PEOPLE.values())


def get_profile(
    name: Annotated[str, Field(description="The person's user name, e.g. 'neruneruo' or 'alice'.")],
) -> dict[str, Any]:
    """Look up one employee's profile: age, department and job title.

    Use it for questions about a specific person, such as "how old is neruneruo?" or
    "which department is alice in?".
    """
    key = name.strip().lower()
    if key not in _PEOPLE:
        # ToolError: the model reads this message as an is_error tool result.
        raise ToolError(f"No profile for '{name}'")
    return _profile(key)


def list_departments() -> dict[str, Any]:
    """List every department in the company with its head count (number of people)."""
    counts = _departments()
    return {
        "departments": [{"name": dept, "head_count": counts[dept]} for dept in sorted(counts)],
        "total_people": sum(counts.values()),
    }


def list_members(
    department: Annotated[
        str, Field(description="Department name, e.g. 'development', 'sales' or 'design'.")
    ],
) -> dict[str, Any]:
    """List the people (members) who work in one department, with their job titles."""
    key = department.strip().lower()
    if key not in _departments():
        known = ", ".join(sorted(_departments()))
        raise ToolError(f"No department '{department}'. Known departments: {known}")
    members = [
        {"name": name, "title": person["title"]}
        for name, person in sorted(_PEOPLE.items())
        if person["department"] == key
    ]
    return {"department": key, "members": members}


def search_by_age(
    min_age: Annotated[int, Field(ge=0, le=150, description="Youngest age to include.")] = 0,
    max_age: Annotated[int, Field(ge=0, le=150, description="Oldest age to include.")] = 150,
) -> dict[str, Any]:
    """Find people whose age is between min_age and max_age (inclusive), youngest first."""
    if min_age > max_age:
        raise ToolError(f"min_age ({min_age}) is greater than max_age ({max_age})")
    found = [
        _profile(name) for name, person in _PEOPLE.items() if min_age <= person["age"] <= max_age
    ]
    found.sort(key=lambda person: (person["age"], person["name"]))
    return {"min_age": min_age, "max_age": max_age, "people": found}


async def diagnostics_sleep(
    seconds: Annotated[float, Field(ge=0, le=600, description="How long to wait, in seconds.")],
) -> dict[str, Any]:
    """Test tool: wait for the given number of seconds, then return. For timeouts and cancel."""
    await asyncio.sleep(seconds)
    return {"slept": seconds}


def diagnostics_big_result(
    size_bytes: Annotated[
        int, Field(ge=0, le=64 * 1024 * 1024, description="Length of the returned text in bytes.")
    ],
) -> str:
    """Test tool: return a text of exactly size_bytes ASCII characters."""
    pattern = "0123456789abcdef"
    return (pattern * (size_bytes // len(pattern) + 1))[:size_bytes]


async def diagnostics_echo_headers(ctx: Context) -> dict[str, Any]:
    """Test tool: echo back the HTTP headers of this request (authorization included)."""
    request = ctx.request_context.request
    headers = getattr(request, "headers", None)
    return {"headers": dict(headers.items()) if headers is not None else {}}


def diagnostics_fail(
    message: Annotated[str, Field(description="The error message the tool fails with.")],
) -> dict[str, Any]:
    """Test tool: always fail with the given message (the result has is_error set)."""
    raise ToolError(message)


# (name, function, structured output?, MCP annotations) — AgentCore names tools
# "<target>___<tool>". Every tool says what it does to data: the app runs read-only
# ones at once and asks before anything else (see gui/agent/approval.py).
Tool = tuple[str, Callable[..., Any], bool | None, ToolAnnotations]
PEOPLE_TOOLS: list[Tool] = [
    ("people___getProfile", get_profile, None, READ_ONLY),
    ("people___listDepartments", list_departments, None, READ_ONLY),
    ("people___listMembers", list_members, None, READ_ONLY),
    ("people___searchByAge", search_by_age, None, READ_ONLY),
]
TEST_TOOLS: list[Tool] = [
    # Read-only too: they only wait, talk or fail, and the tests drive them unattended.
    ("diagnostics___sleep", diagnostics_sleep, None, READ_ONLY),
    # Plain text only: a structured copy would double a 1 MB answer on the wire.
    ("diagnostics___bigResult", diagnostics_big_result, False, READ_ONLY),
    ("diagnostics___fail", diagnostics_fail, None, READ_ONLY),
    # Honestly read-only: it only repeats the request back (our token included).
    ("diagnostics___echoHeaders", diagnostics_echo_headers, None, READ_ONLY),
]


def asking_tools(
    consents: ConsentBook, tickets: TicketBook, test_tools: bool
) -> list[tuple[str, Callable[..., Any], ToolAnnotations]]:
    """The tools that ask the person: a consent link (calendar) and a form (createTicket).

    ``createTicket`` files into the same book as the list and delete tools.
    """
    tools = [
        ("calendar___listEvents", consents.list_events_tool(), LIST_EVENTS_ANNOTATIONS),
        ("tickets___createTicket", create_ticket_tool(tickets), CREATE_TICKET_ANNOTATIONS),
    ]
    if test_tools:
        tools.append(("diagnostics___needsConsent", needs_consent, NEEDS_CONSENT_ANNOTATIONS))
        tools.append(
            ("diagnostics___clientCapabilities", client_capabilities, NEEDS_CONSENT_ANNOTATIONS)
        )
    return tools
