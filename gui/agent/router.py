"""The offline router's reasoning: pick a tool by matching words, fill its arguments.

No language model and no randomness: the same question and tools always give
the same choice. A tool scores for every word of the question found in its
name (split at ``___``, ``_`` and CamelCase), its parameter names, or its
description; a few synonyms ("old" → age) and Japanese keywords ("部署" →
department) widen the match. Required arguments are filled from the question:
an example value the schema mentions, a quoted word, the word after "about"/"for",
a capitalised word, a Latin word inside Japanese text, or a number.

Pure Python (no strands), so it is cheap to test; :mod:`gui.agent.offline`
wraps it as a strands ``Model``. :func:`render_result` turns a tool's answer
into Markdown.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gui.agent.approval import NOT_RUN
from gui.agent.phrases import phrase
from gui.gateway.tools import readable_tool_name

NAME_WEIGHT = 3.0  # a word of the tool's name
PARAM_WEIGHT = 2.0  # a parameter's name
TEXT_WEIGHT = 1.0  # a word of a description
MISSING_PENALTY = 4.0  # a required argument the question does not give
UNEXPLAINED_PENALTY = 1.0  # a word no tool knows that this tool's arguments leave unused
# Bonus per filled required argument, by how sure the filling is. A guess (an unknown
# word) fits a name-like parameter well and a closed set such as a department badly.
FILL_BONUS = {"example": 3.0, "quoted": 2.0, "number": 1.0, "guess": 2.0, "weak guess": 0.5}
NAME_LIKE = frozenset({"name", "user", "username", "person", "login", "id", "email", "who"})
MAX_RENDER = 4000  # characters of a plain-text result shown in the answer

_STOPWORD_TEXT = """a an the is are was were be been am do does did of to in on at by with from
    and or but not no me my i you your we our us he she it its they them their this that these
    those what which who whom whose when where why how much many please can could would
    will shall should may might tell show give get let know want need find about for
    any some all each every there here have has had just also than then so as if into up
    out s"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words that point at a tool's vocabulary without appearing in it.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "old": ("age",),
    "older": ("age", "min"),
    "younger": ("age", "max"),
    "over": ("min",),
    "above": ("min",),
    "least": ("min",),
    "under": ("max",),
    "below": ("max",),
    "most": ("max",),
    "many": ("count", "number"),
    "aged": ("age",),
    "years": ("age",),
    "year": ("age",),
    "team": ("department",),
    "teams": ("department",),
    "dept": ("department",),
    "division": ("department",),
    "about": ("profile",),
    "who": ("people", "member"),
    "everyone": ("people", "member"),
    "staff": ("people", "member"),
    "employee": ("people", "profile"),
    "employees": ("people", "member"),
    "headcount": ("head", "count"),
    "size": ("count",),
    "wait": ("sleep",),
    "fail": ("fail",),
}
# Japanese has no spaces: look for these keywords anywhere in the question.
JAPANESE: dict[str, tuple[str, ...]] = {
    "について": ("about", "profile"),
    "教えて": ("tell",),
    "プロフィール": ("profile",),
    "何歳": ("age",),
    "年齢": ("age",),
    "歳": ("age",),
    "部署": ("department",),
    "部門": ("department",),
    "所属": ("department",),
    "メンバー": ("member",),
    "社員": ("people", "member"),
    "誰": ("people", "member"),
    "一覧": ("list",),
    "人数": ("head", "count"),
    "以上": ("min",),
    "以下": ("max",),
    "待": ("sleep",),
    # Common department words, so a Japanese question can name an English value.
    "開発": ("development",),
    "営業": ("sales",),
    "デザイン": ("design",),
    "財務": ("finance",),
    "経理": ("finance",),
    "サポート": ("support",),
}
_ABOVE = ("over", "above", "older", "more", "least", "after", "min", "minimum", "以上", "から")
_BELOW = ("under", "below", "younger", "less", "most", "before", "max", "maximum", "以下", "まで")
_CUES = ("about", "for", "named", "called", "of", "is", "in", "on", "person")
# Single quotes only around words, so the apostrophe of "person's" starts nothing.
_QUOTED = re.compile(r"(?<!\w)'([^']+?)'(?!\w)|\"([^\"]+)\"|「([^」]+)」|“([^”]+)”|‘([^’]+)’")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.@-]*|\d+(?:\.\d+)?")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


# --- words --------------------------------------------------------------------------------


