"""Shows each approval request as a card in the transcript and hands the answer back.

The chat controller passes every :class:`~gui.agent.events.ApprovalRequested` here.
The card's buttons resolve the request's future (the agent loop awaits it; nothing
polls); when the question is stopped the future is cancelled and the card says so.
Like every asking card (:class:`~gui.ui.controllers.asking_cards.AskingCards`) it never
takes the keyboard focus, its buttons come right after the composer in the Tab order, and
a window in the background alerts.

Its view is the card, :class:`gui.ui.widgets.approval_card.ApprovalCardView`: a widget
(not a page in views/) because the transcript builds and lists it and the tools panel
shares its risk texts. May import Qt, the approval core and the transcript widgets.
"""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gui.agent.approval import ApprovalRequest, Decision
from gui.gateway.tools import readable_tool_name
from gui.ui.controllers.asking_cards import AskingCards
from gui.ui.widgets.approval_card import ApprovalCardView


class ApprovalController(AskingCards):
    """Puts approval cards into one transcript and wires them to their requests."""

    def show(self, request: ApprovalRequest) -> ApprovalCardView:
        """Add the card for ``request`` (focus stays put); alert if in the background."""
        arguments = json.dumps(request.arguments, indent=2, ensure_ascii=False, default=str)
        card = self.transcript.add_approval_card(
            request.tool.title, request.tool.description, arguments, request.risk
        )
        if request.tool.title != readable_tool_name(request.tool.name):
            card.set_tool_name(request.tool.name)  # the server's title hides it
        card.decided.connect(lambda value: request.decide(Decision(value)))
        request.add_done_callback(lambda done: self._show_outcome(card, done))
        self._present(card.keyboard_chain())
        return card

    def _show_outcome(self, card: ApprovalCardView, request: ApprovalRequest) -> None:
        # The card may be gone already (a new chat cleared the transcript, then Stop cancelled).
        if not shiboken6.isValid(card):
            return
        answered_here = card.isAncestorOf(QApplication.focusWidget())
        decision = request.decision
        card.set_outcome(decision.value if decision is not None else "stopped")
        if answered_here and self.tab_after is not None:
            # Its buttons are gone: back to where Tab came from, not to a random widget.
            self.tab_after.setFocus(Qt.FocusReason.OtherFocusReason)
