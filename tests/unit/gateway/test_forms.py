"""A server's form schema as rows, typed values and the checks both front ends share."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gui.gateway.forms import FormField, FormInvalid, check, form_request, parse_value, validated


def test_every_kind_with_required_defaults_and_limits() -> None:
    request = form_request(
        "Details\x1b[31m please\n",
        {
            "type": "object",
            "properties": {
                "name": {"type": "string", "title": "Name", "minLength": 2, "maxLength": 5},
                "age": {"type": "integer", "minimum": 0, "maximum": 150, "default": 30},
                "ratio": {"type": "number", "description": "0 to 1"},
                "ok": {"type": "boolean", "default": True},
                "size": {"type": "string", "enum": ["s", "m"], "enumNames": ["Small", "Medium"]},
                "tone": {"oneOf": [{"const": "hi", "title": "Friendly"}, {"const": "yo"}]},
                "odd": {"type": "array"},
            },
            "required": ["name", "size"],
        },
    )
    assert request.message == "Details please"
    fields = {f.name: f for f in request.fields}
    assert [f.name for f in request.fields] == ["name", "age", "ratio", "ok", "size", "tone", "odd"]
    assert fields["name"] == FormField(
        "name", "Name", "string", required=True, min_length=2, max_length=5
    )
    assert (fields["age"].kind, fields["age"].default, fields["age"].maximum) == (
        "integer",
        30,
        150,
    )
    assert fields["ratio"].description == "0 to 1" and fields["ratio"].title == "ratio"
    assert fields["ok"].default is True
    assert fields["size"].choices == (("s", "Small"), ("m", "Medium")) and fields["size"].required
    assert fields["tone"].kind == "enum"
    assert fields["tone"].choices == (("hi", "Friendly"), ("yo", "yo"))
    assert fields["odd"].kind == "string"  # asked as text rather than dropped


def test_a_malformed_schema_gives_an_empty_form() -> None:
    assert form_request("m", None).fields == ()
    assert form_request("m", {"properties": ["x"]}).fields == ()


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("boolean", "Yes", True),
        ("boolean", "n", False),
        ("integer", " 42 ", 42),
        ("number", "0.5", 0.5),
        ("string", " grace ", "grace"),
    ],
)
def test_typed_text_becomes_a_value(kind: str, text: str, value: object) -> None:
    assert parse_value(FormField("f", "F", kind), text) == value


@pytest.mark.parametrize(
    ("item", "text", "problem"),
    [
        (FormField("f", "F", "boolean"), "maybe", "Answer yes or no."),
        (FormField("f", "F", "integer"), "4.5", "Enter a whole number."),
        (FormField("f", "F", "number"), "nan", "Enter a number."),
        (FormField("f", "F", "enum", choices=(("a", "A"),)), "b", "Choose one of: a"),
    ],
)
def test_text_that_is_not_a_value_says_why(item: FormField, text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_value(item, text)


def test_an_enum_accepts_its_label_too() -> None:
    item = FormField("f", "F", "enum", choices=(("s", "Small"),))
    assert parse_value(item, "Small") == "s"


def test_check_reports_required_and_limits() -> None:
    fields = (
        FormField("name", "Name", "string", required=True, min_length=2),
        FormField("age", "Age", "integer", minimum=0, maximum=150),
        FormField("ok", "OK", "boolean"),
    )
    assert check(fields, {}) == {"name": "Required."}
    assert check(fields, {"name": "x", "age": 200}) == {
        "name": "At least 2 characters.",
        "age": "At most 150.",
    }
    assert check(fields, {"name": "xy", "age": True}) == {"age": "Enter a number."}
    assert check(fields, {"name": "xy", "ok": False}) == {}


EVERY_KIND = {
    "type": "object",
    "properties": {
        "email": {"type": "string", "format": "email"},
        "site": {"type": "string", "format": "uri", "default": "https://example.com"},
        "born": {"type": "string", "format": "date"},
        "when": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "minimum": 1, "maximum": 100, "default": 42},
        "ratio": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
        "agree": {"type": "boolean", "default": False},
        "hero": {
            "type": "string",
            "oneOf": [{"const": "h1", "title": "Superman"}, {"const": "h2", "title": "Storm"}],
            "default": "h2",
        },
        "pet": {"type": "string", "enum": ["p1", "p2"], "enumNames": ["Cats", "Dogs"]},
        "music": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {"type": "string", "enum": ["Guitar", "Piano", "Drums"]},
            "default": ["Guitar"],
        },
        "fish": {
            "type": "array",
            "items": {
                "anyOf": [{"const": "f1", "title": "Tuna"}, {"const": "f2", "title": "Trout"}]
            },
        },
        "apiKey": {"type": "string", "title": "API key"},
        "password": {"type": "string"},
        "pinCode": {"type": "string"},
        "spin": {"type": "string", "description": "never your pin"},
    },
}


def test_every_kind_the_spec_defines() -> None:
    request = form_request("m", EVERY_KIND, server="gw.example.com", tool="tickets · create")
    assert (request.server, request.tool) == ("gw.example.com", "tickets · create")
    f = {item.name: item for item in request.fields}
    assert [f[n].format for n in ("email", "site", "born", "when")] == [
        "email",
        "uri",
        "date",
        "date-time",
    ]
    assert f["site"].default == "https://example.com"
    assert (f["count"].kind, f["count"].default) == ("integer", 42)
    assert (f["ratio"].kind, f["ratio"].default) == ("number", 0.5)
    assert f["agree"].default is False
    assert (f["hero"].kind, f["hero"].default, f["hero"].label_of("h2")) == ("enum", "h2", "Storm")
    assert f["pet"].choices == (("p1", "Cats"), ("p2", "Dogs"))
    assert (f["music"].kind, f["music"].default) == ("multi", ("Guitar",))
    assert (f["music"].min_items, f["music"].max_items) == (1, 2)
    assert f["fish"].choices == (("f1", "Tuna"), ("f2", "Trout")) and f["fish"].kind == "multi"
    assert [n for n, item in f.items() if item.secret] == ["apiKey", "password", "pinCode"]


def test_a_default_of_the_wrong_type_is_dropped() -> None:
    request = form_request(
        "m",
        {
            "properties": {
                "n": {"type": "integer", "default": "seven"},
                "e": {"type": "string", "enum": ["a"], "default": "b"},
                "m": {"type": "array", "items": {"enum": ["a"]}, "default": ["z"]},
            }
        },
    )
    assert [item.default for item in request.fields] == [None, None, None]


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("email", "grace@example.com", "grace@example"),
        ("uri", "https://example.com/x", "example.com"),
        ("date", "2026-01-31", "2026-02-30"),
        ("date-time", "2026-01-31T09:30:00Z", "2026-01-31T09:30:00"),
        ("date-time", "2026-01-31T09:30+09:00", "yesterday"),
    ],
)
def test_string_formats_are_checked(fmt: str, good: str, bad: str) -> None:
    item = FormField("f", "F", "string", format=fmt)
    assert check((item,), {"f": good}) == {}
    assert check((item,), {"f": bad})["f"].startswith("Enter")


def test_a_multi_select_is_sent_as_a_list_of_its_values() -> None:
    request = form_request("m", EVERY_KIND)
    music = next(item for item in request.fields if item.name == "music")
    assert parse_value(music, "piano, Guitar, piano") == ["Piano", "Guitar"]
    assert validated(request.fields, {"music": "Drums"}) == {"music": ["Drums"]}
    assert validated(request.fields, {"music": ("Piano",)}) == {"music": ["Piano"]}
    with pytest.raises(FormInvalid) as invalid:
        validated(request.fields, {"music": ["Guitar", "Piano", "Drums"]})
    assert invalid.value.problems == {"music": "Choose at most 2."}
    assert check(request.fields, {"music": []}) == {}  # optional and empty: left out
    assert check((replace(music, required=True),), {"music": []}) == {"music": "Required."}


def test_validated_types_text_and_leaves_out_empty_fields() -> None:
    request = form_request("m", EVERY_KIND)
    content = validated(
        request.fields,
        {"count": "7", "ratio": 1, "agree": "yes", "hero": "Superman", "email": "", "pet": "p2"},
    )
    assert content == {"count": 7, "ratio": 1, "agree": True, "hero": "h1", "pet": "p2"}
    assert isinstance(content["count"], int)
    assert validated(request.fields, {"count": 7.0}) == {"count": 7}


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        ({"count": 0}, {"count": "At least 1."}),
        ({"count": 2.5}, {"count": "Enter a whole number."}),
        ({"count": "x"}, {"count": "Enter a whole number."}),
        ({"agree": 1}, {"agree": "Answer yes or no."}),
        ({"email": "nope"}, {"email": "Enter an email address, like name@example.com."}),
        ({"hero": "h9"}, {"hero": "Choose one of the options."}),
        ({"email": 5}, {"email": "Enter text."}),
    ],
)
def test_invalid_content_is_refused_with_the_reason(content: dict, problems: dict) -> None:
    with pytest.raises(FormInvalid) as invalid:
        validated(form_request("m", EVERY_KIND).fields, content)
    assert invalid.value.problems == problems


def test_front_ends_that_only_have_text_get_the_same_verdict() -> None:
    request = form_request("m", EVERY_KIND)
    music = next(item for item in request.fields if item.name == "music")
    assert str(music.default) == "Guitar"  # a line edit or a prompt shows it so
    assert check(request.fields, {"music": "Guitar, Piano", "count": "12", "agree": "no"}) == {}
    assert check(request.fields, {"music": "Banjo", "count": "many"}) == {
        "music": "Choose from the options.",
        "count": "Enter a whole number.",
    }
