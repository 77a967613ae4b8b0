"""Tool approval: time from the model's tool request to the card painted; the loop while it waits.

Real parts: the embedded sign-in server and gateway, the real ChatSession and agent
loop, the real chat pane on a qasync loop; only the LLM is scripted (it stamps the
moment it asks for the tool). While a card waits, a 5 ms timer measures the worst
stall, and the process's CPU time over a quiet second shows that nothing polls.
Prints numbers; asserts nothing about them. ``pytest tests/benchmarks/test_approval.py -s``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from gui.agent.approval import ApprovalPolicy
from gui.agent.session import ChatSession
from gui.auth.store import MemoryStore
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.approval_card import ApprovalCardView
from tests.support.auth import make_session, sign_in_as
from tests.support.cards import answer_at_once
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.qt import delete_now
from tests.support.stacks import StackFactory
from tests.support.stall import StallMeter, run_on_qt_loop
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.benchmark, pytest.mark.gui]

ROUNDS = 8
PENDING_S = 1.0


class StampingModel(ScriptedModel):
    """The scripted model, noting when each tool request leaves it (its stream ends)."""

    def __init__(self, turns: Any) -> None:
        super().__init__(turns)
        self.requested: list[float] = []

    async def stream(self, messages, tool_specs=None, system_prompt=None, **kwargs):  # type: ignore[override]
        async for event in super().stream(messages, tool_specs, system_prompt, **kwargs):
            stop = event.get("messageStop")
            if stop and stop.get("stopReason") == "tool_use":
                self.requested.append(time.perf_counter())
            yield event


class StampingPolicy(ApprovalPolicy):
    """The real policy, noting when strands hands it each call (the BeforeToolCall hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.reviewed: list[float] = []

    async def review(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        self.reviewed.append(time.perf_counter())
        return await super().review(*args, **kwargs)


class FirstPaints(QObject):
    """Records the time of each approval card's first paint."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: dict[int, float] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, ApprovalCardView):
            self.painted.setdefault(id(watched), time.perf_counter())
        return False


def test_request_to_card_and_the_loop_while_pending(
    qapp: QApplication, demo_stack_factory: StackFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_at_once(monkeypatch)  # Deny is clicked as soon as the card is painted
    results: dict[str, Any] = {}
    turns = []
    for i in range(ROUNDS):
        turns += [[Use("tickets___deleteTicket", {"ticket_id": f"T-{i % 4 + 1}"})], [Say("No.")]]
    model = StampingModel(turns)

    stack = demo_stack_factory()

    async def main() -> None:
        auth = make_session(stack.idp, MemoryStore())
        page = ChatPage()
        paints = FirstPaints()
        qapp.installEventFilter(paints)
        try:
            await sign_in_as(auth, stack.idp)
            page.resize(1000, 700)
            page.show()
            policy = StampingPolicy()
            session = ChatSession(stack.profile, auth, model=model, approvals=policy)
            controller = ChatController(page, session, page)
            await controller.start()
            built: list[float] = []
            show = controller.approvals.show

            def timed_show(request: Any) -> ApprovalCardView:
                card = show(request)
                built.append(time.perf_counter())
                return card

            controller.approvals.show = timed_show  # type: ignore[method-assign]
            latencies: list[float] = []
            parts: list[tuple[float, float, float]] = []
            cards = page.transcript.approval_cards
            for i in range(ROUNDS):
                page.composer.edit.setPlainText(f"delete a ticket ({i})")
                page.composer.submitted.emit()
                await wait_until(lambda n=i: len(cards()) > n, 20, "the card")
                card = cards()[-1]
                await wait_until(lambda c=card: id(c) in paints.painted, 5, "the card's paint")
                requested, painted = model.requested[-1], paints.painted[id(card)]
                latencies.append((painted - requested) * 1000)
                parts.append(
                    (
                        (policy.reviewed[-1] - requested) * 1000,
                        (built[-1] - policy.reviewed[-1]) * 1000,
                        (painted - built[-1]) * 1000,
                    )
                )
                if i == 0:
                    meter = StallMeter()
                    meter.start()
                    await asyncio.sleep(PENDING_S)  # the card waits; the timer measures
                    meter.stop()
                    results["worst_ms"] = max(meter.late)
                    results["ticks"] = len(meter.late)
                    # A quiet second with nothing of ours running: CPU the process used.
                    cpu = time.process_time()
                    await asyncio.sleep(PENDING_S)
                    results["cpu_ms"] = (time.process_time() - cpu) * 1000
                card.deny_button.click()
                await wait_until(lambda: not controller.is_answering, 20, "the answer")
            results["latencies"] = latencies
            results["parts"] = parts
            await controller.shutdown()
        finally:
            qapp.removeEventFilter(paints)
            await auth.aclose()
            delete_now(page)

    run_on_qt_loop(main)
    latencies = sorted(results["latencies"])
    hook, card, paint = (statistics.median(part) for part in zip(*results["parts"], strict=True))
    print(
        f"\nmodel's tool request -> approval card painted, {ROUNDS} rounds: "
        f"median {statistics.median(latencies):.1f} ms, worst {latencies[-1]:.1f} ms, "
        f"best {latencies[0]:.1f} ms\n"
        f"  medians: strands to our hook {hook:.1f} ms, hook to card built {card:.1f} ms, "
        f"built to painted {paint:.1f} ms\n"
        f"while a card waits ({PENDING_S:.0f} s): 5 ms timer worst {results['worst_ms']:.1f} ms "
        f"late over {results['ticks']} ticks; CPU used in a further quiet second: "
        f"{results['cpu_ms']:.1f} ms (the agent awaits a future; nothing polls)"
    )
