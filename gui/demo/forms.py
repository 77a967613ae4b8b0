"""A demo tool that asks the person for input in the middle of a call (MCP form elicitation).

``tickets___createTicket`` takes a title from the model, then sends ``elicitation/create``
(form mode) asking the person for the ticket's priority, whether to notify the team, and
when it is due; it creates the ticket only when they accept. Decline and cancel create
nothing and say so in the result, so the model can tell the person.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Annotated, Any, Literal

from mcp.server.elicitation import AcceptedElicitation
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import BaseModel, Field

FORM_MESSAGE = "A few details for the new ticket, please."

#: Creates data, nothing destructive, a new ticket each time.
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


class TicketDesk:
    """The tickets created through the form, numbered from T-100."""

    def __init__(self) -> None:
        self.created: list[dict[str, Any]] = []
        self._numbers = itertools.count(100)

    def create_ticket_tool(self) -> Callable[..., Any]:
        """``tickets___createTicket`` bound to this desk."""

        async def create_ticket(
            title: Annotated[str, Field(description="A short summary of the problem.")],
            ctx: Context,
        ) -> dict[str, Any]:
            """Create a support ticket. Asks you for its priority, assignee and due date."""
            if not title.strip():
                raise ToolError("A ticket needs a title")
            answer = await ctx.elicit(FORM_MESSAGE, TicketDetails)
            if not isinstance(answer, AcceptedElicitation):
                reason = "declined" if answer.action == "decline" else "cancelled"
                return {"created": False, "reason": f"The person {reason} the form."}
            ticket = {
                "id": f"T-{next(self._numbers)}",
                "title": title.strip(),
                **answer.data.model_dump(),
            }
            self.created.append(ticket)
            return {"created": True, "ticket": ticket}

        return create_ticket
