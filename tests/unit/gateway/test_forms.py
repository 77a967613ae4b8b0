"""A server's form schema as rows, typed values and the checks both front ends share."""

from __future__ import annotations

import pytest

from gui.gateway.forms import FormField, check, form_request, parse_value


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
