"""A server's request for input mid-call (MCP ``elicitation/create``, form mode), as plain data.

The requested schema is a flat JSON Schema object whose properties are, as the MCP spec
(2025-11-25) defines them:

- strings, with ``minLength`` / ``maxLength`` and a ``format`` (``email``, ``uri``,
  ``date``, ``date-time``);
- numbers and integers, with ``minimum`` / ``maximum``;
- booleans;
- single-select enums: ``enum`` (titled by legacy ``enumNames``), or ``oneOf`` of
  ``{const, title}``;
- multi-select enums: ``type: array`` whose ``items`` hold an ``enum`` or ``anyOf`` of
  ``{const, title}``, with ``minItems`` / ``maxItems``;

each with a ``default`` of its own type. :func:`form_request` turns it into
:class:`FormField` rows a front end can lay out (``kind`` is ``string``, ``number``,
``integer``, ``boolean``, ``enum`` or ``multi``; ``choices`` are ``(value, title)``
pairs; ``secret`` marks a field that looks like a password or key, which a front end
should warn about). The front end answers through the :class:`FormHandler` protocol
with a :class:`FormAnswer` (accept with content, decline, or cancel).

The same rules hold everywhere: :func:`parse_value` reads what a person typed,
:func:`check` reports what is wrong with content (by field, in words), and
:func:`validated` gives the content exactly as the schema types it (a multi-select as a
JSON array, an integer as an integer) or raises :class:`FormInvalid` — the gateway
client runs it on every answer, so nothing invalid is ever sent. No Qt, no mcp.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from gui.untrusted import one_line

ACCEPT, DECLINE, CANCEL = "accept", "decline", "cancel"
Action = Literal["accept", "decline", "cancel"]
Value = str | int | float | bool | list[str]
_KINDS = ("string", "number", "integer", "boolean")
FORMATS = ("email", "uri", "date", "date-time")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$"
)
_SECRET = re.compile(
    r"\b(password|passwd|passphrase|pass|secret|token|api key|apikey|access key|private key|"
    r"credentials?|pin|otp|cvv|ssn)\b"
)
_TRUE = ("y", "yes", "true", "1", "on")
_FALSE = ("n", "no", "false", "0", "off")


class Choices(tuple[str, ...]):
    """A multi-select's values (a default, say): reads as ``a, b`` where shown as text."""

    __slots__ = ()

    def __str__(self) -> str:
        return ", ".join(self)


@dataclass(frozen=True)
class FormField:
    """One row of the form. ``choices`` holds ``(value, label)`` pairs for ``enum`` / ``multi``."""

    name: str
    title: str
    kind: str  # "string", "number", "integer", "boolean", "enum" or "multi"
    required: bool = False
    description: str = ""
    default: str | int | float | bool | tuple[str, ...] | None = None
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    format: str = ""  # one of FORMATS, for strings
    min_items: int | None = None  # for "multi"
    max_items: int | None = None
    secret: bool = False  # looks like a password, key or token: warn before sending

    def label_of(self, value: str) -> str:
        """The title of choice ``value`` (the value itself when it has none)."""
        return next((text for v, text in self.choices if v == value), value)


@dataclass(frozen=True)
class FormRequest:
    """What the server asks: its message (one line, untrusted), the fields, and who asks."""

    message: str
    fields: tuple[FormField, ...]
    server: str = ""  # the gateway's host
    tool: str = ""  # the readable name of the tool whose call asks ("" outside a call)


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


