"""Structured content against a tool's output schema: kept either way, the mismatch said."""

from __future__ import annotations

from gui.gateway.validation import structured_problem

SCHEMA = {
    "type": "object",
    "properties": {
        "temperature": {"type": "number"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["temperature"],
}


async def test_matching_content_has_no_problem():
    assert await structured_problem(SCHEMA, {"temperature": 21.5, "tags": ["sunny"]}) == ""
    assert await structured_problem(None, {"anything": 1}) == ""


async def test_a_mismatch_names_where_and_what():
    assert (
        await structured_problem(SCHEMA, {"temperature": "warm"})
        == "temperature: 'warm' is not of type 'number'"
    )
    assert (
        await structured_problem(SCHEMA, {"temperature": 1, "tags": [1]})
        == "tags/0: 1 is not of type 'string'"
    )
    assert await structured_problem(SCHEMA, None) == (
        "the tool declares an output schema but sent no structured content"
    )


async def test_a_broken_schema_is_reported_as_such():
    assert (
        await structured_problem({"type": "nonsense"}, {})
        == "the tool's output schema is not valid JSON Schema"
    )
