"""A small MCP server written with mcp 2.1.1 (``MCPServer``) on loopback, for what the
reference server cannot show: the 2026-07-28 protocol, a tool list that changes,
AgentCore's own answers (a policy denial, ``_meta.debug``), a broken output schema, a
server that sees a call cancelled, and sessions that vanish with HTTP 404.

It speaks both eras (``server/discover`` and ``initialize``). ``forget(status, body)``
makes the next request carrying any session id answer ``status`` with that JSON body
(and forget every session), as a gateway past its session timeout would. Runs uvicorn in
a daemon thread; ``with PythonPeer() as peer: ...``.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from typing import Annotated, Any, Literal

import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.mcpserver.resolve import Elicit, Resolve
from mcp_types import CallToolResult, TextContent
from pydantic import BaseModel
from starlette.types import Receive, Scope, Send

DENIAL = (
    "Tool Execution Denied: Tool call not allowed due to policy enforcement "
    "[No policy allows Alice to call hr___deleteEmployee]"
)


class Weather(BaseModel):
    temperature: float
    conditions: str


class Colour(BaseModel):
    colour: Literal["red", "green", "blue"]
    glossy: bool = False


def ask_colour() -> Elicit[Colour]:
    return Elicit("Which colour?", Colour)


class PythonPeer:
    """The running server (see the module doc)."""

    def __init__(self) -> None:
        self.cancelled: list[str] = []  # tools whose calls the server saw cancelled
        self.progress_tokens: list[object] = []
        self._forget: tuple[int, dict[str, Any]] | None = None
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/mcp"
        self._mcp = self._build()
        app = self._mcp.streamable_http_app(streamable_http_path="/mcp", host="127.0.0.1")
        config = uvicorn.Config(
            self._guard(app), log_level="warning", lifespan="on", loop="asyncio"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )

    def __enter__(self) -> PythonPeer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the Python MCP peer did not start")
            time.sleep(0.01)  # a thread handoff: uvicorn has no started event
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(5)
        self._sock.close()

    def forget(self, status: int, body: dict[str, Any]) -> None:
        """Answer the next request that carries a session id with ``status`` and ``body``."""
        self._forget = (status, body)

    def _guard(self, app: Any) -> Any:
        async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
            headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
            if (
                self._forget is not None
                and b"mcp-session-id" in headers
                and scope["method"] == "POST"
            ):
                status, body = self._forget
                self._forget = None
                payload = json.dumps(body).encode()
                await send(
                    {
                        "type": "http.response.start",
                        "status": status,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await send({"type": "http.response.body", "body": payload})
                return
            await app(scope, receive, send)

        return guarded

    def _build(self) -> MCPServer:
        server = MCPServer("python-peer", log_level="WARNING")
        peer = self

        @server.tool(title="Count slowly")
        async def count(steps: int, ctx: Context) -> str:
            """Count to ``steps``, a step every 50 ms, reporting progress."""
            meta = ctx.request_context.meta or {}
            peer.progress_tokens.append(meta.get("progress_token", meta.get("progressToken")))
            try:
                for step in range(1, steps + 1):
                    await asyncio.sleep(0.05)
                    await ctx.report_progress(step, steps, f"step {step}")
            except asyncio.CancelledError:
                peer.cancelled.append("count")
                raise
            return f"counted to {steps}"

        @server.tool()
        async def paint(colour: Annotated[Colour, Resolve(ask_colour)]) -> str:
            """Ask which colour (a form: mid-call on 2025, a round trip on 2026-07-28)."""
            return f"painted {colour.colour}{' (glossy)' if colour.glossy else ''}"

        @server.tool()
        async def grow(ctx: Context) -> str:
            """Add a tool named 'grown' and say the list changed."""
            server.add_tool(lambda: "grown up", name="grown", description="Appeared later.")
            if ctx.request_context.session.protocol_version == "2026-07-28":  # listen streams
                await ctx.notify_tools_changed()
            else:
                await ctx.session.send_tool_list_changed()
            return "grew"

        @server.tool(name="hr___deleteEmployee")
        def delete_employee(name: str) -> str:
            """Refused by the organisation's policy, as AgentCore Policy answers."""
            raise ToolError(DENIAL)

        @server.tool()
        def debugged() -> CallToolResult:
            """A failure with the gateway's debug details in ``_meta.debug``."""
            return CallToolResult(
                content=[TextContent(text="Lambda target failed")],
                is_error=True,
                _meta={"debug": {"requestId": "r-1", "cause": "Timeout after 30 s"}},
            )

        @server.tool(structured_output=True)
        def weather(city: str) -> Weather:
            """Weather that matches its output schema."""
            return Weather(temperature=21.5, conditions=f"sunny in {city}")

        @server.tool(structured_output=True)
        def broken_weather() -> CallToolResult:
            """Weather whose structured content breaks the declared schema."""
            return CallToolResult(
                content=[TextContent(text='{"temperature": "warm"}')],
                structured_content={"temperature": "warm"},
            )

        broken = server._tool_manager.get_tool("broken_weather")  # declare a schema it breaks
        if broken is not None:
            broken.output_schema = Weather.model_json_schema()
        return server
