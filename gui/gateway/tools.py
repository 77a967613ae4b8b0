"""What a gateway tool is to the app: its names and metadata, and what calling it gave.

Pure Python, no mcp or strands import, so the view and the tests can use it
cheaply. AgentCore names tools ``<target>___<tool>``; people read
``target · tool`` (or ``target · <the server's title>``); model providers want a name of
at most 64 characters from ``[a-zA-Z0-9_-]``, so each tool also gets a safe, unique
*alias*. :func:`tool_infos` reads mcp ``Tool`` objects (or plain tuples);
:func:`tool_result` reads an mcp ``CallToolResult`` (by its attributes, without
importing mcp) into a :class:`ToolResult`.

What the person sees and what the model reads, explicitly (see :mod:`gui.gateway.content`):

- ``ToolResult.shown``: the parts for the person (every part unless its audience is the
  assistant alone); ``ToolResult.text`` is their text, images and files as one-line
  labels. The transcript and the history keep this.
- ``ToolResult.model_text``: the parts for the model (every part unless its audience is
  the user alone), labels for binary parts, and a note when ``structuredContent``
  broke the tool's ``outputSchema``.

A call AgentCore Policy refused ("Tool Execution Denied: ... policy enforcement [...]")
becomes a result with ``denied`` set and says so in plain words; a result's
``_meta.debug`` (the gateway's debug mode) is kept as ``detail``. Imports only
:mod:`gui.gateway.content`, :mod:`gui.gateway.icons` (its data types) and
:mod:`gui.untrusted`.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gui.gateway.content import Part, TextPart, for_model, for_person, label, parts_of
from gui.gateway.icons import Icon, icons_of
from gui.untrusted import MAX_DETAIL, one_line

TARGET_SEPARATOR = "___"
MAX_ALIAS = 64  # Bedrock, Anthropic and OpenAI all accept 64 characters
MAX_TITLE = 80  # characters of a server-given title
MAX_DEBUG = 4000  # characters of a result's _meta.debug kept for the details
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_HASH_LEN = 8
MIN_TARGET = 3  # characters of the target part kept before the tool part is cut
_TOOL_ERROR_PREFIX = re.compile(r"^Error executing tool [^:]*:\s*")
_POLICY_DENIED = re.compile(r"Tool Execution Denied\b", re.IGNORECASE)
_POLICY_REASON = re.compile(
    r"policy enforcement\s*\[(?P<reason>.*)\]\s*$", re.IGNORECASE | re.DOTALL
)
POLICY_DENIED = "Your organisation's policy does not allow this call"
TASK_SUPPORT = ("forbidden", "optional", "required")


@dataclass(frozen=True)
class ToolInfo:
    """One tool of the gateway as listed by ``tools/list``."""

    name: str  # the gateway's own name, e.g. ``people___getProfile``
    alias: str  # safe for model providers; equal to ``name`` when it already is
    title: str  # readable, e.g. ``people · getProfile`` or ``people · Get a profile``
    description: str
    input_schema: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: The server's MCP annotations ``readOnlyHint`` / ``destructiveHint`` (None: not given).
    #: Hints from the server, not promises: they only decide when the app asks first.
    read_only: bool | None = None
    destructive: bool | None = None
    #: The tool's icons whose source the app may load (https: or data: only).
    icons: tuple[Icon, ...] = field(default=(), hash=False, compare=False)
    #: ``execution.taskSupport``: "forbidden" (the default), "optional" or "required".
    task_support: str = "forbidden"
    #: The JSON Schema its ``structuredContent`` must match, when the server gave one.
    output_schema: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    @property
    def needs_task(self) -> bool:
        """True when the tool may only be called as a task (``taskSupport: "required"``)."""
        return self.task_support == "required"


@dataclass(frozen=True)
class ToolResult:
    """What one tool call returned. ``is_error``: the tool ran and reported a failure.

    ``text`` is what the person sees; ``model_text`` what the model reads (None: the same).
    """

    tool: str
    title: str
    text: str
    structured: object | None = None
    is_error: bool = False
    parts: tuple[Part, ...] = field(default=(), compare=False)
    model_text: str | None = None
    #: Why ``structured`` does not match the tool's ``outputSchema`` ("" when it does).
    structured_problem: str = ""
    #: The gateway's ``_meta.debug`` (its debug mode), for the card's details.
    detail: str = ""
    #: True when the organisation's policy refused the call (AgentCore Policy).
    denied: bool = False

    @property
    def shown(self) -> tuple[Part, ...]:
        """The parts the person sees (not those meant for the model alone)."""
        return tuple(part for part in self.parts if for_person(part))

    @property
    def for_model(self) -> str:
        """What the model reads."""
        return self.text if self.model_text is None else self.model_text


def readable_tool_name(name: str) -> str:
    """``people___getProfile`` → ``people · getProfile``; other names are kept as they are."""
    parts = [part for part in name.split(TARGET_SEPARATOR) if part]
    return " · ".join(parts) if len(parts) > 1 else name


def _digest(name: str, length: int = _HASH_LEN) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:length]


def tool_alias(name: str) -> str:
    """A provider-safe name for ``name``: itself when already safe, else cleaned + short hash.

    The hash keeps two names that clean to the same text (``a.b`` and ``a-b``)
    apart, and is stable across runs so a conversation's tool uses stay valid.
    A ``<target>___<tool>`` name keeps its ``___<tool>`` part: the hash goes after the
    target, and a name too long is shortened in the target first (see :func:`_fit`).
    """
    if name and len(name) <= MAX_ALIAS and not _UNSAFE.search(name):
        return name
    return _fit(name, _digest(name))


def _clean(part: str, empty: str) -> str:
    return _UNSAFE.sub("_", part).strip("_") or empty


def _fit(name: str, digest: str) -> str:
    """``name`` cleaned, marked with ``digest`` and cut to MAX_ALIAS characters.

    ``target___tool`` becomes ``<target, cut>_<digest>___<tool>``: the target gives up
    characters first, down to MIN_TARGET; only then is the tool's name cut (at its end).
    Other names become ``<name, cut>_<digest>``.
    """
    mark = "_" + digest
    target, separator, tool = name.partition(TARGET_SEPARATOR)
    if not separator or not _clean(target, ""):
        return _clean(name, "tool")[: MAX_ALIAS - len(mark)] + mark
    target_c, tool_c = _clean(target, ""), _clean(tool, "tool")
    tool_c = tool_c[: MAX_ALIAS - len(mark) - len(TARGET_SEPARATOR) - MIN_TARGET]
    room = MAX_ALIAS - len(mark) - len(TARGET_SEPARATOR) - len(tool_c)
    return f"{target_c[:room]}{mark}{TARGET_SEPARATOR}{tool_c}"


def _strands_key(alias: str) -> str:
    """strands refuses a second tool whose name differs from another's only by - and _."""
    return alias.replace("-", "_")


