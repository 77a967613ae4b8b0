"""The demo gateway's ``tickets`` target: a small in-memory ticket book per gateway.

Two tools, so the demo shows what approval is for: ``tickets___listTickets``
only reads (annotated ``readOnlyHint``: it runs without asking) and
``tickets___deleteTicket`` removes a ticket for good (annotated
``destructiveHint``: the app asks first, with its strongest warning).

Each :class:`TicketBook` starts with the same few tickets (T-1, T-2, ...), so a
test or a demo run begins from a known state; the book lives as long as its
``DemoGateway`` (a restart of the same object keeps what was deleted). The tool
functions run on the gateway's server thread while tests read the book from
theirs, hence the lock. No Qt, no network here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

_FIRST_TICKETS: tuple[tuple[str, str, str], ...] = (
    ("T-1", "VPN drops every few minutes on the office Wi-Fi", "open"),
    ("T-2", "Printer on the 3rd floor jams on A3 paper", "open"),
    ("T-3", "Request: a second monitor for neruneruo", "in progress"),
    ("T-4", "Expense tool rejects receipts larger than 5 MB", "closed"),
)

READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
# Deleting the same ticket twice leaves the book as deleting it once did: idempotent.
DESTRUCTIVE = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
)


class TicketBook:
    """The tickets of one demo gateway; ``tools()`` gives its MCP tools."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tickets: dict[str, dict[str, str]] = {
            ticket_id: {"id": ticket_id, "title": title, "status": status}
            for ticket_id, title, status in _FIRST_TICKETS
        }

    def ids(self) -> list[str]:
        """The ids of the tickets that still exist, in order."""
        with self._lock:
            return list(self._tickets)

    def list_tickets(self) -> dict[str, Any]:
        """List the support tickets: id (e.g. T-1), title and status of each."""
        with self._lock:
            tickets = [dict(ticket) for ticket in self._tickets.values()]
        return {"tickets": tickets, "count": len(tickets)}

    def delete_ticket(
        self,
        ticket_id: Annotated[str, Field(description="The ticket's id, e.g. 'T-1'.")],
    ) -> dict[str, Any]:
        """Delete one support ticket for good. It cannot be restored."""
        key = ticket_id.strip().upper()
        with self._lock:
            removed = self._tickets.pop(key, None)
        if removed is None:
            raise ToolError(f"No ticket '{ticket_id}'")
        return {"deleted": key, "title": removed["title"]}

    def tools(self) -> list[tuple[str, Callable[..., Any], bool | None, ToolAnnotations]]:
        """(name, function, structured output?, annotations) for the gateway to register."""
        return [
            ("tickets___listTickets", self.list_tickets, None, READ_ONLY),
            ("tickets___deleteTicket", self.delete_ticket, None, DESTRUCTIVE),
        ]
