"""Tasks and input rounds driven against fake sessions that answer as the specs show.

The 2026-07-28 tasks extension has no server in another SDK to test against yet, so its
flow is checked here with the messages of its specification (io.modelcontextprotocol/tasks).
"""

from __future__ import annotations

import asyncio
from typing import Any

import mcp_types as types
import pytest

from gui.errors import ToolTimeout
from gui.gateway import tasks
from gui.gateway.calls import CallScope, TaskUpdate
from gui.gateway.tasks import (
    TaskEnded,
    follow_modern_task,
    poll_seconds,
    resolve_input_rounds,
    run_legacy_task,
)
from gui.gateway.wire import ModernTask, ModernTaskState

ASK_NAME = {
    "method": "elicitation/create",
    "params": {
        "mode": "form",
        "message": "Please enter your name.",
        "requestedSchema": {"type": "object", "properties": {"name": {"type": "string"}}},
    },
}
DONE = {"content": [{"type": "text", "text": "Hello, Luca!"}], "isError": False}


@pytest.fixture(autouse=True)
def quick_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks, "MIN_POLL", 0.001)


def state(status: str, **extra: Any) -> ModernTaskState:
    return ModernTaskState.model_validate(
        {"taskId": "t1", "status": status, "pollIntervalMs": 1, "resultType": "complete", **extra}
    )


class ModernSession:
    def __init__(self, *states: ModernTaskState) -> None:
        self.states = list(states)
        self.updates: list[dict[str, Any]] = []
        self.cancelled: list[str] = []

    async def get_modern_task(self, task_id: str) -> ModernTaskState:
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]

    async def update_modern_task(self, task_id: str, responses: dict[str, Any]) -> None:
        self.updates.append(responses)

    async def cancel_modern_task(self, task_id: str) -> None:
        self.cancelled.append(task_id)


def created(**extra: Any) -> ModernTask:
    return ModernTask.model_validate(
        {"resultType": "task", "taskId": "t1", "status": "working", "pollIntervalMs": 1, **extra}
    )


def spawner() -> tuple[list[asyncio.Task[Any]], Any]:
    spawned: list[asyncio.Task[Any]] = []
    return spawned, lambda coro: spawned.append(asyncio.ensure_future(coro))


async def test_a_modern_task_answers_its_input_once_and_ends_with_its_result():
    session = ModernSession(
        state("working", statusMessage="Starting"),
        state("input_required", inputRequests={"name": ASK_NAME}),
        state("input_required", inputRequests={"name": ASK_NAME}),  # the same key again
        state("completed", result=DONE),
    )
    asked: list[str] = []

    async def dispatch(key: str, request: Any) -> Any:
        asked.append(key)
        assert isinstance(request, types.ElicitRequest)
        return types.ElicitResult(action="accept", content={"name": "Luca"})

    events: list[Any] = []
    scope = CallScope("hello", "Hello", "gw", events.append)
    _, spawn = spawner()
    result = await follow_modern_task(session, created(), scope, dispatch, spawn)
    assert result.content[0].text == "Hello, Luca!" and not result.is_error
    assert asked == ["name"]
    assert [list(update) for update in session.updates] == [["name"]]
    assert [(e.status, e.message) for e in events] == [
        ("working", ""),
        ("working", "Starting"),
        ("input_required", ""),
        ("completed", ""),
    ]
    assert all(isinstance(e, TaskUpdate) for e in events) and events[-1].finished


async def test_a_failed_modern_task_says_why():
    session = ModernSession(
        state("failed", error={"code": -32603, "message": "API rate limit exceeded"})
    )
    with pytest.raises(TaskEnded, match="The task failed: API rate limit exceeded"):
        await follow_modern_task(session, created(), None, None, spawner()[1])  # type: ignore[arg-type]
    assert session.cancelled == []


