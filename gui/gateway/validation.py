"""A tool's ``structuredContent`` checked against its ``outputSchema``, kept either way.

The MCP spec asks clients to validate structured results against the tool's output
schema. A mismatch is not thrown away (mcp's own check would raise and lose the
result): :func:`structured_problem` says what is wrong in one line, the result carries
it (``ToolResult.structured_problem``) and the model is told. A tool that declares a
schema but sends no structured content is a mismatch too; a schema that is itself not
valid JSON Schema is reported as such.

Uses ``jsonschema`` (an mcp dependency), imported in a worker thread: it costs tens of
milliseconds the first time, which must not stall the event loop. Compiled validators
are cached per schema. Imports :mod:`gui.aio` and :mod:`gui.untrusted`.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from gui.aio import run_blocking
from gui.untrusted import MAX_DETAIL, one_line

__all__ = ["structured_problem"]

log = logging.getLogger(__name__)

_CACHE_SIZE = 64
_validators: dict[str, Any] = {}
_lock = threading.Lock()


async def structured_problem(schema: dict[str, Any] | None, structured: object) -> str:
    """Why ``structured`` does not match ``schema`` ("" when it does, or there is no schema)."""
    if not schema:
        return ""
    if structured is None:
        return "the tool declares an output schema but sent no structured content"
    try:
        return await run_blocking(lambda: _check(schema, structured), within=10.0)
    except Exception as exc:  # a checker failure must not fail the call
        log.warning("Could not check a structured result: %s", type(exc).__name__)
        return ""


def _check(schema: dict[str, Any], structured: object) -> str:
    from jsonschema import SchemaError
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    key = json.dumps(schema, sort_keys=True, default=str)
    with _lock:
        validator = _validators.get(key)
    if validator is None:
        cls = validator_for(schema)
        try:
            cls.check_schema(schema)
        except SchemaError:
            return "the tool's output schema is not valid JSON Schema"
        validator = cls(schema)
        with _lock:
            if len(_validators) >= _CACHE_SIZE:
                _validators.pop(next(iter(_validators)))
            _validators[key] = validator
    error = best_match(validator.iter_errors(structured))
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path)
    text = f"{where}: {error.message}" if where else error.message
    return one_line(text, MAX_DETAIL)
