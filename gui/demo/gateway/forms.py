"""A demo tool that asks the person for input in the middle of a call (MCP form elicitation).

``tickets___createTicket`` takes a title from the model, then asks the person (a form:
``elicitation/create``, form mode) for the ticket's priority, whether to notify the team, and
when it is due; it files the ticket in the gateway's :class:`~gui.demo.gateway.tickets.TicketBook`
only when they accept (so ``tickets___listTickets`` shows it). Decline and cancel create
nothing and say so in the result, so the model can tell the person.

The form is a ``Resolve(...)`` parameter (mcp's resolvers), so it is asked the way the
client's protocol asks: mid-call on 2025-11-25, as a 2026-07-28 input round
(``resultType: "input_required"``, then the same call again with the answer).

May import: mcp's server and elicitation types, pydantic, ``gui.demo.gateway.tickets``. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from mcp.server.elicitation import AcceptedElicitation, ElicitationResult
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp_types import ToolAnnotations
from pydantic import BaseModel, Field

from gui.demo.gateway.tickets import TicketBook

FORM_MESSAGE = "A few details for the new ticket, please."

#: Creates data, nothing destructive, a new ticket each time: the app asks first (may change).
CREATE_TICKET_ANNOTATIONS = ToolAnnotations(
    title="Create a ticket",
    read_only_hint=False,
    destructive_hint=False,
    idempotent_hint=False,
    open_world_hint=False,
)


class TicketDetails(BaseModel):
    """What the form asks for (each field becomes one form row)."""

    priority: Literal["low", "normal", "high"] = Field(
        description="How urgent the ticket is.", title="Priority"
    )
    assignee: str = Field(description="Who should handle it (a user name).", title="Assignee")
    due_in_days: int = Field(
        default=7, ge=1, le=90, description="Days until it is due.", title="Due in (days)"
    )
    notify_team: bool = Field(
        default=False, description="Tell the team about it.", title="Notify the team"
    )


def ask_details() -> Elicit[TicketDetails]:
    """The form's question (a resolver: mcp asks it in the client's protocol)."""
    return Elicit(FORM_MESSAGE, TicketDetails)


def create_ticket_tool(book: TicketBook) -> Callable[..., Any]:
    """``tickets___createTicket``, filing into ``book`` (the one the list and delete tools use)."""

    async def create_ticket(
        title: Annotated[str, Field(description="A short summary of the problem.")],
        answer: Annotated[ElicitationResult[TicketDetails], Resolve(ask_details)],
    ) -> dict[str, Any]:
        """Create a support ticket. Asks you for its priority, assignee and due date."""
        if not title.strip():
            raise ToolError("A ticket needs a title")
        if not isinstance(answer, AcceptedElicitation):
            reason = "declined" if answer.action == "decline" else "cancelled"
            return {"created": False, "reason": f"The person {reason} the form."}
        ticket = book.add(title.strip(), answer.data.model_dump())
        return {"created": True, "ticket": ticket}

    return create_ticket
