"""What a front end drives: :class:`ChatSessionLike`, the shape of a chat session.

Both front ends (the window's controllers and the terminal's ``ask``) talk to a
chat session only through these members. :class:`gui.agent.session.ChatSession`
is the real one; :class:`gui.history.recorder.RecordingSession` wraps one and
delegates every member explicitly, saving what ``ask`` yields. Tests pass fakes
of the same shape.

Only the standard library at run time; the types named in the signatures are
imported for type checkers alone, so importing this module costs nothing (the
window's controllers name it before the chat core is loaded).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import asyncio

    from gui.agent.approval import ApprovalPolicy
    from gui.agent.events import ChatEvent
    from gui.gateway.forms import FormHandler
    from gui.gateway.tools import ToolInfo


class ChatSessionLike(Protocol):
    """One person's conversation with the gateway's tools through a model."""

    @property
    def model_label(self) -> str:
        """The model's name as people read it."""

    @property
    def is_language_model(self) -> bool:
        """False for the offline router (it matches words; it does not understand)."""

    @property
    def approvals(self) -> ApprovalPolicy:
        """Which tool calls wait for the person (its ``mode`` may change while chatting)."""

    @property
    def messages(self) -> list[Any]:
        """The conversation as the model sees it (empty before ``start``)."""

    async def start(self) -> None:
        """Connect to the gateway, list its tools and build the agent (idempotent)."""

    async def tools(self, refresh: bool = False) -> list[ToolInfo]:
        """The gateway's tools; ``refresh`` lists them again."""

    def watch_tools(self, callback: Callable[[list[ToolInfo]], None]) -> Callable[[], None]:
        """Hear the new tool list whenever the gateway changes it; returns an unsubscribe."""

    @property
    def protocol_version(self) -> str:
        """The MCP protocol version agreed with the gateway ("" before it answered)."""

    @property
    def ca_file(self) -> str:
        """The extra CA bundle the gateway's site is trusted with ("": the usual ones)."""

    def ask(self, question: str) -> AsyncIterator[ChatEvent]:
        """Answer ``question``: events as they happen, ``Done`` last (even on failure)."""

    def stop(self) -> None:
        """Stop the running question now: ``Done(stopped=True)`` ends its events."""

    def new_conversation(self) -> None:
        """Forget the conversation (stopping a running question first)."""

    def restore(self, messages: list[Any]) -> None:
        """Continue a saved conversation: the model sees ``messages`` as said so far."""

    def set_form_handler(self, handler: FormHandler | None) -> None:
        """Who answers the forms a tool asks for mid-call (the window, the terminal)."""

    def consent_given(self, elicitation_id: str) -> bool:
        """The person says they connected: the waiting tool call tries again."""

    def answer_consent(self, elicitation_id: str, action: str) -> bool:
        """The person's answer to a link request: ``accept``, ``decline`` or ``cancel``."""

    def consent_settled(self, elicitation_id: str) -> asyncio.Future[str]:
        """A future done once no call waits for that consent any more."""

    def set_language(self, language: str) -> None:
        """The language the person reads (``en``, ``ja``): the offline router answers in it."""

    async def aclose(self) -> None:
        """Stop any question and close the gateway connection."""
