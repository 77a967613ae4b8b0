"""What the chat window does when a tool asks the person: consent cards and form cards.

:class:`ElicitationController` belongs to the chat controller. It adds a
:class:`ConsentCardView` for each ``ConsentRequested`` (Open in browser only for links
``gui.untrusted.is_openable_link`` allows, else the reason from ``link_refusal``; the
host as the browser resolves it; I've connected → ``session.consent_given``; a server's
URL-mode request is answered with ``session.answer_consent``: I've connected →
``accept``, Decline, Cancel), follows ``ConsentEnded`` (the server's
``notifications/elicitation/complete`` ends a card too), and answers the session's forms
with a :class:`FormCardView`,
awaiting the person's click on a future. When the answer ends, a form nobody answered is
cancelled and a consent still waiting is marked stopped. The cards show as every asking
card does (:class:`~gui.ui.controllers.asking_cards.AskingCards`): no focus taken, Tab
order after the composer, an alert when the window is in the background.

Its views are the cards, :class:`gui.ui.widgets.consent_card.ConsentCardView` and
:class:`gui.ui.widgets.form_card.FormCardView`: widgets the transcript holds, not pages.
May import Qt, those widgets, the agent's events and the gateway's forms; the session
only for types.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from gui.agent.events import ConsentEnded, ConsentRequested
from gui.gateway.forms import CANCEL, FormAnswer, FormRequest
from gui.ui.controllers.asking_cards import AskingCards
from gui.ui.widgets.consent_card import (
    CANCELLED,
    CHECKING,
    CONNECTED,
    DECLINED,
    NOT_CONNECTED,
    STOPPED,
    WAITING,
    ConsentCardView,
)
from gui.ui.widgets.form_card import FormCardView
from gui.untrusted import is_openable_link, link_host, link_refusal

if TYPE_CHECKING:
    from gui.agent.protocol import ChatSessionLike


@dataclass(eq=False, repr=False)
class ElicitationController(AskingCards):
    """Consent and form cards in one transcript, for one chat session."""

    session: ChatSessionLike = field(kw_only=True)

    def __post_init__(self, owner: QObject | None) -> None:
        super().__post_init__(owner)
        self._consents: dict[str, ConsentCardView] = {}  # by call id
        self._forms: dict[FormCardView, asyncio.Future[FormAnswer]] = {}
        self.session.set_form_handler(self.answer_form)

    def consent_cards(self) -> list[ConsentCardView]:
        """The consent cards of the current answer."""
        return list(self._consents.values())

    def show_consent(self, event: ConsentRequested) -> ConsentCardView:
        """A card for a tool that waits for the person to connect an account."""
        refusal = link_refusal(event.url)
        answerable = event.answerable
        card = ConsentCardView(
            event.title,
            event.message,
            link_host(event.url),
            event.url,
            openable=refusal is None,
            refusal=refusal,
            answerable=answerable,
        )
        eid, url = event.elicitation_id, event.url
        card.open_requested.connect(lambda: self._open(url))
        if answerable:
            card.connected_clicked.connect(lambda: self.session.answer_consent(eid, "accept"))
            card.declined_clicked.connect(lambda: self.session.answer_consent(eid, "decline"))
            card.cancelled_clicked.connect(lambda: self.session.answer_consent(eid, "cancel"))
        else:
            card.connected_clicked.connect(lambda: self._connected(eid))
        self._consents[event.call_id] = card
        self.transcript.add_item(card)
        self._present(card.keyboard_chain())
        return card

    def consent_ended(self, event: ConsentEnded) -> None:
        """The retry ran: connected, or still not."""
        card = self._consents.get(event.call_id)
        if card is None or card.state() in (DECLINED, CANCELLED):
            return  # the person's own answer stands
        if event.connected:
            card.set_state(CONNECTED)
        elif card.is_answerable() and card.state() == WAITING:
            card.set_state(STOPPED)  # the call ended before anyone answered
        else:
            card.set_state(NOT_CONNECTED)

    async def answer_form(self, request: FormRequest) -> FormAnswer:
        """The session's form handler: show the form, wait for Accept, Decline or Cancel."""
        card = FormCardView(request)
        future: asyncio.Future[FormAnswer] = asyncio.get_running_loop().create_future()
        self._forms[card] = future

        def answered(action: str, content: dict) -> None:
            if not future.done():
                future.set_result(FormAnswer(action, content))  # type: ignore[arg-type]

        card.answered.connect(answered)
        self.transcript.add_item(card)
        self._present(card.keyboard_chain())
        try:
            return await future
        finally:
            self._forms.pop(card, None)
            card.close_unanswered()

    def end_answer(self) -> None:
        """The answer is over (done or stopped): cancel open forms, stop waiting cards."""
        for card, future in list(self._forms.items()):
            if not future.done():
                future.set_result(FormAnswer(CANCEL))
            card.close_unanswered()
        for card in self._consents.values():
            if card.state() in (WAITING, CHECKING):
                card.set_state(STOPPED)
        self._consents.clear()

    def _open(self, url: str) -> None:
        if is_openable_link(url):  # checked again: only what the card offered to open
            QDesktopServices.openUrl(QUrl(url))

    def _connected(self, elicitation_id: str) -> None:
        self.session.consent_given(elicitation_id)
