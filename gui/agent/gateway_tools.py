"""Each gateway tool as a strands tool that awaits our GatewayClient on the caller's loop.

Not strands' ``MCPClient``: that runs its own thread and event loop, which
fights the Qt (qasync) loop. ``GatewayTool.stream`` yields a ``ToolStarted``,
then what happens during the call (``ToolProgress``; ``ConsentRequested`` and
``ConsentEnded`` for a link the server asks the person to open), and a
``ToolFinished`` with what the person sees, on the agent's stream (strands wraps them
in its tool stream events), and then the result the model reads. Imports strands:
load it lazily (``gui.agent.session`` does, in ``start()``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, Callable
from typing import Any

from strands.hooks import BeforeToolCallEvent, HookProvider, HookRegistry
from strands.types.events import ToolResultEvent
from strands.types.tools import AgentTool, ToolSpec, ToolUse

from gui.agent.approval import ApprovalPolicy, ApprovalRequest, Decision
from gui.agent.events import (
    ConsentEnded,
    ConsentRequested,
    ToolFinished,
    ToolProgress,
    ToolStarted,
)
from gui.errors import AppError, ChatError, ConsentRequired, ToolFailed, ToolTimeout
from gui.gateway.calls import CallEvent, ConsentAsked, ConsentSettled, Progress, TaskUpdate
from gui.gateway.client import GatewayClient
from gui.gateway.tools import ToolInfo, ToolResult, tool_infos
from gui.untrusted import scrub_secrets, scrub_value

log = logging.getLogger(__name__)

#: Key in strands' invocation_state holding the callback a fatal error is reported to.
ON_FATAL = "agentcore_chat_on_fatal"
#: Keys for the callbacks that show an approval request and note a declined call.
ON_APPROVAL = "agentcore_chat_on_approval"
ON_DECLINED = "agentcore_chat_on_declined"
MAX_RESULT_TEXT = 50_000  # characters of a tool result passed on (a model's context is finite)


def clip(text: str, limit: int = MAX_RESULT_TEXT) -> str:
    """``text`` cut to ``limit`` characters, saying so."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… [cut: {len(text):,} characters in total]"


