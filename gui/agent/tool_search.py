"""Big gateways: the model starts with a tool search and is given the tools it finds.

::

    ChatSession._set_tools ─► plan(tools, threshold, gateway) ─► None: every tool to the model
                                   └─► ToolSearch
    Agent(tools=[find_tools] + pinned)        (gui.agent.find_tools: the strands tool)
    model: find_tools({"query": …}) ─► ToolSearch.find(query)
        ├─ the gateway lists AgentCore's x_amz_bedrock_agentcore_search: ask it
        │     (its answer: {"tools": [{"name", "description", "inputSchema"}, …]})
        └─ otherwise, or when it fails: LocalIndex, BM25 over names, titles, descriptions
    ─► the found tools join the agent's tool registry; strands reads the tool specs
       afresh for every model call, so the next call of this very question offers them

Invariants:

- Search is used when the gateway offers AgentCore's search or lists more tools than
  ``Profile.tool_search_threshold``; a threshold of 0 turns it off.
- The model's first request carries ``find_tools`` and the pinned tools only: those
  the conversation already used (a restored chat), so its history stays callable.
- What was found stays for the conversation; a new conversation starts over
  (ChatSession builds a new agent). The tools panel still lists every tool.
- The gateway's search tool never goes to the model itself; only tools the gateway
  listed can be found (a name it does not list could not be called anyway).

Pure Python (no strands, no mcp): imports :mod:`gui.gateway.tools` and :mod:`gui.errors`.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from gui.errors import ToolTimeout
from gui.gateway.tools import TARGET_SEPARATOR, ToolInfo, ToolResult

log = logging.getLogger(__name__)

#: AgentCore Gateway's semantic search tool (enabled when the gateway is created).
GATEWAY_SEARCH = "x_amz_bedrock_agentcore_search"
MAX_FOUND = 8  # tools added per search
SEARCH_TIMEOUT = 20.0
MAX_AREAS = 40  # targets named in the search tool's description
K1, B = 1.2, 0.75  # BM25's usual constants
NAME_WEIGHT = 3  # a word in the tool's name counts as this many in its text

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_WORD = re.compile(r"[a-z0-9]+|[^\W\d_a-z]", re.UNICODE)  # CJK: one token per character
_STOP = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "i", "in", "is", "it"}
    | {"me", "my", "of", "on", "or", "the", "to", "with", "tool", "tools"}
)


class SearchGateway(Protocol):
    """What the search needs of the gateway (GatewayClient has it)."""

    async def call_tool(
        self,
        name_or_alias: str,
        arguments: dict[str, Any] | None = None,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> ToolResult: ...


def words(text: str) -> list[str]:
    """Lower-case words of ``text``: camelCase and snake_case split, a plural ``s`` dropped."""
    spaced = _CAMEL.sub(r"\1 \2", text.replace(TARGET_SEPARATOR, " "))
    out = []
    for word in _WORD.findall(spaced.lower()):
        if word in _STOP:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


class LocalIndex:
    """BM25 over each tool's name (weighted), title and description."""

    def __init__(self, tools: Iterable[ToolInfo]) -> None:
        self.tools = list(tools)
        self._docs: list[Counter[str]] = []
        for tool in self.tools:
            name_words = words(tool.name) * NAME_WEIGHT
            self._docs.append(Counter(name_words + words(tool.title) + words(tool.description)))
        self._lengths = [sum(doc.values()) for doc in self._docs]
        self._average = (sum(self._lengths) / len(self._lengths)) if self._lengths else 1.0
        frequency: Counter[str] = Counter()
        for doc in self._docs:
            frequency.update(doc.keys())
        n = len(self._docs)
        self._idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in frequency.items()}

    def search(self, query: str, limit: int = MAX_FOUND) -> list[ToolInfo]:
        """The best ``limit`` tools for ``query``, best first (none when no word matches)."""
        wanted = set(words(query))
        scored = []
        for index, doc in enumerate(self._docs):
            score = 0.0
            norm = K1 * (1 - B + B * self._lengths[index] / self._average)
            for word in wanted & doc.keys():
                tf = doc[word]
                score += self._idf[word] * tf * (K1 + 1) / (tf + norm)
            if score > 0:
                scored.append((-score, self.tools[index].name, index))
        scored.sort()
        return [self.tools[index] for _, _, index in scored[:limit]]


