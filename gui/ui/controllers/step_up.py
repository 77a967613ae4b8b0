"""Step-up in the chat window: the gateway asked for a permission the sign-in lacks.

On a :class:`~gui.errors.ScopeRequired` (403 ``insufficient_scope`` naming a scope) the
chat shows a :class:`~gui.ui.widgets.step_up_card.StepUpCardView`. **Sign in again**
adds the scope to what the session asks for (scopes accumulate), runs the profile's way
of signing in (the device code, or this computer's browser; the browser when the
provider has no device endpoint) inside the card, and on success emits
``signed_in_again(question)``: the chat asks the question that failed once more, in the
same conversation. The sign-in session and the opener are the sign-in page's
(:class:`~gui.ui.controllers.sign_in.SignInController`): the one session of the profile.

Once the scope was granted by a sign-in and the gateway still refuses, no card is
offered again (the error says to ask an administrator): no sign-in loop. A sign-in that
comes back as another person emits ``identity_changed``: the window starts over.

May import Qt, the card, :mod:`gui.errors`, :mod:`gui.untrusted`, the sign-in
controller (for its session and opener and its error texts); the auth core for types.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import InitVar, dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gui.errors import AppError, IdentityChanged, ScopeRequired
from gui.ui.controllers.sign_in import describe_sign_in_error
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.widgets.step_up_card import OFFERED, SIGNING_IN, StepUpCardView
from gui.untrusted import is_openable_link

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.ui.controllers.sign_in import SignInController
    from gui.ui.widgets.transcript import TranscriptView

log = logging.getLogger(__name__)


@dataclass(eq=False, repr=False)
class StepUpController(QObject):
    """Step-up cards in one transcript; ``signed_in_again(question)`` after a success."""

    signed_in_again = Signal(str)
    identity_changed = Signal(object)

    transcript: TranscriptView
    sign_in: SignInController  # the window's: its session, its way of opening links
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self._tasks = TaskKeeper()
        self._granted: set[str] = set()  # scopes a step-up sign-in asked for and got
        self._links: dict[StepUpCardView, str] = {}  # the link each waiting card shows
        self._running: dict[StepUpCardView, asyncio.Task[None]] = {}
        self.cards: list[StepUpCardView] = []

    def offer(self, error: ScopeRequired, question: str) -> StepUpCardView | None:
        """A card for ``error``; None when signing in again cannot help (already tried)."""
        wanted = set(error.scope.split())
        if not wanted or wanted <= self._granted or self.sign_in.session is None:
            return None
        card = StepUpCardView(error.scope)
        card.sign_in_clicked.connect(lambda: self._start(card, error.scope, question))
        card.dismiss_clicked.connect(card.dismiss)
        card.open_clicked.connect(lambda: self._open(self._links.get(card, "")))
        card.cancel_clicked.connect(lambda: self._cancel(card))
        self.transcript.add_item(card)
        self.cards.append(card)
        card.focus_first_button()
        return card

    def cancel_all(self) -> None:
        """Stop every sign-in under way (a new chat, the window closing)."""
        self._tasks.cancel_all()
        for card in self.cards:
            if card.state() == SIGNING_IN:
                card.dismiss()
        self.cards = [card for card in self.cards if card.state() != SIGNING_IN]

    async def shutdown(self) -> None:
        """Cancel and wait for the sign-ins under way."""
        self.cancel_all()
        await self._tasks.wait()

    # -- the sign-in -------------------------------------------------------------------------

    def _start(self, card: StepUpCardView, scope: str, question: str) -> None:
        session = self.sign_in.session
        if session is None or card.state() == SIGNING_IN:
            return
        card.show_starting()
        task = self._tasks.spawn(
            self._sign_in_again(session, card, scope, question),
            on_error=lambda exc: card.show_failed(str(exc) or type(exc).__name__),
        )
        self._running[card] = task
        task.add_done_callback(lambda _: self._running.pop(card, None))

    async def _sign_in_again(
        self, session: AuthSession, card: StepUpCardView, scope: str, question: str
    ) -> None:
        before = session.identity.subject if session.identity is not None else None
        session.ask_for_scopes(scope)
        try:
            metadata = await session.metadata()
            browser = session.profile.sign_in_method == "browser" or not metadata.offers_device_flow
            if browser:
                pending = await session.start_browser_sign_in()
                self._show(card, pending.url, browser=True)
                identity = await session.wait_for_browser(pending)
            else:
                code = await session.start_sign_in()
                self._show(card, code.link, browser=False, user_code=code.user_code)
                identity = await session.wait_for_approval(code)
        except AppError as exc:
            title, message = describe_sign_in_error(exc)
            card.show_failed(f"{title}: {message}")
            return
        finally:
            self._links.pop(card, None)
        if before is not None and identity.subject != before:
            card.show_failed(self.tr("You signed in as another account."))
            self.identity_changed.emit(IdentityChanged())
            return
        self._granted.update(scope.split())
        card.show_done(self.tr("Signed in again with “%1”. Asking again…").replace("%1", scope))
        self.signed_in_again.emit(question)

    def _show(self, card: StepUpCardView, link: str, *, browser: bool, user_code: str = "") -> None:
        openable = is_openable_link(link)
        self._links[card] = link
        if browser:
            card.show_browser(link, openable=openable)
        else:
            card.show_code(user_code, link, openable=openable)
        self._open(link)  # at once, as the sign-in page does

    def _open(self, link: str) -> None:
        # The one door from a provider's link to the browser, as on the sign-in page.
        if is_openable_link(link):
            self.sign_in.opener(link)

    def _cancel(self, card: StepUpCardView) -> None:
        task = self._running.pop(card, None)
        if task is not None and not task.done():
            task.cancel()
        card.set_state(OFFERED, "")  # Sign in again, once more, if the person wants
