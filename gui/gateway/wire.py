"""What mcp 2.1.1 leaves to us, in one place: task requests, our own output check, raw calls.

mcp 2.1.1 *types* the 2025-11-25 task messages but never sends them ("types-only"), and
knows the 2026-07-28 tasks extension (``io.modelcontextprotocol/tasks``) only as an
opaque ``resultType`` a client may claim. :class:`GatewaySession` adds, on top of mcp's
``ClientSession``:

- ``call_tool_as_task``: a 2025-11-25 task-augmented ``tools/call`` (``params.task``);
  its ``CreateTaskResult`` is not a ``CallToolResult``, which mcp's own result check for
  ``tools/call`` would refuse, so it goes through the session's stamp and dispatcher
  directly (the one use of mcp's private ``_stamp`` / ``_dispatcher``; pinned by
  ``constraints.txt`` and covered by tests against the TypeScript reference server);
- ``get_task`` / ``task_result`` / ``cancel_task`` (2025-11-25) and ``get_modern_task`` /
  ``update_modern_task`` / ``cancel_modern_task`` (2026-07-28, with ``Mcp-Name`` set to
  the task id as SEP-2663 asks);
- ``validate_tool_result`` as a no-op: mcp would *raise* on structured content that breaks
  the tool's output schema (throwing the result away) and list the tools again to find
  the schema; :mod:`gui.gateway.validation` checks it instead and the result is kept.

:func:`session_options` gives the constructor arguments that advertise the tasks
extension on 2026-07-28 requests. Imports mcp at module level: import this module only
inside functions (:mod:`gui.gateway.connection` does, in its holding task).
"""

from __future__ import annotations

from typing import Any, Literal

import mcp_types as types
from mcp.client.extension import ClaimContext, ResultClaim
from mcp.client.session import ClientSession
from pydantic import TypeAdapter

__all__ = [
    "TASKS_EXTENSION",
    "GatewaySession",
    "LegacyTask",
    "ModernTask",
    "ModernTaskState",
    "input_requests_of",
    "session_options",
]

TASKS_EXTENSION = "io.modelcontextprotocol/tasks"
_INPUT_REQUESTS: TypeAdapter[dict[str, Any]] = TypeAdapter(types.InputRequests)


class ModernTask(types.Result):
    """A 2026-07-28 ``CreateTaskResult``: ``resultType: "task"`` and the task's fields inline."""

    result_type: Literal["task"] = "task"
    task_id: str
    status: str = "working"
    status_message: str | None = None
    ttl_ms: int | None = None
    poll_interval_ms: int | None = None


class ModernTaskState(types.Result):
    """A 2026-07-28 ``tasks/get`` answer (a ``DetailedTask``)."""

    result_type: str | None = None
    task_id: str
    status: str
    status_message: str | None = None
    ttl_ms: int | None = None
    poll_interval_ms: int | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    input_requests: dict[str, Any] | None = None


LegacyTask = types.GetTaskResult  # a 2025-11-25 task: task_id, status, poll_interval (ms), ...


class _TaskParams(types.RequestParams):
    task_id: str


class _TaskUpdateParams(types.RequestParams):
    task_id: str
    input_responses: dict[str, Any]


class _ModernGet(types.Request[_TaskParams, Literal["tasks/get"]]):
    method: Literal["tasks/get"] = "tasks/get"
    params: _TaskParams
    name_param = "taskId"


class _ModernUpdate(types.Request[_TaskUpdateParams, Literal["tasks/update"]]):
    method: Literal["tasks/update"] = "tasks/update"
    params: _TaskUpdateParams
    name_param = "taskId"


class _ModernCancel(types.Request[_TaskParams, Literal["tasks/cancel"]]):
    method: Literal["tasks/cancel"] = "tasks/cancel"
    params: _TaskParams
    name_param = "taskId"


class _Ack(types.Result):
    """Any result; only its arrival matters (an empty ack, or a task)."""


async def _unclaimed(result: ModernTask, ctx: ClaimContext) -> types.CallToolResult:
    # Never called: GatewaySession's callers ask for claimed results and drive tasks
    # themselves (gui.gateway.tasks), with progress, status and cancellation.
    raise RuntimeError("tasks are driven by gui.gateway.tasks")


