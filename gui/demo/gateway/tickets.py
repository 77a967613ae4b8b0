"""The demo gateway's ``tickets`` target: a small in-memory ticket book per gateway.

Four tools, so the demo shows what approval and permissions are for: ``tickets___listTickets``
only reads (annotated ``readOnlyHint``: it runs without asking); ``tickets___auditLog``
only reads too, but the gateway lets it run only for a token with the extra
``tickets:admin`` scope (:data:`ADMIN_SCOPE`: a 403 ``insufficient_scope`` otherwise,
which the app answers by offering to sign in again for it);
``tickets___deleteTicket`` removes a ticket for good (annotated
``destructiveHint``: the app asks first, with its strongest warning) and
``tickets___createTicket`` adds one after asking the person for its details in a
form (neither hint: it may change data, so the app asks before it too). The form
tool lives in ``gui.demo.gateway.forms``; it writes to this same book through :meth:`add`,
so a created ticket shows up in the list.

Each :class:`TicketBook` starts with the same few tickets (T-1, T-2, ...), so a
test or a demo run begins from a known state; the book lives as long as its
``DemoGateway`` (a restart of the same object keeps what was deleted). The tool
functions run on the gateway's server thread while tests read the book from
theirs, hence the lock. No Qt, no network here.

May import: mcp's server types, pydantic.
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
ADMIN_SCOPE = "tickets:admin"  # what tickets___auditLog needs beyond invoke:mcp
AUDIT_LOG = "tickets___auditLog"
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
        self._next_number = len(_FIRST_TICKETS) + 1
        #: The tickets added through :meth:`add`, oldest first (copies).
        self.created: list[dict[str, Any]] = []
        self._log: list[dict[str, str]] = [
            {"ticket": ticket_id, "change": "opened"} for ticket_id, _, _ in _FIRST_TICKETS
        ]

    def ids(self) -> list[str]:
        """The ids of the tickets that still exist, in order."""
        with self._lock:
            return list(self._tickets)

    def add(self, title: str, details: dict[str, Any]) -> dict[str, Any]:
        """File a new open ticket (T-5, T-6, ...) with ``details``; returns a copy of it."""
        with self._lock:
            # Numbers are never reused, so a deleted ticket's id never names a new one.
            ticket_id = f"T-{self._next_number}"
            self._next_number += 1
            ticket = {"id": ticket_id, "title": title, "status": "open", **details}
            self._tickets[ticket_id] = ticket
            self.created.append(dict(ticket))
            self._log.append({"ticket": ticket_id, "change": "opened"})
        return dict(ticket)

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
            if removed is not None:
                self._log.append({"ticket": key, "change": "deleted"})
        if removed is None:
            raise ToolError(f"No ticket '{ticket_id}'")
        return {"deleted": key, "title": removed["title"]}

    def audit_log(self) -> dict[str, Any]:
        """Show the audit log of the support tickets: each change, oldest first.

        Administrators only: it needs the tickets:admin permission.
        """
        with self._lock:
            entries = [dict(entry) for entry in self._log]
        return {"entries": entries, "count": len(entries)}

    def tools(self) -> list[tuple[str, Callable[..., Any], bool | None, ToolAnnotations]]:
        """(name, function, structured output?, annotations) for the gateway to register."""
        return [
            ("tickets___listTickets", self.list_tickets, None, READ_ONLY),
            ("tickets___deleteTicket", self.delete_ticket, None, DESTRUCTIVE),
            (AUDIT_LOG, self.audit_log, None, READ_ONLY),
        ]
