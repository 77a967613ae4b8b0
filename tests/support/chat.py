"""What the chat tests share: a scripted stand-in for the LLM, token-source doubles, waits.

Only the language model is scripted; the sign-in server, the gateway and the
MCP traffic in these tests are real, on loopback.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jwt
from strands.models.model import Model

from gui.agent.approval import Decision
from gui.agent.events import ApprovalRequested, ChatEvent
from gui.demo.gateway import DemoGateway
from gui.demo.idp import DEMO_AUDIENCE, DemoIdp
from gui.demo.stack import DemoStack
from tests.support.waiting import wait_until

if TYPE_CHECKING:
    from gui.gateway.client import GatewayClient


@dataclass(frozen=True)
class Say:
    """The scripted model says this: in two deltas, or in ``chunk``-sized ones.

    ``pause`` seconds every ``pause_every`` deltas stand for a network's pacing, so a
    view can be watched while the answer grows (the model's timing, not a test's wait).
    """

    text: str
    chunk: int = 0
    pause_every: int = 0
    pause: float = 0.0

    def pieces(self) -> list[str]:
        """The text deltas, in order."""
        if self.chunk:
            return [self.text[i : i + self.chunk] for i in range(0, len(self.text), self.chunk)]
        half = len(self.text) // 2
        return [piece for piece in (self.text[:half], self.text[half:]) if piece]


@dataclass(frozen=True)
class Use:
    """The scripted model calls ``tool`` (the alias it was given) with ``input``."""

    tool: str
    input: dict[str, Any] = field(default_factory=dict)
    id: str = ""


class ScriptedModel(Model):
    """A strands Model that plays canned turns, one per model call, and records its inputs."""

    label = "Scripted test model"
    is_language_model = True

    def __init__(self, turns: Iterable[list[Say | Use]], *, label: str | None = None) -> None:
        if label is not None:
            self.label = label
        self.turns = deque(turns)
        self.calls: list[list[dict[str, Any]]] = []  # the messages of every call
        self.tool_names: list[str] = []
        self._ids = 0

    def update_config(self, **model_config: Any) -> None:
        pass

    def get_config(self) -> dict[str, Any]:
        return {"model_id": "scripted"}

    def structured_output(self, output_model, prompt, system_prompt=None, **kwargs):  # type: ignore[override]
        raise NotImplementedError

    async def stream(self, messages, tool_specs=None, system_prompt=None, **kwargs):  # type: ignore[override]
        self.calls.append(copy.deepcopy(list(messages)))
        self.tool_names = [spec["name"] for spec in tool_specs or []]
        turn = self.turns.popleft() if self.turns else [Say("(script ended)")]
        yield {"messageStart": {"role": "assistant"}}
        uses = False
        for step in turn:
            if isinstance(step, Say):
                yield {"contentBlockStart": {"start": {}}}
                for index, piece in enumerate(step.pieces(), 1):
                    yield {"contentBlockDelta": {"delta": {"text": piece}}}
                    if step.pause_every and index % step.pause_every == 0:
                        await asyncio.sleep(step.pause)
                yield {"contentBlockStop": {}}
            else:
                uses = True
                self._ids += 1
                tool_use_id = step.id or f"scripted-{self._ids}"
                start = {"toolUse": {"toolUseId": tool_use_id, "name": step.tool}}
                yield {"contentBlockStart": {"start": start}}
                delta = {"toolUse": {"input": json.dumps(step.input)}}
                yield {"contentBlockDelta": {"delta": delta}}
                yield {"contentBlockStop": {}}
        yield {"messageStop": {"stopReason": "tool_use" if uses else "end_turn"}}
        yield {"metadata": {"usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2}}}


class StaticTokens:
    """A token source that keeps handing out the same token, even after a "refresh".

    A gateway that keeps saying 401 cannot be provoked with a real provider.
    """

    def __init__(self, token: str) -> None:
        self.token = token
        self.refreshes = 0

    async def access_token(self, min_ttl: float | None = None) -> str:
        return self.token

    async def refresh_now(self) -> str:
        self.refreshes += 1
        return self.token


class RecordingTokens:
    """Wraps a real token source and remembers every distinct token it handed out."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seen: list[str] = []
        self.refreshes = 0

    def _note(self, token: str) -> str:
        if not self.seen or self.seen[-1] != token:
            self.seen.append(token)
        return token

    async def access_token(self, min_ttl: float | None = None) -> str:
        return self._note(await self.inner.access_token(min_ttl))

    async def refresh_now(self) -> str:
        self.refreshes += 1
        return self._note(await self.inner.refresh_now())


def seconds_left(token: str) -> float:
    """How long an access token is still valid (claims read without verification)."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return float(claims["exp"]) - time.time()


async def collect(events: AsyncIterator[ChatEvent]) -> list[ChatEvent]:
    """All events of one question."""
    return [event async for event in events]


async def answering(
    chat: Any,
    question: str,
    decision: Decision | None = Decision.ALLOW_ONCE,
    on: Callable[[ChatEvent], object] | None = None,
) -> list[ChatEvent]:
    """Ask ``chat`` (a ChatSession), answering every approval request with ``decision``.

    ``decision`` None: fail if one comes. ``on(event)`` sees every other event as it comes.
    """
    events: list[ChatEvent] = []
    async for event in chat.ask(question):
        events.append(event)
        if isinstance(event, ApprovalRequested):
            assert decision is not None, f"unexpected approval request: {event.request}"
            event.request.decide(decision)
        elif on is not None:
            on(event)
    return events


def kinds(events: Iterable[ChatEvent]) -> list[str]:
    """The event class names, in order."""
    return [type(event).__name__ for event in events]


def token_without_invoke(idp: DemoIdp) -> str:
    """A valid token for the gateway's audience that lacks the invoke:mcp scope."""
    return idp.mint_access_token(scope="openid profile email")


async def restart_gateway(stack: DemoStack, *, test_tools: bool = True) -> DemoGateway:
    """Stop the gateway and start a new one on the same port (it forgets every session)."""
    assert stack.gateway is not None
    port = stack.gateway.port
    await asyncio.to_thread(stack.gateway.stop)
    stack.gateway = await asyncio.to_thread(
        lambda: DemoGateway(
            issuer=stack.idp.issuer, audience=DEMO_AUDIENCE, port=port, test_tools=test_tools
        ).start()
    )
    return stack.gateway


async def sleep_in_flight(stack: DemoStack, client: GatewayClient) -> asyncio.Future[Any]:
    """Start a minute-long ``diagnostics___sleep`` call; return once the gateway runs it."""
    gateway = stack.gateway
    assert gateway is not None
    before = gateway.call_count("diagnostics___sleep")
    call = asyncio.ensure_future(client.call_tool("diagnostics___sleep", {"seconds": 60}))
    await wait_until(lambda: gateway.call_count("diagnostics___sleep") > before, 10, "the call")
    return call
