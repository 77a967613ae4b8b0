"""An Anthropic Messages server on loopback: streamed SSE, scripted turns.

``POST /v1/messages`` with ``stream: true`` answers the API's named events:
``message_start`` (with the input tokens), per block ``content_block_start`` /
``content_block_delta`` (``text_delta``, or ``input_json_delta`` pieces for a
``tool_use``) / ``content_block_stop``, a ``ping``, ``message_delta`` (stop reason and
output tokens) and ``message_stop``. A ``Break`` step ends the stream with an ``error``
event instead, as an overloaded API does mid-answer. Errors are the API's JSON
(``{"type": "error", "error": {...}}``: 429 ``rate_limit_error``, 529
``overloaded_error``, …) with an optional ``Retry-After``. ``GET /v1/models`` pages
``double.models`` with ``limit`` / ``after_id`` as the API does. Point the anthropic
SDK at ``base_url`` (the root: the SDK adds ``/v1``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs

from tests.support.chat import Say
from tests.support.model_double import (
    Break,
    ModelDouble,
    Refuse,
    Step,
    Turn,
    Wire,
    serving,
    sse,
)

ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    500: "api_error",
    529: "overloaded_error",
}


class AnthropicWire(Wire):
    """Messages' streaming format."""

    messages_path = "/v1/messages"
    models_path = "/v1/models"

    def stream(self, double: ModelDouble, turn: list[Step | Break]) -> Iterator[bytes]:
        prompt, completion = double.usage
        message = {
            "id": "msg_double",
            "type": "message",
            "role": "assistant",
            "model": "claude-double",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": prompt, "output_tokens": 1},
        }
        yield sse({"type": "message_start", "message": message}, "message_start")
        uses = 0
        for index, step in enumerate(turn):
            if isinstance(step, Break):
                error = {"type": step.error_type, "message": step.message}
                yield sse({"type": "error", "error": error}, "error")
                return
            if isinstance(step, Say):
                block: dict[str, Any] = {"type": "text", "text": ""}
                deltas = [{"type": "text_delta", "text": piece} for piece in step.pieces()]
            else:
                uses += 1
                tool_id = step.id or f"toolu_double_{uses}"
                block = {"type": "tool_use", "id": tool_id, "name": step.tool, "input": {}}
                arguments = json.dumps(step.input)
                half = len(arguments) // 2
                deltas = [
                    {"type": "input_json_delta", "partial_json": piece}
                    for piece in (arguments[:half], arguments[half:])
                ]
            start = {"type": "content_block_start", "index": index, "content_block": block}
            yield sse(start, "content_block_start")
            if index == 0:
                yield sse({"type": "ping"}, "ping")
            for delta in deltas:
                event = {"type": "content_block_delta", "index": index, "delta": delta}
                yield sse(event, "content_block_delta")
            yield sse({"type": "content_block_stop", "index": index}, "content_block_stop")
        stop = "tool_use" if uses else "end_turn"
        delta = {
            "type": "message_delta",
            "delta": {"stop_reason": stop, "stop_sequence": None},
            "usage": {"output_tokens": completion},
        }
        yield sse(delta, "message_delta")
        yield sse({"type": "message_stop"}, "message_stop")

    def error(self, refusal: Refuse) -> dict[str, Any]:
        kind = ERROR_TYPES.get(refusal.status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": refusal.message}}

    def models(self, double: ModelDouble, query: str) -> dict[str, Any]:
        params = parse_qs(query)
        limit = int(params.get("limit", ["20"])[0])
        after = params.get("after_id", [""])[0]
        ids = [m["id"] for m in double.models]
        start = ids.index(after) + 1 if after in ids else 0
        page = double.models[start : start + limit]
        return {
            "data": page,
            "has_more": start + limit < len(ids),
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
        }


@contextmanager
def anthropic_double(
    turns: Iterable[Turn] = (),
    *,
    then: Turn | None = None,
    models: Iterable[tuple[str, str]] = (("claude-double", "Claude Double"),),
    usage: tuple[int, int] = (12, 7),
) -> Iterator[ModelDouble]:
    """Serve Messages on 127.0.0.1 until the block ends; ``.url`` is the SDK's base URL."""
    listed = [
        {
            "type": "model",
            "id": model_id,
            "display_name": name,
            "created_at": "2025-01-01T00:00:00Z",
        }
        for model_id, name in models
    ]
    with serving(AnthropicWire(), turns, then=then, models=listed, usage=usage) as double:
        yield double
