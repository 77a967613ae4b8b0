"""A server's request for input mid-call (MCP ``elicitation/create``, form mode), as plain data.

The requested schema is a flat JSON Schema object whose properties are strings, numbers,
integers, booleans or enums (``enum``, ``oneOf`` with ``const``, or legacy ``enumNames``).
:func:`form_request` turns it into :class:`FormField` rows a front end can lay out; the
front end answers through the :class:`FormHandler` protocol with a :class:`FormAnswer`
(accept with content, decline, or cancel). :func:`check` validates content against the
fields, so the window and the terminal enforce the same rules. No Qt, no mcp.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from gui.untrusted import one_line

ACCEPT, DECLINE, CANCEL = "accept", "decline", "cancel"
Action = Literal["accept", "decline", "cancel"]
Value = str | int | float | bool
_KINDS = ("string", "number", "integer", "boolean")


@dataclass(frozen=True)
class FormField:
    """One row of the form. ``choices`` holds ``(value, label)`` pairs for an enum."""

    name: str
    title: str
    kind: str  # "string", "number", "integer", "boolean" or "enum"
    required: bool = False
    description: str = ""
    default: Value | None = None
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class FormRequest:
    """What the server asks: its message (one line, untrusted) and the fields."""

    message: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class FormAnswer:
    """The person's answer; ``content`` only with ``accept``."""

    action: Action
    content: dict[str, Value] = field(default_factory=dict)


class FormHandler(Protocol):
    """What a front end provides to answer forms (the window's card, the terminal's prompts)."""

    async def __call__(self, request: FormRequest) -> FormAnswer:
        """Ask the person; cancelling the call means the form was dismissed."""
        ...


def form_request(message: str, schema: dict[str, Any] | None) -> FormRequest:
    """The form for ``schema`` (unknown property types are asked as text)."""
    schema = schema if isinstance(schema, dict) else {}
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    required = set(schema.get("required") or [])
    fields = tuple(
        _field(str(name), spec if isinstance(spec, dict) else {}, str(name) in required)
        for name, spec in properties.items()
    )
    return FormRequest(message=one_line(message), fields=fields)


def _field(name: str, spec: dict[str, Any], required: bool) -> FormField:
    choices = _choices(spec)
    kind = "enum" if choices else str(spec.get("type", "string"))
    if kind not in _KINDS and kind != "enum":
        kind = "string"
    default = spec.get("default")
    if not isinstance(default, str | int | float | bool):
        default = None
    return FormField(
        name=name,
        title=one_line(spec.get("title") or name, 80),
        kind=kind,
        required=required,
        description=one_line(spec.get("description") or "", 200),
        default=default,
        choices=choices,
        minimum=_number(spec.get("minimum")),
        maximum=_number(spec.get("maximum")),
        min_length=_count(spec.get("minLength")),
        max_length=_count(spec.get("maxLength")),
    )


def _choices(spec: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    if isinstance(spec.get("enum"), list):
        values = [str(value) for value in spec["enum"]]
        names = spec.get("enumNames")
        labels = names if isinstance(names, list) and len(names) == len(values) else values
        return tuple(
            (value, one_line(label, 80)) for value, label in zip(values, labels, strict=True)
        )
    options = spec.get("oneOf")
    if isinstance(options, list) and all(isinstance(o, dict) and "const" in o for o in options):
        return tuple((str(o["const"]), one_line(o.get("title") or o["const"], 80)) for o in options)
    return ()


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_value(item: FormField, text: str) -> Value:
    """``text`` typed for ``item`` as its value; ValueError (with a message) when it is not one."""
    text = text.strip()
    if item.kind == "boolean":
        lowered = text.lower()
        if lowered in ("y", "yes", "true", "1", "on"):
            return True
        if lowered in ("n", "no", "false", "0", "off"):
            return False
        raise ValueError("Answer yes or no.")
    if item.kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise ValueError("Enter a whole number.") from None
    if item.kind == "number":
        try:
            number = float(text)
        except ValueError:
            raise ValueError("Enter a number.") from None
        if not math.isfinite(number):
            raise ValueError("Enter a number.")
        return number
    if item.kind == "enum":
        for value, label in item.choices:
            if text in (value, label):
                return value
        raise ValueError("Choose one of: " + ", ".join(value for value, _ in item.choices))
    return text


def check(fields: tuple[FormField, ...], content: dict[str, Value]) -> dict[str, str]:
    """Problems with ``content``, by field name (empty when it may be sent)."""
    problems: dict[str, str] = {}
    for item in fields:
        value = content.get(item.name)
        if value is None or value == "":
            if item.required:
                problems[item.name] = "Required."
            continue
        problem = _problem(item, value)
        if problem:
            problems[item.name] = problem
    return problems


def _problem(item: FormField, value: Value) -> str:
    if item.kind == "enum" and value not in {v for v, _ in item.choices}:
        return "Choose one of the options."
    if item.kind in ("number", "integer"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Enter a number."
        if item.minimum is not None and value < item.minimum:
            return f"At least {item.minimum:g}."
        if item.maximum is not None and value > item.maximum:
            return f"At most {item.maximum:g}."
    if item.kind == "string" and isinstance(value, str):
        if item.min_length is not None and len(value) < item.min_length:
            return f"At least {item.min_length} characters."
        if item.max_length is not None and len(value) > item.max_length:
            return f"At most {item.max_length} characters."
    return ""
