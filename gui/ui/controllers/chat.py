"""The chat pane made to work: :class:`ChatController` drives a
:class:`~gui.ui.views.chat.ChatPage` with a chat session.

The controller owns the page and a session (:class:`gui.agent.protocol.ChatSessionLike`:
the window hands in a recording :class:`gui.agent.session.ChatSession`); it awaits the
session, turns its typed events into messages, tool cards and notices, and its typed
errors into what the page shows. A question runs as one task the controller keeps; text
deltas are buffered and flushed on a short timer, so a fast stream costs one render per
flush instead of one per delta (a message's first delta is shown at once: the first
words are what a person waits for). Approval cards, consent/form cards, what a tool card
shows while it runs and after (tool_results.py) and the tools panel (tools_panel.py) have
their own controllers, owned by this one.

May import Qt, the chat view and widgets, the events and errors of the cores; the
session only for types.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import KW_ONLY, InitVar, dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from gui.agent import events
from gui.errors import AccessRevoked, AppError, NotSignedIn, ScopeRequired, SessionExpired
from gui.ui.controllers.approval import ApprovalController
from gui.ui.controllers.elicitation import ElicitationController
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.tool_results import ToolResultsController
from gui.ui.controllers.tools_panel import ToolsPanelController
from gui.ui.controllers.wiring import connect_by_name
from gui.ui.markdown import LINKABLE_SCHEMES
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.tool_card import ToolCardView
from gui.ui.widgets.transcript import (
    ERROR,
    INFO,
    STOPPED,
    MessageView,
    NoticeView,
    TranscriptView,
)
from gui.untrusted import is_openable_link

if TYPE_CHECKING:  # the agent module loads strands lazily; the controller needs only its shape
    from gui.agent.events import ChatEvent
    from gui.agent.model_catalog import ModelEntry
    from gui.agent.protocol import ChatSessionLike
    from gui.ui.controllers.sign_in import SignInController
    from gui.ui.controllers.step_up import StepUpController

    #: Lists the models this person can use (``AppServices.list_models`` for the profile).
    ModelLister = Callable[[], Awaitable[Sequence[ModelEntry]]]

FLUSH_INTERVAL_MS = 25  # deltas arriving within this window are rendered together
# A burst larger than this is rendered at once, so no single flush parses and lays out
# so much text that the loop stalls (a 40 KB flush takes ~40 ms; 2 KB ~4 ms, 1 KB ~2.5 ms
# plus the layout and paint after it: under load a 2 KB flush alone overran a frame).
MAX_PENDING_CHARS = 1024
STOP_GRACE_MS = 600  # after Stop, wait this long for the session to end the answer itself
RESULT_LIMIT = 64 * 1024  # characters of a tool result shown in its card
SIGN_IN_AGAIN = (SessionExpired, AccessRevoked, NotSignedIn)
BUSY_TICK_MS = 1000  # the busy notice counts down in whole seconds


def format_arguments(arguments: object) -> str:
    """Arguments as indented JSON (anything JSON cannot hold is shown with ``str``)."""
    return json.dumps(arguments, indent=2, ensure_ascii=False, default=str)


def format_result(text: str, limit: int = RESULT_LIMIT) -> tuple[str, int]:
    """A tool result for its card: JSON re-indented, long text cut to ``limit``.

    Returns the text to show and how many characters were left out.
    """
    if len(text) <= limit and text.lstrip()[:1] in ("{", "["):
        with contextlib.suppress(ValueError):  # not JSON after all: show it as it came
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


@dataclass(eq=False, repr=False)
class ChatController(QObject):
    """Drives a :class:`ChatPage` with a chat session.

    ``session_failed`` carries an :class:`AppError` that means "sign in again"
    (:class:`SessionExpired`, :class:`AccessRevoked`, :class:`NotSignedIn`).
    With ``list_models``, the header offers the models it lists (``current_model``
    selected); ``model_chosen`` carries the config id the person picked instead, for the
    window to save and apply.
    """

    session_failed = Signal(object)
    model_chosen = Signal(str)

    page: ChatPage
    session: ChatSessionLike
    owner: InitVar[QObject | None] = None
    _: KW_ONLY
    list_models: ModelLister | None = None
    current_model: str = ""  # its config id

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self._listing: asyncio.Task[None] | None = None
        self._listed: list[ModelEntry] = []  # the last listing, named again on a language change
        self._ready = False
        self._question: asyncio.Task[None] | None = None
        self._stop_by_cancel = False  # the stop fallback cancelled the question
        self._tasks = TaskKeeper()  # the question, start, refresh, new chat
        self._pending: list[str] = []  # text deltas not rendered yet
        self._pending_chars = 0
        self._answer: MessageView | None = None  # the message deltas go to
        self._last_answer: MessageView | None = None  # this question's latest message
        self._saw_text = False
        self._shown_answers = 0  # this question's messages closed with text in them
        self._busy: NoticeView | None = None  # "The model is busy — trying again in N s"
        self._busy_until = 0.0  # time.monotonic() of the retry
        self._cards: dict[str, ToolCardView] = {}
        # Consent links and server forms (gui/ui/controllers/elicitation.py).
        # Cards never take the focus; Tab from the question box reaches them first.
        composer = self.page.composer.edit
        self.elicitation = ElicitationController(
            self.page.transcript, self, session=self.session, tab_after=composer
        )
        self.approvals = ApprovalController(self.page.transcript, self, tab_after=composer)
        #: Step-up cards (a scope the gateway asked for): set by :meth:`enable_step_up`.
        self.step_up: StepUpController | None = None
        self._asking = ""  # the question being answered, to ask again after a step-up
        self.results = ToolResultsController(self)  # progress, parts, details of tool cards
        self.tools = ToolsPanelController(
            self.page.tools_panel, self.session, on_error=self._on_tools_error, owner=self
        )
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_INTERVAL_MS)
        self._flush_timer.timeout.connect(self._on_flush_timer_timeout)
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.setInterval(STOP_GRACE_MS)
        self._stop_timer.timeout.connect(self._on_stop_timer_timeout)
        self._busy_timer = QTimer(self)
        self._busy_timer.setInterval(BUSY_TICK_MS)
        self._busy_timer.timeout.connect(self._on_busy_timer_timeout)

        composer = self.page.composer
        connect_by_name(composer, self, "composer")
        self.page.new_chat_shortcut.activated.connect(self._on_composer_new_chat_requested)
        self.page.stop_shortcut.activated.connect(self._on_composer_stop_requested)
        connect_by_name(self.page, self, "page")
        self.page.transcript.link_activated.connect(self._on_transcript_link_activated)
        self._update_composer()

    # --- public API --------------------------------------------------------------------------

    @property
    def is_answering(self) -> bool:
        """True while a question runs."""
        return self._question is not None and not self._question.done()

    def enable_step_up(self, sign_in: SignInController) -> None:
        """Offer to sign in again (``sign_in``'s session) when the gateway asks for a scope."""
        from gui.ui.controllers.step_up import StepUpController

        self.step_up = StepUpController(self.page.transcript, sign_in, self)
        self.step_up.signed_in_again.connect(self._on_step_up_signed_in_again)
        self.step_up.identity_changed.connect(self.session_failed)

    async def start(self) -> None:
        """Start the session, list its tools and show the model; errors go to the page.

        The models are listed meanwhile: the picker helps most when the model fails.
        """
        self._show_model()
        if self.list_models is not None and self._listing is None:
            self._load_models()
        self.page.show_status(self.tr("Connecting to the gateway…"))
        try:
            await self.session.start()
        except AppError as exc:
            self._show_start_error(exc)
            return
        self.page.hide_status()
        self._ready = True
        self._update_composer()
        self.page.composer.focus_input()
        await self.tools.load()

    async def shutdown(self) -> None:
        """Stop a running question, cancel background work and close the session."""
        self._ready = False
        if self.step_up is not None:
            await self.step_up.shutdown()
        await self._stop_question()
        self._tasks.cancel_all()
        self.tools.close()
        await self._tasks.wait()
        await self.tools.wait()
        await self.results.close()
        self._flush_timer.stop()
        self._stop_timer.stop()
        self._busy_timer.stop()
        await self.session.aclose()

    async def new_chat(self) -> None:
        """Stop any question and start an empty conversation (the sidebar's Ctrl+N)."""
        await self._new_chat()

    async def show_saved(self, fill: Callable[[TranscriptView], Awaitable[None]]) -> None:
        """Stop any question, start afresh, and let ``fill`` show a saved conversation."""
        await self._new_chat()
        await fill(self.page.transcript)
        self.page.composer.focus_input()

    # --- asking ------------------------------------------------------------------------------

    def _on_composer_submitted(self) -> None:
        question = self.page.composer.text().strip()
        if not question or not self._ready or self.is_answering:
            return
        self.page.composer.clear()
        self.page.transcript.add_user_message(question)
        self._start_question(question)

    def _start_question(self, question: str) -> None:
        self._stop_by_cancel = False
        self._question = self._tasks.spawn(self._ask(question))
        self._question.add_done_callback(self._on_question_done)
        self._update_composer()

    def _on_step_up_signed_in_again(self, question: str) -> None:
        # The same question, in the same conversation, now with the permission it lacked.
        if question and self._ready and not self.is_answering:
            self._start_question(question)

    async def _ask(self, question: str) -> None:
        self._asking = question
        self._answer, self._saw_text, self._cards = None, False, {}
        self._last_answer, self._shown_answers = None, 0
        stream = self.session.ask(question)
        try:
            async for event in stream:
                self._show_event(event)
        except asyncio.CancelledError:
            if not self._stop_by_cancel:
                raise  # shutdown or new chat: nothing more to show
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()  # our own stop fallback: the question ends normally
            self._end_answer(stopped=True)
        except AppError as exc:  # the session reports errors as Failed; this is a fallback
            self._show_error(exc)
            self._end_answer(stopped=False)
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()

    def _show_event(self, event: ChatEvent) -> None:
        if isinstance(event, events.ModelBusy):
            self._show_busy(event)
            return
        self._end_busy()  # the notice stands until the next event
        if isinstance(event, events.TextDelta):
            self._add_text(event.text)
        elif isinstance(event, events.ToolStarted):
            self._flush()
            self._close_answer()
            card = self.page.transcript.add_tool_card(
                event.title, format_arguments(event.arguments)
            )
            self.results.started(card, event)
            self._cards[event.call_id] = card
        elif isinstance(event, events.ToolProgress):
            running = self._cards.get(event.call_id)
            if running is not None:
                self.results.progress(running, event)
        elif isinstance(event, events.ToolFinished):
            self._show_tool_result(event)
        elif isinstance(event, events.ConsentRequested):
            self._flush()
            self._close_answer()
            self.elicitation.show_consent(event)
        elif isinstance(event, events.ConsentEnded):
            self.elicitation.consent_ended(event)
        elif isinstance(event, events.ApprovalRequested):
            self._flush()
            self._close_answer()
            self.approvals.show(event.request)
        elif isinstance(event, events.Failed):
            self._show_error(event.error)
        elif isinstance(event, events.Done):
            self._flush()
            if not self._saw_text and event.text and not event.stopped:
                # A provider that does not stream: the whole answer comes with Done.
                self._last_answer = self.page.transcript.add_assistant_message()
                self._last_answer.set_markdown(event.text)
            if event.usage and self._last_answer is not None:
                self.page.transcript.row_of(self._last_answer).set_footer(
                    self._usage_text(event.usage.input_tokens, event.usage.output_tokens)
                )
            self._end_answer(stopped=event.stopped)

    def _add_text(self, text: str) -> None:
        if not text:
            return
        self._saw_text = True
        self._pending.append(text)
        self._pending_chars += len(text)
        if self._pending_chars >= MAX_PENDING_CHARS or self._answer is None:
            # The first words of a message show at once; the rest is batched.
            self._flush()
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def _on_flush_timer_timeout(self) -> None:
        self._flush()

    def _flush(self) -> None:
        self._flush_timer.stop()
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        self._pending_chars = 0
        if self._answer is None:
            self._answer = self.page.transcript.add_assistant_message()
            self._last_answer = self._answer
        self._answer.append_markdown(text)

    def _close_answer(self) -> None:
        if self._answer is not None:
            self._answer.finish()
            self._answer = None
            self._shown_answers += 1

    # --- a busy model ------------------------------------------------------------------------

    def _show_busy(self, event: events.ModelBusy) -> None:
        """The provider said busy: drop what the failed call began, count down to the retry.

        The message being streamed holds only this model call's text (a tool card or an
        approval closes it), and the retry says it anew: it goes, unread parts and all.
        """
        self._flush_timer.stop()
        self._pending.clear()
        self._pending_chars = 0
        if self._answer is not None:
            if self._last_answer is self._answer:
                self._last_answer = None
            self.page.transcript.remove_item(self._answer)
            self._answer = None
        self._saw_text = self._shown_answers > 0
        self._busy_until = time.monotonic() + max(0.0, event.retry_in_seconds)
        if self._busy is None:
            self._busy = self.page.transcript.add_notice("", INFO)
        self._show_busy_count()
        self._busy_timer.start()

    def _on_busy_timer_timeout(self) -> None:
        self._show_busy_count()

    def _show_busy_count(self) -> None:
        if self._busy is None:
            return
        left = math.ceil(self._busy_until - time.monotonic() - 0.05)
        if left > 0:
            text = self.tr("The model is busy — trying again in %n s", "", left)
        else:
            text = self.tr("The model is busy — trying again now…")
        self._busy.setText(text)
        self._busy.setAccessibleName(text)

    def _end_busy(self) -> None:
        self._busy_timer.stop()
        if self._busy is not None:
            self.page.transcript.remove_item(self._busy)
            self._busy = None

    def _usage_text(self, input_tokens: int, output_tokens: int) -> str:
        locale = QLocale()
        return (
            self.tr("Tokens: %1 in, %2 out")
            .replace("%1", locale.toString(input_tokens))
            .replace("%2", locale.toString(output_tokens))
        )

    def _show_tool_result(self, event: events.ToolFinished) -> None:
        card = self._cards.get(event.call_id)
        if card is None:  # never saw it start: show it anyway
            card = self.page.transcript.add_tool_card(event.title, "")
            self._cards[event.call_id] = card
        text, left_out = format_result(event.text)
        if left_out:
            text += "\n\n" + self.tr("… %n more character(s) not shown", "", left_out)
        card.set_expanded(False)  # first: a collapsed card does not build its result box
        self.results.finished(card, event)  # its parts and details, before the text
        card.set_result(text, is_error=event.is_error)

    def _show_error(self, error: AppError) -> None:
        self._flush()
        self._close_answer()
        offered = (
            isinstance(error, ScopeRequired)
            and self.step_up is not None
            and self.step_up.offer(error, self._asking) is not None
        )
        if offered:
            return  # the card says it, and offers to sign in again
        self.page.transcript.add_notice(error.message, ERROR)
        if isinstance(error, SIGN_IN_AGAIN):
            self.session_failed.emit(error)

    def _end_answer(self, *, stopped: bool) -> None:
        self._end_busy()
        self._flush()
        self._close_answer()
        self._stop_timer.stop()
        self.elicitation.end_answer()
        if stopped:
            for card in self._cards.values():
                if card.is_running():
                    card.set_stopped()
            self.page.transcript.add_notice(self.tr("Stopped."), STOPPED)

    def _on_question_done(self, task: asyncio.Task[None]) -> None:
        if task is self._question:
            self._question = None
        self._stop_timer.stop()
        self._update_composer()
        if self.page.isVisible():
            self.page.composer.focus_input()

    # --- stopping and starting over ----------------------------------------------------------

    def _on_composer_stop_requested(self) -> None:
        if not self.is_answering or self._stop_timer.isActive():
            return
        self.session.stop()
        self.page.composer.set_stopping()
        # The session should end the answer with Done(stopped=True) at once; if a tool
        # call holds it up, cancel the task so the window never waits on it.
        self._stop_timer.start()

    def _on_stop_timer_timeout(self) -> None:
        if self._question is not None and not self._question.done():
            self._stop_by_cancel = True
            self._question.cancel()

    async def _stop_question(self) -> None:
        task = self._question
        if task is None or task.done():
            return
        self.session.stop()
        await asyncio.wait({task}, timeout=STOP_GRACE_MS / 1000)
        if not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _on_composer_new_chat_requested(self) -> None:
        self._tasks.spawn(self._new_chat())

    async def _new_chat(self) -> None:
        await self._stop_question()
        if self.step_up is not None:
            self.step_up.cancel_all()
        self._flush_timer.stop()
        self._busy_timer.stop()
        self._busy = None  # cleared with the transcript
        self._pending.clear()
        self._pending_chars = 0
        self._answer, self._last_answer, self._cards = None, None, {}
        self.page.transcript.clear()
        self.session.new_conversation()
        self._update_composer()
        self.page.composer.focus_input()

    # --- start-up, tools, model --------------------------------------------------------------

    def _show_start_error(self, error: AppError) -> None:
        self.page.show_status(error.message, error=True, retry=True)
        if isinstance(error, SIGN_IN_AGAIN):
            self.session_failed.emit(error)

    def _on_page_retry_requested(self) -> None:
        self._tasks.spawn(self.start())

    def _on_tools_error(self, error: AppError) -> None:
        if isinstance(error, SIGN_IN_AGAIN):
            self.session_failed.emit(error)

    def _show_model(self) -> None:
        # The model is named once: the label; the badge only explains what the router is.
        self.session.set_language(QLocale().name())
        name = self.session.model_label
        notice = ""
        if not self.session.is_language_model:
            name = self.tr("Offline router")
            notice = self.tr(
                "Not a language model: it picks a tool by matching the words of your question."
            )
        self.page.show_model(self.tr("Model: %1").replace("%1", name), notice)

    def _on_page_language_changed(self) -> None:
        self._show_model()
        if self._listed:
            self._show_models()

    def _on_page_models_refresh_requested(self) -> None:
        self._load_models()

    def _load_models(self) -> None:
        """List the models in a task (the listing itself runs in a worker thread)."""
        if self.list_models is None:
            return
        if self._listing is not None and not self._listing.done():
            self._listing.cancel()
        self.page.set_models_busy(True)
        self._listing = self._tasks.spawn(self._list(self.list_models))

    async def _list(self, lister: ModelLister) -> None:
        page = self.page
        try:
            entries = await lister()
        except AppError as exc:
            page.set_models([], self.current_model)
            page.show_models_error(exc.message)
            return
        finally:
            if self._listing is asyncio.current_task():  # not replaced by a newer listing
                page.set_models_busy(False)
        page.show_models_error("")
        self._listed = list(entries)
        self._show_models()

    def _show_models(self) -> None:
        """The listed models in the header; the router's name in the window's language."""
        offered = [
            (e.config_id, self.tr("Offline router") if e.provider == "offline" else e.name)
            for e in self._listed
        ]
        self.page.set_models(offered, self.current_model)

    def _on_page_model_chosen(self, config_id: str) -> None:
        if config_id != self.current_model:
            self.model_chosen.emit(config_id)

    # --- small things ------------------------------------------------------------------------

    def _on_composer_text_edited(self) -> None:
        self._update_composer()

    def _update_composer(self) -> None:
        composer = self.page.composer
        answering = self.is_answering
        composer.set_running(answering)
        composer.set_send_enabled(self._ready and not answering and bool(composer.text().strip()))
        composer.new_chat_button.setEnabled(self._ready)
        self.page.model_picker.setEnabled(not answering)  # a switch would end the answer

    def _on_transcript_link_activated(self, url: QUrl) -> None:
        # Only on a click, and only https (or http on loopback): file:, javascript: and
        # plain http to the network are ignored, as for every link a server gave us.
        if url.scheme().lower() in LINKABLE_SCHEMES and is_openable_link(url.toString()):
            QDesktopServices.openUrl(url)