def make_aliases(names: Iterable[str]) -> dict[str, str]:
    """Aliases for every name, unique among them (name → alias).

    Unique also once ``-`` and ``_`` are taken as the same: strands' tool registry
    refuses ``a-b`` beside ``a_b``.
    """
    aliases: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        alias = tool_alias(name)
        length = _HASH_LEN
        while _strands_key(alias) in taken:  # rare: a collision with another alias
            length += 4
            alias = _fit(name, _digest(name + "#" + str(length), min(length, 40)))
        aliases[name] = alias
        taken.add(_strands_key(alias))
    return aliases


def annotation_hints(annotations: object) -> tuple[bool | None, bool | None]:
    """``(readOnlyHint, destructiveHint)`` of an mcp ``ToolAnnotations`` or a JSON mapping.

    Anything that is not a real boolean counts as not given: a server's
    ``"readOnlyHint": "yes"`` must not make a tool run unasked.
    """
    if annotations is None:
        return None, None
    if isinstance(annotations, dict):
        read_only, destructive = annotations.get("readOnlyHint"), annotations.get("destructiveHint")
    else:
        read_only = getattr(annotations, "read_only_hint", None)
        destructive = getattr(annotations, "destructive_hint", None)
    return (
        read_only if isinstance(read_only, bool) else None,
        destructive if isinstance(destructive, bool) else None,
    )


def tool_infos(tools: Iterable[Any]) -> list[ToolInfo]:
    """Build ToolInfos from mcp ``Tool`` objects or ``(name, description, schema[, annotations])``.

    The title keeps the ``target ·`` part of an AgentCore name (it tells people which
    system a tool belongs to) and otherwise prefers the server's own ``title``.
    """
    listed = [_fields_of(tool) for tool in tools]
    aliases = make_aliases(item["name"] for item in listed)
    infos = []
    for item in listed:
        name = item["name"]
        read_only, destructive = annotation_hints(item["annotations"])
        infos.append(
            ToolInfo(
                name=name,
                alias=aliases[name],
                title=display_title(name, item["title"]),
                description=inspect.cleandoc(item["description"] or ""),
                input_schema=item["schema"] or {"type": "object", "properties": {}},
                read_only=read_only,
                destructive=destructive,
                icons=icons_of(item["icons"]),
                task_support=item["task_support"],
                output_schema=item["output_schema"],
            )
        )
    return infos


