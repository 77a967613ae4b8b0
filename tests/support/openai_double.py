"""An OpenAI-compatible Chat Completions server on loopback: streamed SSE, scripted turns.

``POST /v1/chat/completions`` with ``stream: true`` answers ``chat.completion.chunk``
events as the API does: a first delta with the role, text deltas, tool calls (id and
name first, then the arguments in pieces), a chunk with ``finish_reason``, then —
as ``stream_options.include_usage`` asks — one chunk with empty ``choices`` and the
``usage``, and ``data: [DONE]``. Errors are the API's JSON (``{"error": {...}}``) with
its status and an optional ``Retry-After``. ``GET /v1/models`` lists ``double.models``.
Point the openai SDK (and strands' OpenAIModel) at ``base_url`` (``…/v1``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.support.chat import Say
from tests.support.model_double import ModelDouble, Refuse, Turn, Wire, serving, sse

CREATED = 1_700_000_000


class OpenAIWire(Wire):
    """Chat Completions' streaming format."""

    messages_path = "/v1/chat/completions"
    models_path = "/v1/models"

    def stream(self, double: ModelDouble, turn: list[Any]) -> Iterator[bytes]:
        model = "double-model"

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
            return sse(
                {
                    "id": "chatcmpl-double",
                    "object": "chat.completion.chunk",
                    "created": CREATED,
                    "model": model,
                    "choices": [choice],
                }
            )

        yield chunk({"role": "assistant", "content": ""})
        calls = 0
        for step in turn:
            if isinstance(step, Say):
                for piece in step.pieces():
                    yield chunk({"content": piece})
                continue
            call_id = step.id or f"call_{calls + 1}"
            start = {"name": step.tool, "arguments": ""}
            yield chunk(
                {
                    "tool_calls": [
                        {"index": calls, "id": call_id, "type": "function", "function": start}
                    ]
                }
            )
            arguments = json.dumps(step.input)
            half = len(arguments) // 2
            for piece in (arguments[:half], arguments[half:]):
                yield chunk({"tool_calls": [{"index": calls, "function": {"arguments": piece}}]})
            calls += 1
        yield chunk({}, "tool_calls" if calls else "stop")
        prompt, completion = double.usage
        yield sse(
            {
                "id": "chatcmpl-double",
                "object": "chat.completion.chunk",
                "created": CREATED,
                "model": model,
                "choices": [],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )
        yield sse("[DONE]")

    def error(self, refusal: Refuse) -> dict[str, Any]:
        kinds = {429: ("requests", "rate_limit_exceeded"), 401: ("invalid_request_error", None)}
        kind, code = kinds.get(refusal.status, ("server_error", None))
        return {"error": {"message": refusal.message, "type": kind, "param": None, "code": code}}

    def models(self, double: ModelDouble, query: str) -> dict[str, Any]:
        return {"object": "list", "data": double.models}


@contextmanager
def openai_double(
    turns: Iterable[Turn] = (),
    *,
    then: Turn | None = None,
    models: Iterable[str] = ("double-model",),
    usage: tuple[int, int] = (12, 7),
) -> Iterator[ModelDouble]:
    """Serve Chat Completions on 127.0.0.1 until the block ends; ``.url`` is the base URL."""
    listed = [
        {"id": name, "object": "model", "created": CREATED, "owned_by": "double"} for name in models
    ]
    with serving(
        OpenAIWire(), turns, then=then, models=listed, usage=usage, base_path="/v1"
    ) as double:
        yield double