def stem(word: str) -> str:
    """A crude English stem so "departments" meets "department"."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def split_identifier(name: str) -> list[str]:
    """``people___getProfile`` → ``["people", "get", "profile"]``; also ``snake_case``."""
    words: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", name):
        words.extend(part.lower() for part in _CAMEL.findall(chunk))
    return words


def words_of(text: str) -> list[str]:
    """Latin words and numbers of ``text`` in order, original case (NFKC-normalised)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text))


def question_terms(question: str) -> set[str]:
    """The stemmed, meaningful words of a question plus their synonyms."""
    text = unicodedata.normalize("NFKC", question)
    terms: set[str] = set()
    for word in words_of(text):
        for part in split_identifier(word) or [word.lower()]:
            if part in STOPWORDS and part not in SYNONYMS:
                continue
            if part not in STOPWORDS:
                terms.add(stem(part))
            terms.update(SYNONYMS.get(part, ()))
    for keyword, meaning in JAPANESE.items():
        if keyword in text:
            terms.update(meaning)
    return terms


# --- tools ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolSpecView:
    """What the router needs of a tool: the name the model uses, its text and schema."""

    name: str
    description: str = ""
    schema: Mapping[str, Any] = field(default_factory=dict)

    @property
    def properties(self) -> Mapping[str, Mapping[str, Any]]:
        """The JSON schema's properties (empty when there are none)."""
        props = self.schema.get("properties")
        return props if isinstance(props, Mapping) else {}

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required parameters."""
        req = self.schema.get("required")
        return tuple(str(r) for r in req) if isinstance(req, list) else ()


def vocabulary(tool: ToolSpecView) -> dict[str, float]:
    """Stemmed word → weight (the highest place it appears in)."""
    vocab: dict[str, float] = {}

    def add(words: Iterable[str], weight: float) -> None:
        for word in words:
            if word in STOPWORDS or len(word) < 2:
                continue
            key = stem(word)
            vocab[key] = max(vocab.get(key, 0.0), weight)

    add(split_identifier(tool.name), NAME_WEIGHT)
    for param, spec in tool.properties.items():
        add(split_identifier(param), PARAM_WEIGHT)
        add(_text_words(str(spec.get("description", ""))), TEXT_WEIGHT)
        add(_text_words(str(spec.get("title", ""))), TEXT_WEIGHT)
    add(_text_words(tool.description), TEXT_WEIGHT)
    return vocab


def _text_words(text: str) -> list[str]:
    return [part for word in words_of(text) for part in split_identifier(word)]


def example_values(spec: Mapping[str, Any]) -> list[str]:
    """Values a parameter's schema names: its enum, examples, and quoted words in its text."""
    values: list[str] = [str(v) for v in spec.get("enum", []) or []]
    values += [str(v) for v in spec.get("examples", []) or []]
    for match in _QUOTED.finditer(str(spec.get("description", ""))):
        values.append(next(group for group in match.groups() if group))
    return values


# --- arguments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filled:
    """Arguments taken from the question; ``missing`` lists required ones it did not give."""

    arguments: dict[str, Any]
    missing: tuple[str, ...]
    bonus: float


def _type_of(spec: Mapping[str, Any]) -> str:
    kind = spec.get("type")
    if isinstance(kind, str):
        return kind
    for option in spec.get("anyOf", []) or []:
        if isinstance(option, Mapping) and option.get("type") not in (None, "null"):
            return str(option["type"])
    return "string"


def _numbers(question: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(unicodedata.normalize("NFKC", question))]


def _as_number(value: float, kind: str) -> int | float:
    return int(value) if kind == "integer" or value.is_integer() else value


def _fill_numbers(
    question: str, numeric: list[tuple[str, str]], required: Sequence[str]
) -> dict[str, Any]:
    """Numbers of the question for numeric parameters; ``min_*``/``max_*`` pairs read a range."""
    numbers = _numbers(question)
    if not numbers or not numeric:
        return {}
    lows = [(p, k) for p, k in numeric if re.match(r"(min|from|start|low)", p, re.I)]
    highs = [(p, k) for p, k in numeric if re.match(r"(max|to|end|high)", p, re.I)]
    if lows and highs:
        (low, low_kind), (high, high_kind) = lows[0], highs[0]
        if len(numbers) >= 2:
            a, b = sorted(numbers[:2])
            return {low: _as_number(a, low_kind), high: _as_number(b, high_kind)}
        words = {stem(w) for w in words_of(question.lower())} | set(question_terms(question))
        text = unicodedata.normalize("NFKC", question)
        above = any(cue in words or cue in text for cue in _ABOVE)
        below = any(cue in words or cue in text for cue in _BELOW)
        value = numbers[0]
        if above and not below:
            return {low: _as_number(value, low_kind)}
        if below and not above:
            return {high: _as_number(value, high_kind)}
        return {low: _as_number(value, low_kind), high: _as_number(value, high_kind)}
    filled: dict[str, Any] = {}
    ordered = sorted(numeric, key=lambda pk: pk[0] not in required)  # required ones first
    for (param, kind), value in zip(ordered, numbers, strict=False):
        filled[param] = _as_number(value, kind)
    return filled


