"""Waiting for a person to connect an account (AgentCore Identity 3LO, MCP URL elicitation).

Two ways a server asks the person to open a link, one path for both:

- as an error: a tool call answered with -32042 (:class:`~gui.errors.ConsentRequired`) is
  tried again once the consent is given;
- as a request: ``elicitation/create`` with ``mode: "url"`` in the middle of a call
  (:class:`gui.gateway.calls.ConsentAsked`), answered ``accept``, ``decline`` or
  ``cancel``.

Whichever comes first settles a waiter:

- the person ("I've connected" in the window, Enter in the terminal): :meth:`complete`;
  "Decline" / "Cancel" (``n`` / end of input in the terminal): :meth:`answer`;
- the server: ``notifications/elicitation/complete`` for that elicitation id, which the
  gateway client hands to :meth:`complete` too.

A waiter's result says how it ended: :data:`PERSON` or :data:`SERVER` (connected, so
``accept``), :data:`DECLINED` or :data:`CANCELLED`; :func:`action_of` names the answer.

Invariants: a waiter is a future, never a poll; it is registered *before* the person is
shown the link, so a completion cannot slip in between; a completion that arrives with
nobody waiting is remembered (briefly) so a waiter registered just after still sees it.
No Qt, no mcp.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

PERSON, SERVER = "person", "server"
DECLINED, CANCELLED = "declined", "cancelled"
_ACTIONS = {PERSON: "accept", SERVER: "accept", DECLINED: "decline", CANCELLED: "cancel"}
_REMEMBERED = 64  # completions kept for a waiter that registers late


class ConsentWaits:
    """Futures for pending consents, keyed by elicitation id."""

    def __init__(self) -> None:
        self._waiting: dict[str, list[asyncio.Future[str]]] = {}
        self._completed: OrderedDict[str, str] = OrderedDict()

    def wait(self, elicitation_id: str) -> asyncio.Future[str]:
        """A future that resolves to how it ended: who connected, or that it was refused.

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

    def answer(self, elicitation_id: str, action: str) -> bool:
        """The person's answer other than "I've connected": ``"decline"`` or ``"cancel"``."""
        outcome = {"accept": PERSON, "decline": DECLINED, "cancel": CANCELLED}.get(action)
        if outcome is None:
            raise ValueError(f"not an answer: {action!r}")
        return self.complete(elicitation_id, outcome)

    def pending(self) -> list[str]:
        """The elicitation ids someone is waiting for."""
        return [key for key, futures in self._waiting.items() if futures]

    def _forget(self, elicitation_id: str, future: asyncio.Future[str]) -> None:
        waiters = self._waiting.get(elicitation_id)
        if waiters and future in waiters:
            waiters.remove(future)
            if not waiters:
                del self._waiting[elicitation_id]


def action_of(outcome: str) -> str:
    """The elicitation answer for a waiter's outcome: ``accept``, ``decline`` or ``cancel``."""
    return _ACTIONS.get(outcome, "cancel")
