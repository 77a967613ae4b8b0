"""What a gateway tool is to the app: its names, and what calling it gave.

Pure Python, no mcp or strands import, so the view and the tests can use it
cheaply. AgentCore names tools ``<target>___<tool>``; people read
``target · tool``; model providers want a name of at most 64 characters from
``[a-zA-Z0-9_-]``, so each tool also gets a safe, unique *alias*.
:func:`tool_result` reads an mcp ``CallToolResult`` (by its attributes, without
importing mcp) into a :class:`ToolResult`. Imports only :mod:`gui.untrusted`.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from gui.untrusted import MAX_DETAIL, one_line

TARGET_SEPARATOR = "___"
MAX_ALIAS = 64  # Bedrock, Anthropic and OpenAI all accept 64 characters
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_HASH_LEN = 8
MIN_TARGET = 3  # characters of the target part kept before the tool part is cut
_TOOL_ERROR_PREFIX = re.compile(r"^Error executing tool [^:]*:\s*")


@dataclass(frozen=True)
class ToolInfo:
    """One tool of the gateway as listed by ``tools/list``."""

    name: str  # the gateway's own name, e.g. ``people___getProfile``
    alias: str  # safe for model providers; equal to ``name`` when it already is
    title: str  # readable, e.g. ``people · getProfile``
    description: str
    input_schema: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: The server's MCP annotations ``readOnlyHint`` / ``destructiveHint`` (None: not given).
    #: Hints from the server, not promises: they only decide when the app asks first.
    read_only: bool | None = None
    destructive: bool | None = None


@dataclass(frozen=True)
class ToolResult:
    """What one tool call returned. ``is_error``: the tool ran and reported a failure."""

    tool: str
    title: str
    text: str
    structured: object | None = None
    is_error: bool = False


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


def tool_infos(tools: Iterable[tuple[Any, ...]]) -> list[ToolInfo]:
    """Build ToolInfos from ``(name, description, input_schema[, annotations])`` tuples.

    The title is always derived from the name (not a server-given title): the
    ``target ·`` part tells people which system a tool belongs to.
    """
    listed = [(*tool, None) if len(tool) == 3 else tuple(tool) for tool in tools]
    aliases = make_aliases(tool[0] for tool in listed)
    infos = []
    for name, description, schema, hints in listed:
        read_only, destructive = annotation_hints(hints)
        infos.append(
            ToolInfo(
                name=name,
                alias=aliases[name],
                title=readable_tool_name(name),
                description=inspect.cleandoc(description or ""),
                input_schema=schema or {"type": "object", "properties": {}},
                read_only=read_only,
                destructive=destructive,
            )
        )
    return infos


def _block_text(block: Any) -> str:
    kind = getattr(block, "type", "")
    if kind == "text":
        return str(block.text)
    if kind == "resource":
        resource = block.resource
        text = getattr(resource, "text", None)
        return str(text) if text is not None else f"[resource: {resource.uri}]"
    if kind == "resource_link":
        return f"[link: {block.uri}]"
    if kind in ("image", "audio"):
        return f"[{kind}: {getattr(block, 'mime_type', '')}]"
    return f"[{kind or 'content'}]"


def tool_result(info: ToolInfo, raw: Any) -> ToolResult:
    """An mcp ``CallToolResult`` as a ToolResult: its content blocks joined as text."""
    text = "\n".join(_block_text(block) for block in (raw.content or []))
    return ToolResult(
        tool=info.name,
        title=info.title,
        text=text,
        structured=raw.structured_content,
        is_error=bool(raw.is_error),
    )


def tool_error_detail(result: ToolResult) -> str:
    """A failed tool's own message, without mcp's "Error executing tool X:" prefix."""
    detail = _TOOL_ERROR_PREFIX.sub("", result.text.strip())
    return one_line(detail, MAX_DETAIL) or "the tool reported an error without a message"