def unknown_words(question: str, known_words: set[str]) -> list[str]:
    """Words of the question that no tool knows and no list of ours explains."""
    return [w for w in words_of(question) if _is_unknown(w, known_words)]


def _is_unknown(word: str, known_words: set[str]) -> bool:
    low = word.lower()
    return (
        low not in STOPWORDS
        and low not in SYNONYMS
        and stem(low) not in known_words
        and not _NUMBER.fullmatch(word)
    )


def _string_candidates(
    question: str, spec: Mapping[str, Any], known_words: set[str], guess: str
) -> list[tuple[str, str]]:
    """(value, how) candidates for a string parameter, best first."""
    text = unicodedata.normalize("NFKC", question)
    found: list[tuple[str, str]] = []
    lowered = {w.lower() for w in words_of(text)} | question_terms(text)
    for value in example_values(spec):
        if value.lower() in lowered or stem(value) in lowered:
            found.append((value, "example"))
    for match in _QUOTED.finditer(text):
        found.append((next(g for g in match.groups() if g).strip(), "quoted"))
    words = words_of(text)

    def unknown(word: str) -> bool:
        return _is_unknown(word, known_words)

    for before, word in itertools.pairwise(words):
        if before.lower() in _CUES and unknown(word):
            found.append((word, guess))
    for index, word in enumerate(words):
        if word[:1].isupper() and unknown(word) and (index > 0 or len(words) == 1):
            found.append((word, guess))
    # Any other unknown word; in Japanese text a Latin word is most likely a name.
    found.extend((word, guess) for word in words if unknown(word))
    return found


def fill_arguments(question: str, tool: ToolSpecView, known_words: set[str]) -> Filled:
    """Fill ``tool``'s parameters from ``question`` (see the module doc for the order)."""
    arguments: dict[str, Any] = {}
    bonus = 0.0
    used: set[str] = set()
    numeric: list[tuple[str, str]] = []
    for param, spec in tool.properties.items():
        kind = _type_of(spec)
        if kind in ("integer", "number"):
            numeric.append((param, kind))
        elif kind == "string":
            name_like = bool(NAME_LIKE & set(split_identifier(param)))
            guess = "guess" if name_like else "weak guess"
            for value, how in _string_candidates(question, spec, known_words, guess):
                if value.lower() not in used:
                    arguments[param] = value
                    used.add(value.lower())
                    if param in tool.required:
                        bonus += FILL_BONUS[how]
                    break
    numbers = _fill_numbers(question, numeric, tool.required)
    arguments.update(numbers)
    bonus += FILL_BONUS["number"] * len(numbers)
    missing = tuple(p for p in tool.required if p not in arguments)
    consumed = {str(v).lower() for v in arguments.values()}
    left = [w for w in unknown_words(question, known_words) if w.lower() not in consumed]
    bonus -= UNEXPLAINED_PENALTY * len(left)
    return Filled(arguments=arguments, missing=missing, bonus=bonus)


# --- routing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """The router's decision: call ``tool`` with ``arguments`` (score for the curious)."""

    tool: str
    arguments: dict[str, Any]
    score: float
    missing: tuple[str, ...] = ()
    matched: tuple[str, ...] = ()


def score_tools(question: str, tools: Sequence[ToolSpecView]) -> list[Route]:
    """Every tool scored against the question, best first (ties by name, so stable)."""
    terms = question_terms(question)
    known: set[str] = set()
    vocabs = {}
    for tool in tools:
        vocabs[tool.name] = vocabulary(tool)
        known.update(vocabs[tool.name])
    routes = []
    for tool in tools:
        vocab = vocabs[tool.name]
        # An example value is the argument, not a word that describes the tool.
        own_examples = {
            stem(v.lower()) for spec in tool.properties.values() for v in example_values(spec)
        }
        matched = sorted(term for term in terms if term in vocab)
        score = sum(vocab[term] for term in matched)
        filled = fill_arguments(question, tool, known - own_examples)
        if matched:
            score += filled.bonus - MISSING_PENALTY * len(filled.missing)
        routes.append(Route(tool.name, filled.arguments, score, filled.missing, tuple(matched)))
    routes.sort(key=lambda route: (-route.score, route.tool))
    return routes