def session_options() -> dict[str, Any]:
    """``ClientSession`` keyword arguments that declare the 2026-07-28 tasks extension."""
    claim = ResultClaim(result_type="task", model=ModernTask, resolve=_unclaimed)
    return {
        "extensions": {TASKS_EXTENSION: {}},
        "result_claims": {TASKS_EXTENSION: [claim]},
    }


def input_requests_of(raw: dict[str, Any] | None) -> dict[str, Any]:
    """A task's ``inputRequests`` as typed requests (sampling, roots, elicitation)."""
    return _INPUT_REQUESTS.validate_python(raw or {}, by_name=False)


class GatewaySession(ClientSession):
    """mcp's ``ClientSession`` with the task requests and without its raising output check."""

    #: Set when the gateway refused the ``server/discover`` probe for want of a valid
    #: sign-in (HTTP 401 / 403): mcp's 'auto' policy would then try ``initialize``, and
    #: refresh the token a second time for the same answer.
    probe_refused = False

    async def initialize(self) -> types.InitializeResult:
        """The ``initialize`` handshake, unless the probe already met a refused sign-in."""
        if self.probe_refused:
            from mcp.shared.exceptions import MCPError

            raise MCPError(types.INTERNAL_ERROR, "The gateway refused the sign-in")
        return await super().initialize()

    async def validate_tool_result(self, name: str, result: types.CallToolResult) -> None:
        """Not here: :mod:`gui.gateway.validation` checks structured content and keeps it."""
        return None

    async def call_tool_as_task(
        self, name: str, arguments: dict[str, Any], *, ttl_ms: int | None = None
    ) -> types.CreateTaskResult:
        """A 2025-11-25 task-augmented ``tools/call``: the server's ``CreateTaskResult``."""
        params: dict[str, Any] = {"name": name, "arguments": arguments, "task": {}}
        if ttl_ms is not None:
            params["task"]["ttl"] = ttl_ms
        data: dict[str, Any] = {"method": "tools/call", "params": params}
        opts: dict[str, Any] = {}
        self._stamp(data, opts)  # type: ignore[arg-type]  # the negotiated version's headers
        raw = await self._dispatcher.send_raw_request("tools/call", data["params"], opts)  # type: ignore[arg-type]
        return types.CreateTaskResult.model_validate(raw, by_name=False)

    async def get_task(self, task_id: str) -> types.GetTaskResult:
        """2025-11-25 ``tasks/get``."""
        params = types.GetTaskRequestParams(task_id=task_id)
        return await self.send_request(types.GetTaskRequest(params=params), types.GetTaskResult)

    async def task_result(self, task_id: str) -> types.CallToolResult:
        """2025-11-25 ``tasks/result``: waits for the end; the task's requests arrive meanwhile."""
        params = types.GetTaskPayloadRequestParams(task_id=task_id)
        request = types.GetTaskPayloadRequest(params=params)
        return await self.send_request(request, types.CallToolResult)

    async def cancel_task(self, task_id: str) -> None:
        """2025-11-25 ``tasks/cancel``."""
        params = types.CancelTaskRequestParams(task_id=task_id)
        await self.send_request(types.CancelTaskRequest(params=params), _Ack)

    async def get_modern_task(self, task_id: str) -> ModernTaskState:
        """2026-07-28 ``tasks/get`` (extension)."""
        return await self.send_request(
            _ModernGet(params=_TaskParams(task_id=task_id)), ModernTaskState
        )

    async def update_modern_task(self, task_id: str, responses: dict[str, Any]) -> None:
        """2026-07-28 ``tasks/update``: answers to the task's ``inputRequests``."""
        dumped = {
            key: value.model_dump(by_alias=True, mode="json", exclude_none=True)
            if hasattr(value, "model_dump")
            else value
            for key, value in responses.items()
        }
        params = _TaskUpdateParams(task_id=task_id, input_responses=dumped)
        await self.send_request(_ModernUpdate(params=params), _Ack)

    async def cancel_modern_task(self, task_id: str) -> None:
        """2026-07-28 ``tasks/cancel``."""
        await self.send_request(_ModernCancel(params=_TaskParams(task_id=task_id)), _Ack)