def found_names(result: ToolResult) -> list[str]:
    """The tool names in an answer of AgentCore's search (structured content or JSON text)."""
    payload: Any = result.structured
    if not isinstance(payload, dict) or "tools" not in payload:
        try:
            payload = json.loads(result.text)
        except ValueError:
            return []
    tools = payload.get("tools") if isinstance(payload, dict) else None
    if not isinstance(tools, list):
        return []
    return [str(t["name"]) for t in tools if isinstance(t, dict) and isinstance(t.get("name"), str)]


def areas(tools: Iterable[ToolInfo]) -> str:
    """``crm (30), hr (28), …``: the gateway's targets and their tool counts, biggest first."""
    counts = Counter(
        t.name.split(TARGET_SEPARATOR, 1)[0] if TARGET_SEPARATOR in t.name else "other"
        for t in tools
    )
    listed = [f"{name} ({count})" for name, count in counts.most_common(MAX_AREAS)]
    more = len(counts) - len(listed)
    return ", ".join(listed) + (f" and {more} more" if more > 0 else "")


class ToolSearch:
    """One gateway's tools behind a search: what to start with and what a query finds."""

    def __init__(
        self, tools: Iterable[ToolInfo], gateway: SearchGateway | None, *, limit: int = MAX_FOUND
    ) -> None:
        listed = list(tools)
        self.uses_gateway = gateway is not None and any(t.name == GATEWAY_SEARCH for t in listed)
        self.tools = [t for t in listed if t.name != GATEWAY_SEARCH]
        self.limit = limit
        self._gateway = gateway
        self._by_name = {t.name: t for t in self.tools}
        self._by_alias = {t.alias: t for t in self.tools}
        self._index: LocalIndex | None = None  # built on the first local search

    def pinned(self, messages: Iterable[Any]) -> list[ToolInfo]:
        """The tools ``messages`` (strands messages) already called, in first-use order."""
        seen: dict[str, ToolInfo] = {}
        for message in messages:
            content = message.get("content") if isinstance(message, dict) else None
            for block in content or []:
                use = block.get("toolUse") if isinstance(block, dict) else None
                info = self._by_alias.get(str(use.get("name"))) if isinstance(use, dict) else None
                if info is not None:
                    seen.setdefault(info.alias, info)
        return list(seen.values())

    async def find(self, query: str) -> list[ToolInfo]:
        """The tools for ``query``: the gateway's search when it has one, else ours.

        The gateway's search failing (an error result, no known name, a timeout) falls
        back to the local ranking; other errors (sign-in, access) are the question's.
        """
        if self.uses_gateway and self._gateway is not None:
            try:
                result = await self._gateway.call_tool(
                    GATEWAY_SEARCH, {"query": query}, timeout=SEARCH_TIMEOUT
                )
            except ToolTimeout:
                log.debug("The gateway's tool search timed out; ranking locally")
            else:
                names = [] if result.is_error else found_names(result)
                found = [self._by_name[n] for n in names if n in self._by_name]
                if found:
                    return found[: self.limit]
                log.debug("The gateway's tool search found nothing usable; ranking locally")
        if self._index is None:
            self._index = LocalIndex(self.tools)
        return self._index.search(query, self.limit)


def plan(tools: list[ToolInfo], threshold: int, gateway: SearchGateway | None) -> ToolSearch | None:
    """A ToolSearch when this gateway needs one (see the module's invariants), else None."""
    if threshold <= 0:
        return None
    offers_search = any(t.name == GATEWAY_SEARCH for t in tools)
    if not offers_search and len(tools) <= threshold:
        return None
    return ToolSearch(tools, gateway)
