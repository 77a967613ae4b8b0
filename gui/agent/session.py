"""A conversation: a strands Agent over the gateway's tools, streamed as typed events.

::

    ChatSession.ask(q) ──► task: agent.stream_async(q)  ──► strands events
          ▲                     │ ApprovalHook → ApprovalPolicy.review (may await the person)
          │                     │ BusyRetry (gui.agent.retry): the only retries of a busy model
          │                     │ GatewayTool.stream → GatewayClient.call_tool (same loop)
          │                     │ big gateways: FindTools adds what it finds (gui.agent.tool_search)
          └── asyncio.Queue ◄───┘ converted: TextDelta / ToolStarted / ToolFinished / Failed / Done
                                  (ApprovalRequested and ModelBusy are queued by their hooks;
                                  the provider's usage chunks are summed into Done.usage)

When the gateway says its tool list changed (``notifications/tools/list_changed``), the
new list is kept and the agent is rebuilt with it before the next question (never under
a running one, whose tool registry strands is using); whoever ``watch_tools`` hears it
at once (the window's tools panel). A big gateway's tool search is planned afresh.

The agent runs in its own task and feeds a queue that ``ask()`` yields from, so
``stop()`` can end a question at once (``Done(stopped=True)`` is queued before
the task has finished unwinding). A question that fails or is stopped is taken
out of the conversation again, so the history the model sees stays well formed
(no tool call without its result). No Qt here, and strands/mcp load in ``start()``.

Front ends drive it through :class:`gui.agent.protocol.ChatSessionLike`, the shape
it has (and that :class:`gui.history.recorder.RecordingSession` delegates).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from gui.agent import models, tool_search
from gui.agent.approval import ApprovalPolicy
from gui.agent.events import (
    ApprovalRequested,
    ChatEvent,
    ConsentEnded,
    ConsentRequested,
    Done,
    Failed,
    ModelBusy,
    TextDelta,
    ToolFinished,
    ToolProgress,
    ToolStarted,
    Usage,
)
from gui.agent.retry import ON_BUSY, BusyRetry, RetryPolicy
from gui.aio import run_blocking
from gui.config import Profile
from gui.errors import AppError, ChatError
from gui.gateway.tools import ToolInfo, readable_tool_name

if TYPE_CHECKING:
    from gui.gateway.auth import TokenSource
    from gui.gateway.client import GatewayClient
    from gui.gateway.forms import FormHandler

log = logging.getLogger(__name__)

REFRESH_MARGIN = 120.0
IMPORT_TIMEOUT = 120.0
SETTLE_TIMEOUT = 2.0  # how long a new question waits for a stopped one to unwind
SYSTEM_PROMPT = (
    "You are AgentCore Chat, an assistant for the people of a company. Use the tools of "
    "the company's Amazon Bedrock AgentCore Gateway to answer; never make up data a tool "
    "could look up. Tool names look like <target>___<tool>. If a tool reports an error, "
    "say so plainly. Answer in the language of the question, briefly, in Markdown."
)


class _Turn:
    """One question in flight: its event queue, its task and what it has said so far."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[ChatEvent] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None
        self.finished = False
        self.segments: list[str] = []  # text of each finished assistant message
        self.current = ""  # text of the assistant message being streamed
        self.started: set[str] = set()
        self.ended: set[str] = set()
        self.uses: dict[str, tuple[str, dict]] = {}  # call id → (alias, arguments)
        self.usage: Usage | None = None  # tokens the provider reported, summed

    def busy(self, event: ModelBusy) -> None:
        """The model call is retried: text a failed stream had begun is not the answer."""
        self.current = ""
        self.emit(event)

    def done(self, *, stopped: bool = False) -> Done:
        """The last event: what was said so far, and the tokens it took."""
        return Done(self.text, stopped=stopped, usage=self.usage)

    @property
    def text(self) -> str:
        """Everything the answer said, one paragraph per model message."""
        parts = [*self.segments, self.current]
        return "\n\n".join(part.strip() for part in parts if part.strip())

    def emit(self, event: ChatEvent) -> None:
        if not self.finished:
            self.queue.put_nowait(event)

    def end(self, *final: ChatEvent) -> None:
        """Queue the last events (the first end wins) and cancel the task if still running."""
        if self.finished:
            return
        self.finished = True
        for event in final:
            self.queue.put_nowait(event)
        task = self.task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
        elif task is not None and not task.done():
            # Called from inside the task (a tool's fatal error): cancel once it yields.
            asyncio.get_running_loop().call_soon(task.cancel)