class FormInvalid(ValueError):
    """Content that may not be sent; ``problems`` says why, by field name."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {text}" for name, text in problems.items()))
        self.problems = problems


def form_request(
    message: str, schema: dict[str, Any] | None, *, server: str = "", tool: str = ""
) -> FormRequest:
    """The form for ``schema`` (unknown property types are asked as text)."""
    schema = schema if isinstance(schema, dict) else {}
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    listed = schema.get("required")
    required = {str(n) for n in listed} if isinstance(listed, list) else set()
    fields = tuple(
        _field(str(name), spec if isinstance(spec, dict) else {}, str(name) in required)
        for name, spec in properties.items()
    )
    return FormRequest(
        message=one_line(message),
        fields=fields,
        server=one_line(server, 200),
        tool=one_line(tool, 200),
    )


def _field(name: str, spec: dict[str, Any], required: bool) -> FormField:
    kind, choices = _kind(spec)
    title = one_line(spec.get("title") or name, 80)
    fmt = spec.get("format") if kind == "string" and spec.get("format") in FORMATS else ""
    item = FormField(
        name=name,
        title=title,
        kind=kind,
        required=required,
        description=one_line(spec.get("description") or "", 200),
        choices=choices,
        minimum=_number(spec.get("minimum")),
        maximum=_number(spec.get("maximum")),
        min_length=_count(spec.get("minLength")),
        max_length=_count(spec.get("maxLength")),
        format=str(fmt),
        min_items=_count(spec.get("minItems")),
        max_items=_count(spec.get("maxItems")),
        secret=_looks_secret(name, title) or spec.get("format") == "password",
    )
    default = spec.get("default")
    if default is None:
        return item
    try:
        typed = _typed(item, default)
    except ValueError:
        return item
    if _problem(item, typed):  # a default the form itself would refuse is no default
        return item
    stored = Choices(typed) if isinstance(typed, list) else typed
    return replace(item, default=stored)


def _kind(spec: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    if spec.get("type") == "array":
        items = spec.get("items")
        choices = _choices(items if isinstance(items, dict) else {}, "anyOf")
        return ("multi", choices) if choices else ("string", ())
    choices = _choices(spec, "oneOf")
    if choices:
        return "enum", choices
    kind = str(spec.get("type", "string"))
    return (kind if kind in _KINDS else "string"), ()


def _choices(spec: dict[str, Any], titled: str) -> tuple[tuple[str, str], ...]:
    if isinstance(spec.get("enum"), list):
        values = [str(value) for value in spec["enum"]]
        names = spec.get("enumNames")
        labels = names if isinstance(names, list) and len(names) == len(values) else values
        return tuple(
            (value, one_line(label, 80) or value)
            for value, label in zip(values, labels, strict=True)
        )
    options = spec.get(titled) or spec.get("oneOf") or spec.get("anyOf")
    if (
        isinstance(options, list)
        and options
        and all(isinstance(o, dict) and "const" in o for o in options)
    ):
        return tuple((str(o["const"]), one_line(o.get("title") or o["const"], 80)) for o in options)
    return ()


def _looks_secret(name: str, title: str) -> bool:
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", f"{name} {title}")
    return bool(_SECRET.search(re.sub(r"[_\-.]+", " ", words).lower()))


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_value(item: FormField, text: str) -> Value:
    """``text`` typed for ``item`` as its value; ValueError (with a message) when it is not one.

    A multi-select takes its choices separated by commas (values or titles).
    """
    text = text.strip()
    if item.kind == "boolean":
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
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
        return int(number) if number.is_integer() and "." not in text else number
    if item.kind == "enum":
        return _choice(item, text)
    if item.kind == "multi":
        picked = [_choice(item, part) for part in text.split(",") if part.strip()]
        return list(dict.fromkeys(picked))
    return text


def _choice(item: FormField, text: str) -> str:
    text = text.strip()
    for value, label in item.choices:
        if text in (value, label):
            return value
    folded = text.casefold()
    for value, label in item.choices:
        if folded in (value.casefold(), label.casefold()):
            return value
    raise ValueError("Choose one of: " + ", ".join(value for value, _ in item.choices))


def check(fields: tuple[FormField, ...], content: dict[str, Any]) -> dict[str, str]:
    """Problems with ``content``, by field name (empty when it may be sent).

    Text given for a typed field is read as :func:`parse_value` reads it first, so a
    front end that only has text (a line edit, a terminal) gets the same verdict.
    """
    try:
        validated(fields, content)
    except FormInvalid as invalid:
        return invalid.problems
    return {}


def validated(fields: tuple[FormField, ...], content: dict[str, Any]) -> dict[str, Value]:
    """``content`` as the schema types it, empty optional fields left out; FormInvalid if not.

    Text a front end passed for a typed field (``"42"`` for an integer, ``"a, b"`` for a
    multi-select) is read with :func:`parse_value` first.
    """
    problems: dict[str, str] = {}
    typed: dict[str, Value] = {}
    for item in fields:
        value = content.get(item.name)
        if _empty(value):
            if item.required:
                problems[item.name] = "Required."
            continue
        try:
            value = _typed(item, value)
        except ValueError as exc:
            problems[item.name] = str(exc)
            continue
        problem = _problem(item, value)
        if problem:
            problems[item.name] = problem
        else:
            typed[item.name] = value
    if problems:
        raise FormInvalid(problems)
    return typed


def _empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple) and not value)


def _typed(item: FormField, value: object) -> Value:
    """``value`` as ``item``'s JSON type (ValueError when it cannot be)."""
    if isinstance(value, str) and item.kind != "string":
        try:
            return parse_value(item, value)  # typed text; a choice's title names its value
        except ValueError:
            if item.kind == "enum":
                raise ValueError("Choose one of the options.") from None
            if item.kind == "multi":
                raise ValueError("Choose from the options.") from None
            raise
    if item.kind == "multi":
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError("Choose from the options.")
        return list(value)
    if item.kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if item.kind in ("string", "enum") and not isinstance(value, str):
        raise ValueError("Enter text.")
    if item.kind == "boolean" and not isinstance(value, bool):
        raise ValueError("Answer yes or no.")
    if item.kind in ("number", "integer") and (
        isinstance(value, bool) or not isinstance(value, int | float)
    ):
        raise ValueError("Enter a number.")
    return value  # type: ignore[return-value]