async def test_stopping_a_modern_task_cancels_it_in_the_background():
    session = ModernSession(state("working"))
    spawned, spawn = spawner()
    follow = asyncio.ensure_future(follow_modern_task(session, created(), None, None, spawn))  # type: ignore[arg-type]
    await asyncio.sleep(0.05)
    follow.cancel()
    with pytest.raises(asyncio.CancelledError):
        await follow
    await asyncio.gather(*spawned)
    assert session.cancelled == ["t1"]


async def test_a_task_past_its_ttl_is_given_up(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(tasks, "_TTL_GRACE", 0.0)
    session = ModernSession(state("working"))
    with pytest.raises(ToolTimeout):
        await follow_modern_task(session, created(ttlMs=20), None, None, spawner()[1])  # type: ignore[arg-type]


class LegacySession:
    def __init__(self, statuses: list[str], result: Any, *, fail: Exception | None = None) -> None:
        self.statuses = statuses
        self.result = result
        self.fail = fail
        self.fetches = 0
        self.cancelled: list[str] = []

    def _task(self, status: str) -> dict[str, Any]:
        return {
            "taskId": "L1",
            "status": status,
            "createdAt": "2026-01-01T00:00:00Z",
            "lastUpdatedAt": "2026-01-01T00:00:00Z",
            "ttl": None,
            "pollInterval": 1,
            "statusMessage": f"{status}…",
        }

    async def call_tool_as_task(self, name: str, arguments: dict[str, Any]) -> Any:
        return types.CreateTaskResult.model_validate({"task": self._task("working")})

    async def get_task(self, task_id: str) -> Any:
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return types.GetTaskResult.model_validate(self._task(status))

    async def task_result(self, task_id: str) -> Any:
        self.fetches += 1
        if self.fail is not None:
            raise self.fail
        return self.result

    async def cancel_task(self, task_id: str) -> None:
        self.cancelled.append(task_id)


async def test_a_legacy_task_is_polled_then_its_result_fetched():
    final = types.CallToolResult(content=[types.TextContent(text="report")])
    session = LegacySession(["working", "working", "completed"], final)
    events: list[Any] = []
    result = await run_legacy_task(
        session, "r", {}, CallScope("r", "R", "gw", events.append), spawner()[1]
    )
    assert result is final and session.fetches == 1 and session.cancelled == []
    assert [e.status for e in events] == ["working", "completed"]
    assert events[0].message == "working…"


async def test_a_legacy_task_that_failed_says_so():
    from mcp.shared.exceptions import MCPError

    session = LegacySession(["failed"], None, fail=MCPError(-32603, "disk full"))
    with pytest.raises(TaskEnded, match="The task failed: disk full"):
        await run_legacy_task(session, "r", {}, None, spawner()[1])


async def test_stopping_a_legacy_task_cancels_it():
    session = LegacySession(["working"], None)
    spawned, spawn = spawner()
    running = asyncio.ensure_future(run_legacy_task(session, "r", {}, None, spawn))
    await asyncio.sleep(0.05)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
    await asyncio.gather(*spawned)
    assert session.cancelled == ["L1"]


async def test_input_rounds_are_answered_and_sent_back_with_the_state():
    first = types.InputRequiredResult.model_validate(
        {"resultType": "input_required", "inputRequests": {"q": ASK_NAME}, "requestState": "s1"}
    )
    final = types.CallToolResult(content=[types.TextContent(text="ok")])
    sent: list[tuple[Any, Any]] = []

    async def retry(answers: dict[str, Any], request_state: str | None) -> Any:
        sent.append((answers, request_state))
        return final

    async def dispatch(key: str, request: Any) -> Any:
        return types.ElicitResult(action="decline")

    assert await resolve_input_rounds(first, retry, dispatch) is final
    [(answers, request_state)] = sent
    assert request_state == "s1" and answers["q"].action == "decline"


@pytest.mark.parametrize(
    ("ms", "seconds"), [(None, 1.0), (0, 1.0), (5000, 5.0), (10**9, 30.0), (True, 1.0)]
)
def test_poll_seconds_follow_the_server_within_bounds(ms: object, seconds: float):
    assert poll_seconds(ms) == seconds
