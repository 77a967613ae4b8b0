"""Shows each approval request as a card in the transcript and hands the answer back.

The chat controller passes every :class:`~gui.agent.events.ApprovalRequested` here.
The card's buttons resolve the request's future (the agent loop awaits it; nothing
polls); when the question is stopped the future is cancelled and the card says so.
The card never takes the keyboard focus (someone still typing goes on typing in the
composer); its buttons come right after ``tab_after`` (the composer) in the Tab order.
While a card waits and the window is in the background, the window alerts
(taskbar flash / dock bounce) until the person comes back.

Its view is the card, :class:`gui.ui.widgets.approval_card.ApprovalCardView`: a widget
(not a page in views/) because the transcript builds and lists it and the tools panel
shares its risk texts. May import Qt, the approval core and the transcript widgets.
"""

from __future__ import annotations

import json

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from gui.agent.approval import ApprovalRequest, Decision
from gui.gateway.tools import readable_tool_name
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.press_guard import chain_after
from gui.ui.widgets.transcript import TranscriptView


class ApprovalController(QObject):
    """Puts approval cards into one transcript and wires them to their requests."""

    def __init__(
        self,
        transcript: TranscriptView,
        parent: QObject | None = None,
        *,
        tab_after: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._transcript = transcript
        self._tab_after = tab_after
        #: How many times the window was asked to alert (for tests and curiosity).
        self.alerts = 0

    def show(self, request: ApprovalRequest) -> ApprovalCardView:
        """Add the card for ``request`` (focus stays put); alert if in the background."""
        arguments = json.dumps(request.arguments, indent=2, ensure_ascii=False, default=str)
        card = self._transcript.add_approval_card(
            request.tool.title, request.tool.description, arguments, request.risk
        )
        if request.tool.title != readable_tool_name(request.tool.name):
            card.set_tool_name(request.tool.name)  # the server's title hides it
        card.decided.connect(lambda value: request.decide(Decision(value)))
        request.add_done_callback(lambda done: self._show_outcome(card, done))
        chain_after(self._tab_after, card.keyboard_chain())
        window = self._transcript.window()
        if window.isVisible() and not window.isActiveWindow():
            self.alerts += 1
            QApplication.alert(window)  # until the window is activated again
        return card

    def _show_outcome(self, card: ApprovalCardView, request: ApprovalRequest) -> None:
        # The card may be gone already (a new chat cleared the transcript, then Stop cancelled).
        if not shiboken6.isValid(card):
            return
        answered_here = card.isAncestorOf(QApplication.focusWidget())
        decision = request.decision
        card.set_outcome(decision.value if decision is not None else "stopped")
        if answered_here and self._tab_after is not None:
            # Its buttons are gone: back to where Tab came from, not to a random widget.
            self._tab_after.setFocus(Qt.FocusReason.OtherFocusReason)
