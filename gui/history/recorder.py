"""A chat session that saves what it says: :class:`RecordingSession` wraps a ChatSession.

::

    window / terminal ──► RecordingSession.ask(q) ──► ChatSession.ask(q) ──► events
                               │ question: saved before asking (the conversation row is
                               │   created then, titled by it)
                               │ ToolFinished: the call, arguments and result
                               │ Done: the answer, notices, and the agent's messages
                               ▼
                          HistoryStore (sqlite, in a daemon thread via run_blocking)

It is a :class:`gui.agent.protocol.ChatSessionLike` itself: every other member (start,
tools, stop, the model's label, the approval policy...) is the wrapped session's,
delegated one by one, so what a front end may use is written here, and a member the
protocol gains must be added here too. Writes happen one after another inside ``ask``,
so they are saved in the order they happened. A write that fails turns recording off
for the rest of the session and ``on_problem`` is told once; the chat itself goes on.
With ``store=None`` (Keep history off, or no usable file) nothing is written at all.

No Qt; may import the agent's events and protocol (types), gui.aio and the store.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from gui.agent.events import ChatEvent, Done, Failed, TextDelta, ToolFinished, ToolStarted
from gui.aio import run_blocking
from gui.errors import HistoryUnavailable
from gui.history.store import (
    ASSISTANT,
    NOTICE,
    TOOL,
    USER,
    Conversation,
    HistoryStore,
    SavedItem,
)

if TYPE_CHECKING:
    import asyncio

    from gui.agent.approval import ApprovalPolicy
    from gui.agent.protocol import ChatSessionLike
    from gui.gateway.forms import FormHandler
    from gui.gateway.tools import ToolInfo

log = logging.getLogger(__name__)

WRITE_TIMEOUT = 10.0
STOPPED_NOTE = "Stopped."


class RecordingSession:
    """A ChatSession whose questions, tool calls and answers go into a HistoryStore."""

    def __init__(
        self,
        session: ChatSessionLike,
        store: HistoryStore | None,
        *,
        on_problem: Callable[[HistoryUnavailable], None] | None = None,
    ) -> None:
        """``session`` is a ChatSession (or anything with its shape)."""
        self._session = session
        self.store = store
        self.on_problem = on_problem
        self.conversation_id: int | None = None
        self.on_saved: Callable[[int], None] | None = None  # e.g. refresh the sidebar
        self.on_new: Callable[[], None] | None = None  # a new, empty conversation began

    @property
    def inner(self) -> ChatSessionLike:
        """The wrapped session."""
        return self._session

    # -- the wrapped session's own, delegated ---------------------------------------------------

    @property
    def model_label(self) -> str:
        """The wrapped session's model, as people read it."""
        return self._session.model_label

    @property
    def is_language_model(self) -> bool:
        """False for the offline router."""
        return self._session.is_language_model

    @property
    def approvals(self) -> ApprovalPolicy:
        """The wrapped session's approval policy (the window changes its ``mode``)."""
        return self._session.approvals

    @property
    def messages(self) -> list[Any]:
        """The conversation as the model sees it."""
        return self._session.messages

    async def start(self) -> None:
        """Start the wrapped session."""
        await self._session.start()

    async def tools(self, refresh: bool = False) -> list[ToolInfo]:
        """The gateway's tools."""
        return await self._session.tools(refresh=refresh)

    def watch_tools(self, callback: Callable[[list[ToolInfo]], None]) -> Callable[[], None]:
        """Hear the gateway's new tool list."""
        return self._session.watch_tools(callback)

    @property
    def protocol_version(self) -> str:
        """The MCP protocol version agreed with the gateway."""
        return self._session.protocol_version

    @property
    def ca_file(self) -> str:
        """The extra CA bundle the gateway's site is trusted with."""
        return self._session.ca_file

    def stop(self) -> None:
        """Stop the running question (its ``Done`` is still saved)."""
        self._session.stop()

    def restore(self, messages: list[Any]) -> None:
        """Give the model ``messages`` (what is saved does not change: see ``resume``)."""
        self._session.restore(messages)

    def set_form_handler(self, handler: FormHandler | None) -> None:
        """Who answers the forms a tool asks for."""
        self._session.set_form_handler(handler)

    def consent_given(self, elicitation_id: str) -> bool:
        """The person says they connected."""
        return self._session.consent_given(elicitation_id)

    def answer_consent(self, elicitation_id: str, action: str) -> bool:
        """The person's answer to a link request."""
        return self._session.answer_consent(elicitation_id, action)

    def consent_settled(self, elicitation_id: str) -> asyncio.Future[str]:
        """Done once no call waits for that consent."""
        return self._session.consent_settled(elicitation_id)

    def set_language(self, language: str) -> None:
        """The language the person reads."""
        self._session.set_language(language)

    async def aclose(self) -> None:
        """Close the wrapped session (the store is its owner's to close)."""
        await self._session.aclose()

    # -- what recording adds --------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        """True while questions are being saved."""
        return self.store is not None

    def new_conversation(self) -> None:
        """Start afresh: the next question begins a new saved conversation."""
        self.conversation_id = None
        self._session.new_conversation()
        if self.on_new is not None:
            self.on_new()

    def resume(self, conversation: Conversation) -> None:
        """Continue ``conversation``: the model sees its messages; questions add to it."""
        self._session.restore(copy.deepcopy(conversation.agent_messages))
        self.conversation_id = conversation.info.id

    async def ask(self, question: str) -> AsyncIterator[ChatEvent]:
        """The session's events for ``question``, saved as they pass."""
        if self.store is not None:
            await self._save_question(question)
        answer: list[str] = []
        saw_text = False
        pending: list[SavedItem] = []
        started: dict[str, ToolStarted] = {}
        async for event in self._session.ask(question):
            yield event
            if self.store is None or self.conversation_id is None:
                continue
            if isinstance(event, TextDelta):
                answer.append(event.text)
                saw_text = True
            elif isinstance(event, ToolStarted):
                started[event.call_id] = event
                if answer:  # the text before a tool call is its own message, as on screen
                    pending.append(SavedItem(ASSISTANT, "".join(answer), time.time()))
                    answer.clear()
            elif isinstance(event, ToolFinished):
                call = started.get(event.call_id)
                pending.append(
                    SavedItem(
                        TOOL,
                        event.text,
                        time.time(),
                        tool=event.tool,
                        title=event.title,
                        arguments=dict(call.arguments) if call else {},
                        is_error=event.is_error,
                    )
                )
                await self._write(pending)
            elif isinstance(event, Failed):
                if answer:
                    pending.append(SavedItem(ASSISTANT, "".join(answer), time.time()))
                    answer.clear()
                pending.append(SavedItem(NOTICE, event.error.message, time.time()))
            elif isinstance(event, Done):
                # A provider that does not stream sends the whole answer with Done.
                text = "".join(answer) if saw_text or event.stopped else event.text
                if text.strip():
                    pending.append(SavedItem(ASSISTANT, text, time.time()))
                if event.stopped:
                    pending.append(SavedItem(NOTICE, STOPPED_NOTE, time.time(), is_error=False))
                await self._write(pending, agent_messages=self._session.messages)

    # -- writing -------------------------------------------------------------------------------

    async def _save_question(self, question: str) -> None:
        store = self.store
        assert store is not None
        model = str(self._session.model_label)
        now = time.time()

        def save() -> int:
            conversation = self.conversation_id
            if conversation is None:
                conversation = store.new_conversation(question, model, now=now)
            store.add_items(conversation, [SavedItem(USER, question, now)], now=now)
            return conversation

        try:
            self.conversation_id = await run_blocking(save, within=WRITE_TIMEOUT)
        except (HistoryUnavailable, TimeoutError) as exc:
            self._give_up(exc)
            return
        if self.on_saved is not None:
            self.on_saved(self.conversation_id)

    async def _write(
        self, items: list[SavedItem], *, agent_messages: list[Any] | None = None
    ) -> None:
        store, conversation = self.store, self.conversation_id
        if store is None or conversation is None:
            return
        batch = list(items)
        items.clear()
        messages = copy.deepcopy(agent_messages) if agent_messages is not None else None
        try:
            await run_blocking(
                lambda: store.add_items(conversation, batch, agent_messages=messages),
                within=WRITE_TIMEOUT,
            )
        except (HistoryUnavailable, TimeoutError) as exc:
            self._give_up(exc)
            return
        if self.on_saved is not None:
            self.on_saved(conversation)

    def _give_up(self, exc: Exception) -> None:
        problem = (
            exc
            if isinstance(exc, HistoryUnavailable)
            else HistoryUnavailable("Saving the conversation took too long; history is off.")
        )
        log.warning("History is off for this session: %s", problem.message)
        self.store = None
        if self.on_problem is not None:
            self.on_problem(problem)
