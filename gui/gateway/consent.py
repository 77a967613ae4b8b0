"""Waiting for a person to connect an account (AgentCore Identity 3LO, MCP URL elicitation).

A tool call answered with -32042 (:class:`~gui.errors.ConsentRequired`) is tried again
once the consent is given. Two things can say so, whichever comes first:

- the person ("I've connected" in the window, Enter in the terminal): :meth:`complete`;
- the server: ``notifications/elicitation/complete`` for that elicitation id, which the
  gateway client hands to :meth:`complete` too.

Invariants: a waiter is a future, never a poll; it is registered *before* the person is
shown the link, so a completion cannot slip in between; a completion that arrives with
nobody waiting is remembered (briefly) so a waiter registered just after still sees it.
No Qt, no mcp.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

PERSON, SERVER = "person", "server"
_REMEMBERED = 64  # completions kept for a waiter that registers late


class ConsentWaits:
    """Futures for pending consents, keyed by elicitation id."""

    def __init__(self) -> None:
        self._waiting: dict[str, list[asyncio.Future[str]]] = {}
        self._completed: OrderedDict[str, str] = OrderedDict()

    def wait(self, elicitation_id: str) -> asyncio.Future[str]:
        """A future that resolves to who completed it (``"person"`` or ``"server"``).

        Cancel it (or the task awaiting it) to stop waiting.
        """
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        early = self._completed.pop(elicitation_id, None)
        if early is not None:
            future.set_result(early)
            return future
        waiters = self._waiting.setdefault(elicitation_id, [])
        waiters.append(future)
        future.add_done_callback(lambda done: self._forget(elicitation_id, done))
        return future

    def complete(self, elicitation_id: str, by: str = PERSON) -> bool:
        """Wake whoever waits for ``elicitation_id``; True when someone was waiting."""
        waiters = [f for f in self._waiting.pop(elicitation_id, []) if not f.done()]
        for future in waiters:
            future.set_result(by)
        if not waiters:
            self._completed[elicitation_id] = by
            while len(self._completed) > _REMEMBERED:
                self._completed.popitem(last=False)
        return bool(waiters)

    def pending(self) -> list[str]:
        """The elicitation ids someone is waiting for."""
        return [key for key, futures in self._waiting.items() if futures]

    def _forget(self, elicitation_id: str, future: asyncio.Future[str]) -> None:
        waiters = self._waiting.get(elicitation_id)
        if waiters and future in waiters:
            waiters.remove(future)
            if not waiters:
                del self._waiting[elicitation_id]
