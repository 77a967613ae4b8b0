"""Tool calls that take more than one request: tasks, and input asked for between rounds.

Three shapes, all driven from the calling task (so its :data:`~gui.gateway.calls.current_call`
scope, its deadline and its cancellation apply):

- **A 2025-11-25 task** (:func:`run_legacy_task`): ``tools/call`` with ``params.task``
  answers a ``CreateTaskResult``; ``tasks/get`` is polled at the task's ``pollInterval``
  and each change reported as a :class:`~gui.gateway.calls.TaskUpdate`. When the task
  needs input (``input_required``) or ends, ``tasks/result`` is asked: it carries the
  server's requests (a form, a link) on its stream and answers the final result; polling
  goes on meanwhile, for the status.
- **A 2026-07-28 task** (:func:`follow_modern_task`, the ``io.modelcontextprotocol/tasks``
  extension): any ``tools/call`` may answer ``resultType: "task"``; ``tasks/get`` is
  polled at ``pollIntervalMs`` and carries the result, the error, or ``inputRequests``,
  which are answered (each key once) with ``tasks/update``.
- **Multi round-trip** (:func:`resolve_input_rounds`, 2026-07-28): a request answered
  ``resultType: "input_required"`` is sent again with the answers and the server's
  ``requestState``.

Cancelling the calling task (Stop) asks the server to cancel the task (``tasks/cancel``)
in the background, never making the person wait for that answer. A task past its
``ttl`` is given up. Imports mcp only through the session object it is handed (and
:mod:`gui.gateway.wire`, inside functions); :mod:`gui.gateway.calls` and
:mod:`gui.errors`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from gui.errors import ChatError, ToolTimeout
from gui.gateway.calls import CallScope, TaskUpdate
from gui.untrusted import MAX_DETAIL, one_line

__all__ = [
    "MAX_INPUT_ROUNDS",
    "TaskEnded",
    "follow_modern_task",
    "poll_seconds",
    "resolve_input_rounds",
    "run_legacy_task",
]

log = logging.getLogger(__name__)

DEFAULT_POLL = 1.0  # seconds between polls when the server suggests nothing
MIN_POLL, MAX_POLL = 0.1, 30.0
MAX_INPUT_ROUNDS = 10
_FINAL = ("completed", "failed", "cancelled")
_TTL_GRACE = 5.0  # seconds past a task's ttl before it is given up

Spawn = Callable[[Coroutine[Any, Any, Any]], None]
Dispatch = Callable[[str, Any], Awaitable[Any]]


class TaskEnded(ChatError):
    """A task failed or was cancelled on the server's side (not a tool's own error result)."""

    def __init__(self, status: str, detail: str = "") -> None:
        reason = f": {detail}" if detail else "."
        super().__init__(
            f"The task {'was cancelled' if status == 'cancelled' else 'failed'}{reason}"
        )
        self.status = status


def poll_seconds(milliseconds: object) -> float:
    """The server's suggested interval (ms) as seconds, kept within sane bounds."""
    if (
        isinstance(milliseconds, int | float)
        and not isinstance(milliseconds, bool)
        and milliseconds > 0
    ):
        return min(MAX_POLL, max(MIN_POLL, milliseconds / 1000))
    return DEFAULT_POLL


class _Reporter:
    """Emits a TaskUpdate when the status or its message changed."""

    def __init__(self, scope: CallScope | None, task_id: str) -> None:
        self._scope = scope
        self._task_id = task_id
        self._last: tuple[str, str] | None = None

    def report(self, status: str, message: str | None) -> None:
        current = (str(status), one_line(message or "", MAX_DETAIL))
        if current != self._last and self._scope is not None:
            self._last = current
            self._scope.emit(TaskUpdate(self._task_id, *current))


def _deadline(ttl_ms: object) -> float | None:
    if isinstance(ttl_ms, int | float) and not isinstance(ttl_ms, bool) and ttl_ms > 0:
        return time.monotonic() + ttl_ms / 1000 + _TTL_GRACE
    return None


