"""The offline router as a strands ``Model``: no language model, the same agent loop.

It streams what a model would: for a new question, one ``toolUse`` chosen by
:mod:`gui.agent.router`; once the agent has run the tool and appended its
result, the result rendered as Markdown. The strands Agent, its tool
execution and its events are the real ones, so the offline mode exercises the
same path as Bedrock does. Imports strands: load it lazily (``gui.agent.models`` does,
when the offline model is built). Imports router and phrases, never models.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel
from strands.models.model import Model
from strands.types.content import Messages
from strands.types.streaming import StreamEvent
from strands.types.tools import ToolSpec

from gui.agent import router
from gui.agent.phrases import OFFLINE_LABEL
from gui.errors import ModelUnavailable

T = TypeVar("T", bound=BaseModel)


class OfflineRouterModel(Model):
    """Picks one tool per question by matching words; answers with its result."""

    #: What ChatSession shows when this model is passed in directly.
    label = OFFLINE_LABEL
    is_language_model = False

    def __init__(self, **config: Any) -> None:
        self._config: dict[str, Any] = {"model_id": "offline-router", **config}

    def update_config(self, **model_config: Any) -> None:
        """Merge configuration (kept only for the Model interface)."""
        self._config.update(model_config)

    def get_config(self) -> dict[str, Any]:
        """The configuration."""
        return dict(self._config)

    def structured_output(
        self,
        output_model: type[T],
        prompt: Messages,
        system_prompt: str | None = None,
        **kwargs: Any,
    ) -> AsyncGenerator[dict[str, T | Any], None]:
        """Not available without a language model."""
        raise ModelUnavailable("The offline router cannot produce structured output.")

    async def stream(  # type: ignore[override]
        self,
        messages: Messages,
        tool_specs: list[ToolSpec] | None = None,
        system_prompt: str | None = None,
        **kwargs: Any,
    ) -> AsyncIterable[StreamEvent]:
        """One model turn: a tool call for a question, or the answer for a tool result."""
        tools = [
            router.ToolSpecView(
                spec["name"], spec.get("description", ""), _schema_of(spec.get("inputSchema"))
            )
            for spec in tool_specs or []
        ]
        language = str(self._config.get("language") or "en")
        last = messages[-1] if messages else {"role": "user", "content": []}
        results = [block["toolResult"] for block in last["content"] if "toolResult" in block]
        if last["role"] == "user" and results:
            text = "\n\n".join(_answer_for(result, messages, language) for result in results)
            for event in _text_turn(text):
                yield event
            return
        question = " ".join(block["text"] for block in last["content"] if "text" in block)
        choice = router.route(question, tools)
        if choice is None:
            for event in _text_turn(router.no_match_answer(tools, language)):
                yield event
            return
        if choice.missing:
            spec = next(tool for tool in tools if tool.name == choice.tool)
            for event in _text_turn(router.missing_answer(spec, choice.missing, language)):
                yield event
            return
        for event in _tool_turn(f"tooluse_offline_{len(messages)}", choice):
            yield event


def _schema_of(input_schema: Any) -> Mapping[str, Any]:
    if isinstance(input_schema, Mapping):
        inner = input_schema.get("json", input_schema)
        if isinstance(inner, Mapping):
            return inner
    return {}


def _answer_for(
    result: Mapping[str, Any], messages: Sequence[Mapping[str, Any]], language: str = "en"
) -> str:
    """Render one tool result, naming the call it answers."""
    use: Mapping[str, Any] = {}
    for message in reversed(messages):
        for block in message["content"]:
            if "toolUse" in block and block["toolUse"].get("toolUseId") == result.get("toolUseId"):
                use = block["toolUse"]
                break
        if use:
            break
    parts = []
    for item in result.get("content", []):
        if "text" in item:
            parts.append(item["text"])
        elif "json" in item:
            parts.append(json.dumps(item["json"], ensure_ascii=False))
    return router.render_result(
        str(use.get("name", "the tool")),
        use.get("input") or {},
        "\n".join(parts),
        is_error=result.get("status") == "error",
        language=language,
    )


def _usage() -> StreamEvent:
    return {
        "metadata": {
            "usage": {"inputTokens": 0, "outputTokens": 0, "totalTokens": 0},
            "metrics": {"latencyMs": 0},
        }
    }


def _text_turn(text: str) -> list[StreamEvent]:
    """A streamed text answer: a delta per paragraph, like a model would send it."""
    pieces = [piece + "\n\n" for piece in text.split("\n\n")]
    pieces[-1] = pieces[-1].rstrip("\n")
    return [
        {"messageStart": {"role": "assistant"}},
        {"contentBlockStart": {"start": {}}},
        *({"contentBlockDelta": {"delta": {"text": piece}}} for piece in pieces if piece),
        {"contentBlockStop": {}},
        {"messageStop": {"stopReason": "end_turn"}},
        _usage(),
    ]


def _tool_turn(tool_use_id: str, choice: router.Route) -> list[StreamEvent]:
    return [
        {"messageStart": {"role": "assistant"}},
        {
            "contentBlockStart": {
                "start": {"toolUse": {"toolUseId": tool_use_id, "name": choice.tool}}
            }
        },
        {"contentBlockDelta": {"delta": {"toolUse": {"input": json.dumps(choice.arguments)}}}},
        {"contentBlockStop": {}},
        {"messageStop": {"stopReason": "tool_use"}},
        _usage(),
    ]
