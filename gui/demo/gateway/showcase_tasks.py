"""Tools that run as tasks on the demo gateway, in both protocol eras (mcp 2.1.1 leaves them to us).

mcp 2.1.1 types the task messages but serves none of them, so this module is a server
middleware (``MCPServer(middleware=[...])``: it sees each request before mcp validates
it) that answers them for the tools it was given::

    2025-11-25  tools/list            adds execution.taskSupport "required" to those tools
                initialize            adds capabilities.tasks (tools/call, list, cancel)
                tools/call + task     ─► CreateTaskResult {task: {taskId, status, ttl, ...}}
                tools/call, no task   ─► -32601 "requires task augmentation" (as the spec says)
                tasks/get             ─► the task (status, statusMessage, pollInterval)
                tasks/result          ─► waits for the end; the tool's CallToolResult
                tasks/cancel          ─► cancels it
    2026-07-28  server/discover       adds the io.modelcontextprotocol/tasks extension
                tools/call            ─► resultType "task" when the client declared the
                                         extension (otherwise the tool runs inline)
                tasks/get             ─► the task, with its result or error once it ended
                tasks/update          ─► acknowledged (these tools ask nothing)
                tasks/cancel          ─► cancels it

Invariants: a task id is unguessable and belongs to the person (token ``sub``) who
started it: anyone else is told it does not exist; a task is forgotten ``ttl`` after it
was created; the work runs on the gateway's loop as its own asyncio task, so a client
that goes away does not stop it (tasks outlive requests), ``tasks/cancel`` does.

May import: mcp's server context and error types, mcp_types. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.context import CallNext, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import CLIENT_CAPABILITIES_META_KEY, INVALID_PARAMS, METHOD_NOT_FOUND

TASKS_EXTENSION = "io.modelcontextprotocol/tasks"
MODERN = "2026-07-28"
FINAL = ("completed", "failed", "cancelled")

#: What a task's work is: the call's arguments and a way to say how it goes; its result.
Work = Callable[[dict[str, Any], Callable[[str], None]], Awaitable[Any]]


@dataclass
class _Task:
    task_id: str
    subject: str
    created: float
    status: str = "working"
    message: str = ""
    updated: float = field(default_factory=time.time)
    result: dict[str, Any] | None = None  # the CallToolResult, dumped for the wire
    error: str = ""
    runner: asyncio.Task[None] | None = None
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def say(self, message: str) -> None:
        self.message = message
        self.updated = time.time()


class TaskRunner:
    """A server middleware running ``work``'s tools as tasks (see the module doc)."""

    def __init__(self, work: Mapping[str, Work], *, poll_ms: int = 500, ttl_ms: int = 600_000):
        self._work = dict(work)
        self.poll_ms = poll_ms
        self.ttl_ms = ttl_ms
        self._tasks: dict[str, _Task] = {}

    @property
    def names(self) -> frozenset[str]:
        """The tools that run as tasks."""
        return frozenset(self._work)

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> Any:
        """Answer task requests; add what the lists and capabilities need; pass the rest."""
        if ctx.request_id is None:  # a notification
            return await call_next(ctx)
        modern = ctx.protocol_version == MODERN
        params = dict(ctx.params or {})
        method = ctx.method
        if method == "tools/call" and params.get("name") in self._work:
            if not modern and isinstance(params.get("task"), dict):
                task = self._start(ctx, params)
                return {"task": self._legacy(task)}
            if modern and _declares_tasks(params):
                task = self._start(ctx, params)
                return {"resultType": "task", **self._modern(task, with_outcome=False)}
            if not modern:
                raise MCPError(
                    METHOD_NOT_FOUND,
                    f"Tool {params['name']} requires task augmentation (params.task)",
                )
        elif method in ("tasks/get", "tasks/result", "tasks/cancel", "tasks/update"):
            return await self._task_request(ctx, method, params, modern)
        result = await call_next(ctx)
        if isinstance(result, dict):
            self._decorate(method, result, modern)
        return result

    # -- the requests ----------------------------------------------------------------------

    async def _task_request(
        self, ctx: ServerRequestContext[Any, Any], method: str, params: dict[str, Any], modern: bool
    ) -> dict[str, Any]:
        self._forget_old()
        task = self._tasks.get(str(params.get("taskId", "")))
        if task is None or task.subject != _subject(ctx):
            raise MCPError(INVALID_PARAMS, "No such task")
        if method == "tasks/cancel":
            if task.status not in FINAL and task.runner is not None:
                task.runner.cancel()
                await task.ended.wait()
            return self._modern(task) if modern else self._legacy(task)
        if method == "tasks/update":
            return {"resultType": "complete"}  # these tools ask no input
        if method == "tasks/result" and not modern:
            await task.ended.wait()
            if task.result is None:
                raise MCPError(INVALID_PARAMS, f"The task {task.status}: {task.error}")
            return dict(task.result)
        return {"resultType": "complete", **self._modern(task)} if modern else self._legacy(task)

    def _start(self, ctx: ServerRequestContext[Any, Any], params: dict[str, Any]) -> _Task:
        self._forget_old()
        task = _Task(secrets.token_urlsafe(16), _subject(ctx), time.time())
        arguments = params.get("arguments")
        work = self._work[str(params["name"])]
        task.runner = asyncio.ensure_future(
            self._run(task, work, arguments if isinstance(arguments, dict) else {})
        )
        self._tasks[task.task_id] = task
        return task

    async def _run(self, task: _Task, work: Work, arguments: dict[str, Any]) -> None:
        try:
            result = await work(arguments, task.say)
            task.result = _dumped(result)
            task.status = "completed"
        except asyncio.CancelledError:
            task.status, task.error = "cancelled", "cancelled at the client's request"
        except Exception as exc:  # the tool's failure is the task's
            task.status, task.error = "failed", str(exc) or type(exc).__name__
        finally:
            task.updated = time.time()
            task.ended.set()

    def _forget_old(self) -> None:
        limit = time.time() - self.ttl_ms / 1000
        for key in [k for k, t in self._tasks.items() if t.created < limit]:
            task = self._tasks.pop(key)
            if task.runner is not None:
                task.runner.cancel()

    # -- the wire shapes -------------------------------------------------------------------

    def _legacy(self, task: _Task) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "taskId": task.task_id,
            "status": task.status,
            "createdAt": _iso(task.created),
            "lastUpdatedAt": _iso(task.updated),
            "ttl": self.ttl_ms,
            "pollInterval": self.poll_ms,
        }
        if task.message or task.error:
            shape["statusMessage"] = task.error or task.message
        return shape

    def _modern(self, task: _Task, *, with_outcome: bool = True) -> dict[str, Any]:
        shape: dict[str, Any] = {
            "taskId": task.task_id,
            "status": task.status,
            "ttlMs": self.ttl_ms,
            "pollIntervalMs": self.poll_ms,
        }
        if task.message or task.error:
            shape["statusMessage"] = task.error or task.message
        if with_outcome and task.status == "completed" and task.result is not None:
            shape["result"] = task.result
        if with_outcome and task.status in ("failed", "cancelled"):
            shape["error"] = {"code": -32603, "message": task.error}
        return shape

    def _decorate(self, method: str, result: dict[str, Any], modern: bool) -> None:
        """Say, in each era's words, that these tools run as tasks."""
        if method == "tools/list" and not modern:
            for tool in result.get("tools", []):
                if isinstance(tool, dict) and tool.get("name") in self._work:
                    tool["execution"] = {"taskSupport": "required"}
        elif method == "initialize":
            capabilities = result.setdefault("capabilities", {})
            capabilities["tasks"] = {"list": {}, "cancel": {}, "requests": {"tools": {"call": {}}}}
        elif method == "server/discover":
            capabilities = result.setdefault("capabilities", {})
            capabilities.setdefault("extensions", {})[TASKS_EXTENSION] = {}


def _declares_tasks(params: dict[str, Any]) -> bool:
    """True when a 2026-07-28 request's client says it speaks the tasks extension."""
    meta = params.get("_meta")
    declared = meta.get(CLIENT_CAPABILITIES_META_KEY) if isinstance(meta, dict) else None
    extensions = declared.get("extensions") if isinstance(declared, dict) else None
    return isinstance(extensions, dict) and TASKS_EXTENSION in extensions


def _subject(ctx: ServerRequestContext[Any, Any]) -> str:
    request = ctx.request
    user = getattr(request, "scope", {}).get("user") if request is not None else None
    if isinstance(user, AuthenticatedUser) and user.access_token.subject:
        return str(user.access_token.subject)
    return "anonymous"


def _dumped(result: Any) -> dict[str, Any]:
    with contextlib.suppress(AttributeError):
        return result.model_dump(by_alias=True, mode="json", exclude_none=True)
    return dict(result)


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat().replace("+00:00", "Z")