def route(question: str, tools: Sequence[ToolSpecView]) -> Route | None:
    """The best tool for ``question``, or None when no tool shares a word with it.

    The route may lack required arguments (``missing``): the caller then asks for them.
    """
    routes = [r for r in score_tools(question, tools) if r.matched]
    return routes[0] if routes else None


# --- answers --------------------------------------------------------------------------------

OFFLINE_NOTE = phrase("note")
"""The English closing note (every answer ends with the note in its language)."""


def describe_tools(tools: Sequence[ToolSpecView], language: str = "en") -> str:
    """A Markdown list of what the tools can do."""
    lines = []
    for tool in tools:
        summary = (tool.description.strip().splitlines() or [""])[0]
        lines.append(f"- **{readable_tool_name(tool.name)}** — {summary}".rstrip(" —"))
    return "\n".join(lines) or phrase("no_tools", language)


def no_match_answer(tools: Sequence[ToolSpecView], language: str = "en") -> str:
    """What to say when no tool matches."""
    return phrase("no_match", language, tools=describe_tools(tools, language))


def missing_answer(tool: ToolSpecView, missing: Sequence[str], language: str = "en") -> str:
    """What to say when the best tool needs an argument the question does not give."""
    wanted = phrase("and", language).join(f"**{name}**" for name in missing)
    hints = []
    for name in missing:
        spec = tool.properties.get(name, {})
        if spec.get("description"):
            hints.append(f"- {name}: {spec['description']}")
    return (
        phrase("missing", language, tool=readable_tool_name(tool.name), wanted=wanted)
        + "\n"
        + ("\n".join(hints) + "\n" if hints else "")
        + "\n"
        + phrase("note", language)
    )


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[Mapping[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    head = "| " + " | ".join(columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def render_value(value: Any, language: str = "en") -> str:
    """JSON data as readable Markdown: fields as a list, lists of records as tables."""
    if isinstance(value, Mapping):
        lines, blocks = [], []
        for key, item in value.items():
            if isinstance(item, list) and item and all(isinstance(i, Mapping) for i in item):
                blocks.append(f"**{key}**\n\n{_table(item)}")
            elif isinstance(item, Mapping):
                inner = "\n".join(f"  - **{k}**: {_cell(v)}" for k, v in item.items())
                lines.append(f"- **{key}**:\n{inner}")
            elif isinstance(item, list):
                listed = ", ".join(_cell(i) for i in item) or phrase("none", language)
                lines.append(f"- **{key}**: {listed}")
            else:
                lines.append(f"- **{key}**: {_cell(item)}")
        return "\n\n".join(part for part in ["\n".join(lines), *blocks] if part)
    if isinstance(value, list) and value and all(isinstance(i, Mapping) for i in value):
        return _table(value)
    if isinstance(value, list):
        return "\n".join(f"- {_cell(i)}" for i in value) or phrase("empty", language)
    return _cell(value)


def render_text(text: str, language: str = "en") -> str:
    """A tool's text answer: JSON becomes Markdown, long text is cut with a note."""
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            return render_value(json.loads(stripped), language)
        except ValueError:
            pass
    if len(stripped) > MAX_RENDER:
        return f"{stripped[:MAX_RENDER]}…\n\n" + phrase("cut", language, total=f"{len(stripped):,}")
    return stripped or phrase("nothing", language)


def render_result(
    tool: str, arguments: Mapping[str, Any], text: str, is_error: bool, language: str = "en"
) -> str:
    """The offline router's answer for one tool result, in Markdown."""
    title = readable_tool_name(tool)
    given = ", ".join(f"{k}: {_cell(v)}" for k, v in arguments.items())
    called = f"**{title}**" + (f" ({given})" if given else "")
    if is_error and text.startswith(NOT_RUN):  # declined before it ran: not the tool's error
        detail = text[len(NOT_RUN) :].strip().splitlines()[0]  # the rest is for a model
        body = phrase("not_run", language, called=called, detail=detail)
    elif is_error:
        detail = re.sub(r"^Error executing tool [^:]*:\s*", "", text.strip())
        body = phrase(
            "error", language, called=called, detail=detail or phrase("no_message", language)
        )
    else:
        body = phrase("answered", language, called=called) + "\n\n" + render_text(text, language)
    return f"{body}\n\n{phrase('note', language)}"