def _problem(item: FormField, value: Any) -> str:
    if item.kind == "enum" and value not in {v for v, _ in item.choices}:
        return "Choose one of the options."
    if item.kind == "multi":
        return _items_problem(item, value)
    if item.kind in ("number", "integer"):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            return "Enter a number."
        if item.kind == "integer" and not float(value).is_integer():
            return "Enter a whole number."
        if item.minimum is not None and value < item.minimum:
            return f"At least {item.minimum:g}."
        if item.maximum is not None and value > item.maximum:
            return f"At most {item.maximum:g}."
    if item.kind == "boolean" and not isinstance(value, bool):
        return "Answer yes or no."
    if item.kind == "string":
        if not isinstance(value, str):
            return "Enter text."
        if item.min_length is not None and len(value) < item.min_length:
            return f"At least {item.min_length} characters."
        if item.max_length is not None and len(value) > item.max_length:
            return f"At most {item.max_length} characters."
        return format_problem(item.format, value)
    return ""


def _items_problem(item: FormField, value: Any) -> str:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        return "Choose from the options."
    allowed = {v for v, _ in item.choices}
    if any(v not in allowed for v in value):
        return "Choose from the options."
    if len(set(value)) != len(value):
        return "Choose each option once."
    if item.min_items is not None and len(value) < item.min_items:
        return f"Choose at least {item.min_items}."
    if item.max_items is not None and len(value) > item.max_items:
        return f"Choose at most {item.max_items}."
    return ""


def format_problem(fmt: str, value: str) -> str:
    """What is wrong with ``value`` for string format ``fmt`` ("" when nothing is)."""
    if fmt == "email" and not _EMAIL.match(value):
        return "Enter an email address, like name@example.com."
    if fmt == "uri":
        parts = urlsplit(value)
        if not _SCHEME.match(parts.scheme or "") or not (parts.netloc or parts.path):
            return "Enter a full address, like https://example.com."
    if fmt == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            return "Enter a date as YYYY-MM-DD."
    if fmt == "date-time":
        try:
            if not _DATE_TIME.match(value):
                raise ValueError(value)
            datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            return "Enter a date and time with its zone, like 2026-01-31T09:30:00Z."
    return ""