class ChatSession:
    """One person's conversation with the gateway's tools through a model.

    The real :class:`~gui.agent.protocol.ChatSessionLike`.
    """

    def __init__(
        self,
        profile: Profile,
        tokens: TokenSource,
        *,
        model: object | None = None,
        call_timeout: float = 60.0,
        refresh_margin: float = REFRESH_MARGIN,
        gateway: GatewayClient | None = None,
        approvals: ApprovalPolicy | None = None,
        protocol: str | None = None,
    ) -> None:
        """``model=None``: built from ``profile.model`` in ``start()``; tests pass a strands Model.

        ``gateway`` lets a caller share its GatewayClient; the session then does not close it.
        ``approvals``: which tool calls wait for the person (default: the profile's mode,
        "always" remembered for this process only). ``protocol``: the MCP protocol policy
        of the gateway client it builds (:mod:`gui.gateway.connection`; None: the client's
        default).
        """
        self.profile = profile
        self.call_timeout = call_timeout
        self._tokens = tokens
        self._refresh_margin = refresh_margin
        self._gateway = gateway
        self._owns_gateway = gateway is None
        self._choice: models.ModelChoice | None = None
        if model is None:
            self._choice = models.choose(profile)
            self.model_label: str = self._choice.label
            self.is_language_model: bool = self._choice.is_language_model
        else:
            self.model_label = str(getattr(model, "label", None) or type(model).__name__)
            self.is_language_model = bool(getattr(model, "is_language_model", True))
        self.approvals = approvals or ApprovalPolicy(profile.approval_mode)
        self._model: Any = model
        self._tools: list[ToolInfo] = []
        self._by_alias: dict[str, ToolInfo] = {}
        self._search: tool_search.ToolSearch | None = None  # a big gateway's tool search
        self._agent: Any = None
        self._restored: list[Any] = []  # messages to start the agent with (a resumed chat)
        self._turn: _Turn | None = None
        self._start_lock = asyncio.Lock()
        self._generation = 0  # bumped by new_conversation(); a stale rollback checks it
        self._closed = False
        self._form_handler: FormHandler | None = None
        self._language = "en"
        self._protocol = protocol
        self._changed_tools: list[ToolInfo] | None = None  # a new list, for the next question
        self._watchers: list[Callable[[list[ToolInfo]], None]] = []
        self._unwatch: Callable[[], None] | None = None

    # -- public API --------------------------------------------------------------------

    async def start(self) -> None:
        """Connect to the gateway, list its tools and build the agent (loads strands and mcp).

        Raises ConfigError (no gateway URL), ModelUnavailable, GatewayUnreachable,
        NotAuthorised, Forbidden, or the sign-in's errors.
        """
        async with self._start_lock:
            if self._closed:
                raise ChatError("This conversation was closed.")
            if self._agent is not None:
                return
            self.profile.require_gateway()
            kind = self._choice.kind if self._choice and self._model is None else ""
            # strands + mcp + a provider take ~1.5 s to import: not on the GUI thread.
            await run_blocking(lambda: preload(kind), within=IMPORT_TIMEOUT)
            if self._gateway is None:
                from gui.gateway.client import GatewayClient

                options: dict[str, Any] = {"protocol": self._protocol} if self._protocol else {}
                self._gateway = GatewayClient(
                    self.profile.gateway_url,
                    self._tokens,
                    refresh_margin=self._refresh_margin,
                    call_timeout=self.call_timeout,
                    ca_file=self.profile.ca_file,
                    issuer=self.profile.issuer,
                    **options,
                )
            if self._form_handler is not None:
                self._gateway.form_handler = self._form_handler
            if self._unwatch is None:
                self._unwatch = self._gateway.watch_tools(self._on_tools_changed)
            self._set_tools(await self._gateway.list_tools())
            if self._model is None:
                assert self._choice is not None
                self._model = await models.build_model(self._choice, sign_in=self._tokens)
            self._apply_language()
            self._agent = self._new_agent(messages=self._restored)
            self._restored = []

    async def tools(self, refresh: bool = False) -> list[ToolInfo]:
        """The gateway's tools; ``refresh`` lists them again (and updates the agent)."""
        await self.start()
        assert self._gateway is not None
        tools = await self._gateway.list_tools(refresh=refresh)
        if [t.name for t in tools] != [t.name for t in self._tools]:
            self._changed_tools = list(tools)
            self._apply_changed_tools()
        return tools

    def watch_tools(self, callback: Callable[[list[ToolInfo]], None]) -> Callable[[], None]:
        """Hear the gateway's new tool list whenever it changes; returns an unsubscribe."""
        self._watchers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._watchers.remove(callback)

        return unsubscribe

    @property
    def protocol_version(self) -> str:
        """The MCP protocol version agreed with the gateway ("" before it answered)."""
        return self._gateway.protocol_version if self._gateway is not None else ""

    @property
    def ca_file(self) -> str:
        """The profile's extra CA bundle (tool icons are fetched trusting it too)."""
        return self.profile.ca_file

    async def ask(self, question: str) -> AsyncIterator[ChatEvent]:
        """Answer ``question``: events as they happen, ``Done`` last (even on failure)."""
        if self._running:
            yield Failed(ChatError("A question is still being answered. Stop it first."))
            yield Done("")
            return
        await self._settle()
        self._apply_changed_tools()  # a list the gateway changed since the last question
        turn = _Turn()
        self._turn = turn
        turn.task = asyncio.ensure_future(self._answer(turn, question))
        try:
            while True:
                event = await turn.queue.get()
                yield event
                if isinstance(event, Done):
                    return
        finally:
            if not turn.finished:  # the consumer walked away: stop the work too
                turn.end(turn.done(stopped=True))

    def set_form_handler(self, handler: FormHandler | None) -> None:
        """Who answers the forms a tool asks for mid-call (the window, the terminal)."""
        self._form_handler = handler
        if self._gateway is not None:
            self._gateway.form_handler = handler

    def consent_given(self, elicitation_id: str) -> bool:
        """The person says they connected: the waiting tool call tries again.

        True when a call was waiting for that consent.
        """
        if self._gateway is None:
            return False
        return self._gateway.consents.complete(elicitation_id)

    def answer_consent(self, elicitation_id: str, action: str) -> bool:
        """The person's answer to a link the server asked them to open (a URL-mode request):
        ``accept`` (they connected), ``decline`` or ``cancel``.

        True when a call was waiting for it. ValueError for any other action.
        """
        if self._gateway is None:
            if action not in ("accept", "decline", "cancel"):
                raise ValueError(f"not an answer: {action!r}")
            return False
        return self._gateway.consents.answer(elicitation_id, action)

    def consent_settled(self, elicitation_id: str) -> asyncio.Future[str]:
        """A future done once no call waits for that consent any more (given by anyone).

        Already done when none waits now. The terminal stops waiting for Enter with it,
        so a consent the server confirmed does not take the next line typed. Cancel it
        to stop watching.
        """
        consents = self._gateway.consents if self._gateway is not None else None
        if consents is None or elicitation_id not in consents.pending():
            settled: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            settled.set_result("")
            return settled
        return consents.wait(elicitation_id)

    def set_language(self, language: str) -> None:
        """The language the person reads (``en``, ``ja``): the offline router answers in it.

        A language model follows the question's language by itself; only the router,
        which writes its own frame around tool results, needs telling.
        """
        from gui.agent.phrases import normalise

        self._language = normalise(language)
        self._apply_language()

    def _apply_language(self) -> None:
        update = getattr(self._model, "update_config", None)
        if update is not None and not self.is_language_model:
            update(language=self._language)

    def stop(self) -> None:
        """Stop the running question now: ``Done(stopped=True)`` ends its events."""
        turn = self._turn
        if turn is not None and not turn.finished:
            turn.end(turn.done(stopped=True))

    def new_conversation(self) -> None:
        """Forget the conversation (stopping a running question first)."""
        running = self._running
        self.stop()
        self._generation += 1
        self._restored = []
        if self._agent is None:
            return
        if running or self._search is not None:
            # The stopped task may still be unwinding inside the old agent, or the tools
            # found by a search belong to the old conversation: start afresh.
            self._agent = self._new_agent(messages=[])
        else:
            self._agent.messages.clear()

    def restore(self, messages: list[Any]) -> None:
        """Continue a saved conversation: the model sees ``messages`` as what was said so far."""
        self.new_conversation()
        if self._agent is None:
            self._restored = list(messages)
        elif self._search is not None:  # the tools it used are pinned in a new agent
            self._agent = self._new_agent(messages=list(messages))
        else:
            self._agent.messages[:] = list(messages)

    @property
    def messages(self) -> list[Any]:
        """The conversation as the model sees it (strands messages; empty before start)."""
        return list(self._agent.messages) if self._agent is not None else []

    async def aclose(self) -> None:
        """Stop any question and close the gateway connection (about a second at most)."""
        self._closed = True
        self.stop()
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        task = self._turn.task if self._turn else None
        if task is not None and not task.done():
            await asyncio.wait({task}, timeout=0.5)
        if self._gateway is not None and self._owns_gateway:
            await self._gateway.aclose()

    # -- internals ---------------------------------------------------------------------

    @property
    def _running(self) -> bool:
        return self._turn is not None and not self._turn.finished

    async def _settle(self) -> None:
        """Let a stopped question finish unwinding (strands allows one invocation at a time)."""
        task = self._turn.task if self._turn else None
        if task is None or task.done():
            return
        await asyncio.wait({task}, timeout=SETTLE_TIMEOUT)
        if not task.done() and self._agent is not None:
            log.warning("A stopped question is still unwinding; continuing with a new agent")
            self._agent = self._new_agent(messages=list(self._agent.messages))

    def _on_tools_changed(self, tools: list[ToolInfo]) -> None:
        """The gateway's new list: kept for the next question, told to the watchers now."""
        self._changed_tools = list(tools)
        if not self._running:
            self._apply_changed_tools()
        for watcher in list(self._watchers):
            try:
                watcher(list(tools))
            except Exception:
                log.warning("A tool-list watcher failed", exc_info=True)

    def _apply_changed_tools(self) -> None:
        """Give the agent the changed list (between questions only: strands holds the tool
        registry while it answers)."""
        tools = self._changed_tools
        if tools is None or self._running:
            return
        self._changed_tools = None
        self._set_tools(tools)
        if self._agent is not None:
            self._agent = self._new_agent(messages=list(self._agent.messages))

    def _set_tools(self, tools: list[ToolInfo]) -> None:
        self._tools = list(tools)
        self._by_alias = {t.alias: t for t in tools}
        self._search = tool_search.plan(self._tools, self.profile.search_threshold, self._gateway)

    def _new_agent(self, *, messages: list[Any]) -> Any:
        from strands import Agent

        from gui.agent.gateway_tools import ApprovalHook, GatewayTool

        assert self._gateway is not None
        gateway = self._gateway

        def make(info: ToolInfo) -> GatewayTool:
            return GatewayTool(info, gateway, timeout=self.call_timeout)

        if self._search is None:
            tools: list[Any] = [make(t) for t in self._tools]
        else:  # a big gateway: the model finds what it needs (gui.agent.tool_search)
            from gui.agent.find_tools import FindTools

            tools = [FindTools(self._search, make), *map(make, self._search.pinned(messages))]
        return Agent(
            model=self._model,
            messages=messages,
            tools=tools,
            hooks=[
                ApprovalHook(self.approvals),
                BusyRetry(RetryPolicy(self.profile.retry_seconds)),
            ],
            retry_strategy=None,  # strands' own retries off: BusyRetry is the one policy
            system_prompt=SYSTEM_PROMPT,
            callback_handler=None,  # the default one prints to stdout
            name="AgentCore Chat",
        )

    async def _answer(self, turn: _Turn, question: str) -> None:
        """Run the agent for one question, feeding the turn's queue."""
        from gui.agent.gateway_tools import ON_APPROVAL, ON_DECLINED, ON_FATAL

        generation = self._generation
        agent = None
        before: list[Any] = []
        completed = False
        try:
            await self.start()
            agent = self._agent
            before = list(agent.messages)
            state = {
                ON_FATAL: lambda error: turn.end(Failed(error), turn.done()),
                ON_APPROVAL: lambda request: turn.emit(ApprovalRequested(request)),
                # A declined call reaches the model as a result, but it never ran: no card.
                ON_DECLINED: turn.ended.add,
                ON_BUSY: turn.busy,
            }
            async for event in agent.stream_async(question, invocation_state=state):
                for ours in self._convert(event, turn):
                    turn.emit(ours)
            completed = not turn.finished
            turn.end(turn.done())
        except asyncio.CancelledError:
            if not turn.finished:  # cancelled from outside (e.g. the loop is closing)
                turn.end(turn.done(stopped=True))
            raise
        except Exception as exc:
            error = models.model_error(exc, self._choice)
            if not isinstance(exc, AppError):
                log.debug("Question failed", exc_info=True)
            turn.end(Failed(error), turn.done())
        finally:
            if not completed and agent is not None and generation == self._generation:
                agent.messages[:] = before  # a failed or stopped question is not remembered

    def _convert(self, event: dict[str, Any], turn: _Turn) -> list[ChatEvent]:
        """strands stream event → our events (most events say nothing to us)."""
        if "data" in event and isinstance(event["data"], str):
            turn.current += event["data"]
            return [TextDelta(event["data"])]
        if "tool_stream_event" in event:
            data = event["tool_stream_event"].get("data")
            if isinstance(data, ToolStarted):
                turn.started.add(data.call_id)
                return [data]
            if isinstance(data, ToolFinished):
                turn.ended.add(data.call_id)
                return [data]
            if isinstance(data, ConsentRequested | ConsentEnded | ToolProgress):
                return [data]
            return []
        message = event.get("message")
        if isinstance(message, dict):
            return self._on_message(message, turn)
        chunk = event.get("event")
        usage = chunk.get("metadata", {}).get("usage") if isinstance(chunk, dict) else None
        if isinstance(usage, dict):  # one per model call; Bedrock, Anthropic and OpenAI alike
            used = Usage(int(usage.get("inputTokens", 0)), int(usage.get("outputTokens", 0)))
            turn.usage = used if turn.usage is None else turn.usage + used
        return []

    def _on_message(self, message: dict[str, Any], turn: _Turn) -> list[ChatEvent]:
        """A complete message: close a text segment; report results strands made itself."""
        if message.get("role") == "assistant":
            if turn.current.strip():
                turn.segments.append(turn.current)
            turn.current = ""
            for block in message.get("content", []):
                use = block.get("toolUse") if isinstance(block, dict) else None
                if use:
                    arguments = use.get("input") if isinstance(use.get("input"), dict) else {}
                    turn.uses[str(use.get("toolUseId"))] = (str(use.get("name")), arguments)
            return []
        events: list[ChatEvent] = []
        for block in message.get("content", []):
            result = block.get("toolResult") if isinstance(block, dict) else None
            if not result:
                continue
            call_id = str(result.get("toolUseId"))
            if call_id in turn.ended:
                continue
            # Rejected before reaching our tool (unknown name, cancelled): still show it.
            alias, arguments = turn.uses.get(call_id, ("unknown", {}))
            info = self._by_alias.get(alias)
            name, title = (info.name, info.title) if info else (alias, readable_tool_name(alias))
            text = "\n".join(str(item.get("text", "")) for item in result.get("content", []))
            if call_id not in turn.started:
                events.append(ToolStarted(call_id, name, title, dict(arguments)))
            events.append(ToolFinished(call_id, name, title, text, result.get("status") == "error"))
            turn.ended.add(call_id)
        return events


HEAVY_MODULES = (
    "httpcore2",
    "mcp.client.session",
    "mcp.client.streamable_http",
    "strands",
    "gui.gateway.client",
    "gui.agent.gateway_tools",
    "gui.agent.find_tools",
)
PROVIDER_MODULES = {
    "bedrock": ("boto3", "strands.models.bedrock"),
    "anthropic": ("strands.models.anthropic",),
    "openai": ("strands.models.openai",),
    "offline": ("gui.agent.offline",),
}


# Imported lazily by their packages on first use, which is on the GUI thread (anyio's
# backend when the MCP session opens, ~10 ms; strands' when the agent is built). Private
# names, so a version without them is no error.
WARM_MODULES = ("anyio._backends._asyncio", "strands.agent._agent_delegation")


def preload(kind: str = "") -> None:
    """Import the chat's heavy modules (and the provider ``kind``'s); blocking, for a thread."""
    for name in (*HEAVY_MODULES, *PROVIDER_MODULES.get(kind, ())):
        importlib.import_module(name)
    for name in WARM_MODULES:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


async def collect(events: AsyncIterator[ChatEvent]) -> list[ChatEvent]:
    """All events of one question (for the terminal and the tests)."""
    return [event async for event in events]