def display_title(name: str, title: object = None) -> str:
    """The name people read: the server's ``title`` when it gave one, after any ``target ·``."""
    given = one_line(title, MAX_TITLE) if isinstance(title, str) else ""
    if not given:
        return readable_tool_name(name)
    parts = [part for part in name.split(TARGET_SEPARATOR) if part]
    if len(parts) > 1 and not given.startswith(parts[0]):
        return f"{' · '.join(parts[:-1])} · {given}"
    return given


def _fields_of(tool: Any) -> dict[str, Any]:
    if isinstance(tool, tuple):
        name, description, schema, *rest = tool
        return {
            "name": name,
            "description": description,
            "schema": schema,
            "annotations": rest[0] if rest else None,
            "title": None,
            "icons": None,
            "task_support": "forbidden",
            "output_schema": None,
        }
    execution = getattr(tool, "execution", None)
    support = getattr(execution, "task_support", None) if execution is not None else None
    output = getattr(tool, "output_schema", None)
    return {
        "name": tool.name,
        "description": getattr(tool, "description", None),
        "schema": getattr(tool, "input_schema", None),
        "annotations": getattr(tool, "annotations", None),
        "title": getattr(tool, "title", None),
        "icons": getattr(tool, "icons", None),
        "task_support": support if support in TASK_SUPPORT else "forbidden",
        "output_schema": output if isinstance(output, dict) else None,
    }


def tool_result(info: ToolInfo, raw: Any, *, structured_problem: str = "") -> ToolResult:
    """An mcp ``CallToolResult`` as a ToolResult (see the module doc for who reads what)."""
    parts = parts_of(raw.content)
    structured = raw.structured_content
    is_error = bool(raw.is_error)
    detail = debug_detail(getattr(raw, "meta", None))
    shown = _joined(part for part in parts if for_person(part))
    model = _joined(part for part in parts if for_model(part))
    if not parts and structured is not None:  # structured only: its JSON stands for it
        shown = model = json.dumps(structured, ensure_ascii=False, indent=2, default=str)
    if structured_problem:
        model += (
            f"\n[The structured result does not match the tool's output schema: "
            f"{structured_problem}]"
        )
    if is_error and _POLICY_DENIED.search(shown or model):
        return denied_result(info, shown or model, detail=detail)
    return ToolResult(
        tool=info.name,
        title=info.title,
        text=shown,
        structured=structured,
        is_error=is_error,
        parts=parts,
        model_text=None if model == shown else model,
        structured_problem=structured_problem,
        detail=detail,
    )


def _joined(parts: Iterable[Part]) -> str:
    return "\n".join(label(part) for part in parts)


def is_policy_denial(message: str | None) -> bool:
    """True for AgentCore Policy's "Tool Execution Denied: ... policy enforcement" answers."""
    return bool(message and _POLICY_DENIED.search(message))


def denied_result(info: ToolInfo, message: str, *, detail: str = "") -> ToolResult:
    """The result of a call the organisation's policy refused, with the server's reason."""
    found = _POLICY_REASON.search(message)
    reason = one_line(found.group("reason") if found else "", MAX_DETAIL)
    text = f"{POLICY_DENIED}: {reason}" if reason else f"{POLICY_DENIED}."
    if not text.endswith("."):
        text += "."
    return ToolResult(
        tool=info.name,
        title=info.title,
        text=text,
        is_error=True,
        parts=(TextPart(text),),
        detail=detail or one_line(message, MAX_DEBUG),
        denied=True,
    )


def debug_detail(meta: object) -> str:
    """A result's ``_meta.debug`` as bounded text ("" when there is none)."""
    if not isinstance(meta, dict) or meta.get("debug") is None:
        return ""
    debug = meta["debug"]
    text = (
        debug
        if isinstance(debug, str)
        else json.dumps(debug, ensure_ascii=False, indent=2, default=str)
    )
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return text[:MAX_DEBUG]


def tool_error_detail(result: ToolResult) -> str:
    """A failed tool's own message, without mcp's "Error executing tool X:" prefix."""
    detail = _TOOL_ERROR_PREFIX.sub("", result.text.strip())
    return one_line(detail, MAX_DETAIL) or "the tool reported an error without a message"