def _check_ttl(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise ToolTimeout("The task did not finish within the time the server keeps it.")


async def run_legacy_task(
    session: Any,
    name: str,
    arguments: dict[str, Any],
    scope: CallScope | None,
    spawn: Spawn,
) -> Any:
    """Call ``name`` as a 2025-11-25 task; the final ``CallToolResult``."""
    created = await session.call_tool_as_task(name, arguments)
    task = created.task
    task_id = task.task_id
    reporter = _Reporter(scope, task_id)
    reporter.report(task.status, task.status_message)
    interval = poll_seconds(task.poll_interval)
    deadline = _deadline(task.ttl)
    fetching: asyncio.Task[Any] | None = None
    finished = False
    try:
        status = task.status
        while True:
            if fetching is None and (status in _FINAL or status == "input_required"):
                # Inherits this task's context: requests on its stream know their call.
                fetching = asyncio.ensure_future(session.task_result(task_id))
            if fetching is not None:
                await asyncio.wait({fetching}, timeout=interval)
                if fetching.done():
                    finished = True
                    return _payload(fetching, status)
            else:
                await asyncio.sleep(interval)
            _check_ttl(deadline)
            polled = await session.get_task(task_id)
            status = polled.status
            reporter.report(status, polled.status_message)
            interval = poll_seconds(polled.poll_interval) if polled.poll_interval else interval
    except BaseException:
        if not finished:
            spawn(_quietly(session.cancel_task(task_id), "tasks/cancel"))
        raise
    finally:
        if fetching is not None and not fetching.done():
            fetching.cancel()


def _payload(fetching: asyncio.Task[Any], status: str) -> Any:
    try:
        return fetching.result()
    except Exception as exc:
        if status in ("failed", "cancelled"):
            raise TaskEnded(status, one_line(getattr(exc, "message", ""), MAX_DETAIL)) from None
        raise


async def follow_modern_task(
    session: Any, created: Any, scope: CallScope | None, dispatch: Dispatch, spawn: Spawn
) -> Any:
    """Poll a 2026-07-28 task (``resultType: "task"``) to its ``CallToolResult``."""
    import mcp_types as types

    from gui.gateway.wire import input_requests_of

    task_id = created.task_id
    reporter = _Reporter(scope, task_id)
    reporter.report(created.status, created.status_message)
    interval = poll_seconds(created.poll_interval_ms)
    deadline = _deadline(created.ttl_ms)
    answered: set[str] = set()
    first = created.status not in _FINAL
    try:
        while True:
            if first:
                await asyncio.sleep(interval)
            first = True
            _check_ttl(deadline)
            state = await session.get_modern_task(task_id)
            reporter.report(state.status, state.status_message)
            interval = poll_seconds(state.poll_interval_ms) if state.poll_interval_ms else interval
            if state.status == "completed":
                return types.CallToolResult.model_validate(state.result or {}, by_name=False)
            if state.status in ("failed", "cancelled"):
                error = state.error or {}
                raise TaskEnded(
                    state.status, one_line(error.get("message") or state.status_message, MAX_DETAIL)
                )
            if state.status == "input_required":
                asked = {
                    key: request
                    for key, request in input_requests_of(state.input_requests).items()
                    if key not in answered
                }
                if asked:
                    answers = await _answer_all(asked, dispatch)
                    answered.update(asked)
                    await session.update_modern_task(task_id, answers)
                    first = False  # look again at once: the answer may have finished it
    except TaskEnded:
        raise
    except BaseException:
        spawn(_quietly(session.cancel_modern_task(task_id), "tasks/cancel"))
        raise


async def resolve_input_rounds(
    first: Any, retry: Callable[[dict[str, Any], str | None], Awaitable[Any]], dispatch: Dispatch
) -> Any:
    """Answer ``input_required`` results until the server gives a final one (2026-07-28)."""
    import mcp_types as types

    current = first
    for _ in range(MAX_INPUT_ROUNDS):
        if not isinstance(current, types.InputRequiredResult):
            return current
        answers = await _answer_all(current.input_requests or {}, dispatch)
        if not current.input_requests:
            await asyncio.sleep(0.1)  # only state to echo: do not spin
        current = await retry(answers, current.request_state)
    if isinstance(current, types.InputRequiredResult):
        raise ChatError(f"The gateway kept asking for input (more than {MAX_INPUT_ROUNDS} rounds).")
    return current


async def _answer_all(requests: dict[str, Any], dispatch: Dispatch) -> dict[str, Any]:
    """Each request's answer, asked concurrently; an ``ErrorData`` answer fails the call."""
    import mcp_types as types
    from mcp.shared.exceptions import MCPError

    keys = list(requests)
    answers = await asyncio.gather(*(dispatch(key, requests[key]) for key in keys))
    for answer in answers:
        if isinstance(answer, types.ErrorData):
            raise MCPError.from_error_data(answer)
    return dict(zip(keys, answers, strict=True))


async def _quietly(request: Awaitable[Any], what: str) -> None:
    with contextlib.suppress(Exception):
        await request
        log.debug("%s sent", what)