class GatewayTool(AgentTool):
    """One tool of the gateway, called through the shared GatewayClient."""

    def __init__(self, info: ToolInfo, gateway: GatewayClient, *, timeout: float) -> None:
        super().__init__()
        self.info = info
        self._gateway = gateway
        self._timeout = timeout

    @property
    def tool_name(self) -> str:
        """The provider-safe alias the model calls it by."""
        return self.info.alias

    @property
    def tool_spec(self) -> ToolSpec:
        """Name, description and JSON schema for the model."""
        description = self.info.description or self.info.title
        return {
            "name": self.info.alias,
            "description": description,
            "inputSchema": {"json": self.info.input_schema},
        }

    @property
    def tool_type(self) -> str:
        """Where the tool lives."""
        return "agentcore_gateway"

    async def stream(
        self, tool_use: ToolUse, invocation_state: dict[str, Any], **kwargs: Any
    ) -> AsyncGenerator[Any, None]:
        """Announce the call, make it, announce the outcome, hand the result to the model.

        A tool's own error, a timeout and an answer too large to receive go back to the
        model as an error result, so it can explain or try something else. A tool that
        needs the person's consent (-32042) announces ``ConsentRequested``, waits for it
        (see :meth:`_with_consent`) and is called once more; still refused, the model gets
        an error result. Any other failure (sign-in expired, access refused, gateway down)
        would fail every further call too: it is reported to the question through
        ``invocation_state[ON_FATAL]``, which ends it. Every text leaves scrubbed of our
        tokens (:func:`gui.untrusted.scrub_secrets`).
        """
        call_id = str(tool_use["toolUseId"])
        raw = tool_use.get("input")
        arguments = raw if isinstance(raw, dict) else {}
        info = self.info
        yield ToolStarted(call_id, info.name, info.title, dict(arguments))
        structured: object | None = None
        fatal: AppError | None = None
        parts: tuple[object, ...] = ()
        detail = ""
        outcome: list[Any] = []
        try:
            try:
                async for event in self._call(call_id, arguments, outcome):
                    yield event
            except ConsentRequired as needed:
                async for event in self._with_consent(call_id, arguments, needed, outcome):
                    yield event
            result = outcome[-1]
        except (ToolTimeout, StillNotConnected, ToolFailed) as exc:
            text, is_error = exc.message, True
            model_text = text
        except AppError as exc:
            text, is_error, fatal = exc.message, True, exc
            model_text = text
        else:
            text, is_error, structured = result.text, result.is_error, result.structured
            model_text = result.for_model
            parts, detail = result.shown, result.detail
        # A tool or a server's error may quote the request's token: from here on (the card,
        # the terminal, the model, the history, a log) it reads "[token removed]".
        text, structured = clip(scrub_secrets(text)), scrub_value(structured)
        model_text = clip(scrub_secrets(model_text))
        parts, detail = scrub_value(parts), scrub_secrets(detail)
        if fatal is not None:
            fatal.message = scrub_secrets(fatal.message)
        yield ToolFinished(
            call_id, info.name, info.title, text, is_error, structured, parts=parts, detail=detail
        )
        on_fatal: Callable[[AppError], None] | None = invocation_state.get(ON_FATAL)
        if fatal is not None and on_fatal is not None:
            on_fatal(fatal)
        yield ToolResultEvent(
            {
                "toolUseId": call_id,
                "status": "error" if is_error else "success",
                "content": [{"text": model_text or "(no output)"}],
            }
        )

    async def _call(
        self, call_id: str, arguments: dict[str, Any], outcome: list[ToolResult]
    ) -> AsyncGenerator[Any, None]:
        """Make the call, yielding what happens meanwhile; its result is appended to ``outcome``.

        The call runs in its own task so its events can be yielded as they come; stopping
        the question (closing this generator) cancels it, which cancels it at the gateway.
        """
        events: asyncio.Queue[CallEvent] = asyncio.Queue()
        call = asyncio.ensure_future(
            self._gateway.call_tool(
                self.info.name, arguments, timeout=self._timeout, on_event=events.put_nowait
            )
        )
        try:
            while not call.done() or not events.empty():
                if events.empty():
                    getter = asyncio.ensure_future(events.get())
                    try:
                        await asyncio.wait({call, getter}, return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        getter.cancel()
                    if not getter.done() or getter.cancelled():
                        continue
                    event: CallEvent = getter.result()
                else:
                    event = events.get_nowait()
                translated = self._translated(call_id, event)
                if translated is not None:
                    yield translated
            outcome.append(call.result())
        finally:
            if not call.done():
                call.cancel()
                await asyncio.wait({call}, timeout=1.0)

    def _translated(self, call_id: str, event: CallEvent) -> Any:
        """A gateway call event as the agent's event (None: nothing to show)."""
        info = self.info
        if isinstance(event, Progress):
            return ToolProgress(call_id, info.name, event.progress, event.total, event.message)
        if isinstance(event, TaskUpdate):
            return ToolProgress(call_id, info.name, message=event.message, status=event.status)
        if isinstance(event, ConsentAsked):
            return ConsentRequested(
                call_id,
                info.name,
                info.title,
                event.message,
                event.url,
                event.elicitation_id,
                answerable=True,
            )
        if isinstance(event, ConsentSettled):
            return ConsentEnded(call_id, event.elicitation_id, connected=event.action == "accept")
        return None

    async def _with_consent(
        self,
        call_id: str,
        arguments: dict[str, Any],
        needed: ConsentRequired,
        outcome: list[ToolResult],
    ) -> AsyncGenerator[Any, None]:
        """Show the link, wait for the consent (person or server), call once more.

        The waiter is registered before the event goes out, so neither answer can be
        missed; it is a future (no polling), cancelled with the question on Stop. The
        retry's result is appended to ``outcome``; a second -32042 raises StillNotConnected.
        """
        info = self.info
        key = needed.elicitation_id or needed.url
        waiter = self._gateway.consents.wait(key)
        try:
            yield ConsentRequested(call_id, info.name, info.title, needed.prompt, needed.url, key)
            await waiter
        finally:
            waiter.cancel()
        retried: list[ToolResult] = []
        try:
            async for event in self._call(call_id, arguments, retried):
                yield event
        except ConsentRequired as again:
            yield ConsentEnded(call_id, key, connected=False)
            raise StillNotConnected(
                f"{info.title}: still not connected. {again.prompt} Connect at: {again.url}"
            ) from None
        yield ConsentEnded(call_id, key, connected=True)
        outcome.append(retried[-1])


class StillNotConnected(ChatError):
    """The retry after a consent answered -32042 again (an error result, not a fatal error)."""


class ApprovalHook(HookProvider):
    """Runs every gateway tool call past the approval policy before strands executes it.

    An async ``BeforeToolCallEvent`` callback: strands 1.62 awaits it inside the tool's
    own task, so waiting for the person blocks only that call, not the event loop, and
    cancelling the question (Stop) cancels the wait. A declined call gets
    ``cancel_tool`` set to the message; strands then hands the model an error tool
    result with that text and the loop goes on, as it would after a failed call.
    """

    def __init__(self, policy: ApprovalPolicy) -> None:
        self.policy = policy

    def register_hooks(self, registry: HookRegistry, **kwargs: Any) -> None:
        """Subscribe to the event before each tool call."""
        registry.add_callback(BeforeToolCallEvent, self._before_tool_call)

    async def _before_tool_call(self, event: BeforeToolCallEvent) -> None:
        tool = event.selected_tool
        if tool is None:
            return  # unknown names: strands answers them with an error result itself
        if getattr(tool, "asks_approval", True) is False:
            return  # our own tool search (gui.agent.find_tools) reads the catalogue only
        state = event.invocation_state
        ask: Callable[[ApprovalRequest], None] | None = state.get(ON_APPROVAL)
        raw = event.tool_use.get("input")
        arguments = raw if isinstance(raw, dict) else {}
        call_id = str(event.tool_use["toolUseId"])
        info = _info_of(tool)
        message = await self.policy.review(info, call_id, arguments, ask or _nobody_asks)
        if message:
            on_declined: Callable[[str], None] | None = state.get(ON_DECLINED)
            if on_declined is not None:
                on_declined(call_id)
            event.cancel_tool = message


def _info_of(tool: AgentTool) -> ToolInfo:
    """The ToolInfo of a gateway tool; any other tool counts as unannotated (so it asks).

    Fail-safe: a tool that is not (or no longer) our GatewayTool, say a wrapper, must
    not slip past the policy for want of annotations.
    """
    info = getattr(tool, "info", None)
    if isinstance(info, ToolInfo):
        return info
    spec = tool.tool_spec
    [fallback] = tool_infos([(tool.tool_name, spec.get("description"), None)])
    return fallback


def _nobody_asks(request: ApprovalRequest) -> None:
    """No front end listens (a caller that never passed ON_APPROVAL): decline at once."""
    request.decide(Decision.DENY)
