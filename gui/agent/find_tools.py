"""``find_tools``: the strands tool a model on a big gateway starts with (gui.agent.tool_search).

``FindTools.stream`` asks :class:`~gui.agent.tool_search.ToolSearch` for the query,
registers each found tool with the running agent's tool registry (from
``invocation_state["agent"]``, which strands sets for every tool call), and tells the
model which tools it now has. The question shows it as a tool card like any other
(``ToolStarted`` / ``ToolFinished``). It needs no approval: it reads the catalogue,
nothing else (``asks_approval = False``, read by ApprovalHook).

Imports strands: load it lazily (``gui.agent.session`` does, when it builds the agent).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Callable
from typing import Any

from strands.types.events import ToolResultEvent
from strands.types.tools import AgentTool, ToolSpec, ToolUse

from gui.agent.events import ToolFinished, ToolStarted
from gui.agent.tool_search import ToolSearch, areas
from gui.errors import AppError
from gui.gateway.tools import ToolInfo
from gui.untrusted import one_line

log = logging.getLogger(__name__)

NAME = "find_tools"
TITLE = "Tool search"
MAX_LINE = 160  # characters of each found tool's description shown to the model


class FindTools(AgentTool):
    """Search the gateway's tools and add the ones found to the model's tool list."""

    asks_approval = False

    def __init__(self, search: ToolSearch, make_tool: Callable[[ToolInfo], AgentTool]) -> None:
        super().__init__()
        self.search = search
        self._make_tool = make_tool
        self.info = ToolInfo(NAME, NAME, TITLE, "", read_only=True)

    @property
    def tool_name(self) -> str:
        """The name the model calls it by."""
        return NAME

    @property
    def tool_spec(self) -> ToolSpec:
        """One string argument; the description names the gateway's areas."""
        description = (
            f"Find the company's tools for a task. The gateway has {len(self.search.tools)} "
            f"tools in these areas: {areas(self.search.tools)}. Only the tools found are "
            "available to you: search before you answer anything a tool could look up, and "
            "search again with other words when a needed tool is missing."
        )
        query = "What the tool should do, in a few words (e.g. 'get an invoice by number')."
        return {
            "name": NAME,
            "description": description,
            "inputSchema": {
                "json": {
                    "type": "object",
                    "properties": {"query": {"type": "string", "description": query}},
                    "required": ["query"],
                }
            },
        }

    @property
    def tool_type(self) -> str:
        """Ours, not the gateway's."""
        return "tool_search"

    async def stream(
        self, tool_use: ToolUse, invocation_state: dict[str, Any], **kwargs: Any
    ) -> AsyncGenerator[Any, None]:
        """Search, register what was found with the agent, and tell the model."""
        call_id = str(tool_use["toolUseId"])
        raw = tool_use.get("input")
        arguments = raw if isinstance(raw, dict) else {}
        query = str(arguments.get("query", "")).strip()
        yield ToolStarted(call_id, NAME, TITLE, dict(arguments))
        try:
            found = await self.search.find(query) if query else []
        except AppError as exc:  # the gateway refused: the model may go on without tools
            text, is_error = f"The tool search failed: {exc.message}", True
        else:
            added = self._register(found, invocation_state.get("agent"))
            text, is_error = _describe(query, found, added), False
        yield ToolFinished(call_id, NAME, TITLE, text, is_error)
        yield ToolResultEvent(
            {
                "toolUseId": call_id,
                "status": "error" if is_error else "success",
                "content": [{"text": text}],
            }
        )

    def _register(self, found: list[ToolInfo], agent: Any) -> int:
        """Add the found tools to the agent's registry; how many were new."""
        registry = getattr(agent, "tool_registry", None)
        if registry is None:
            log.debug("No agent in the invocation state: found tools not added")
            return 0
        added = 0
        for info in found:
            if info.alias in registry.registry:
                continue
            try:
                registry.register_tool(self._make_tool(info))
            except ValueError:  # a name strands counts as taken (e.g. - vs _)
                log.debug("Tool %s could not be added", info.alias)
                continue
            added += 1
        return added


def _describe(query: str, found: list[ToolInfo], added: int) -> str:
    if not found:
        return (
            f"No tool matched {query!r}. Try other words, or answer without a tool "
            "and say that none was found."
        )
    lines = [f"Found {len(found)} tools ({added} new); you can call them now:"]
    for info in found:
        lines.append(f"- {info.alias}: {one_line(info.description or info.title, MAX_LINE)}")
    return "\n".join(lines)
