"""gui/ui/views/chat.py helpers: how arguments and results are written in a tool card."""

from __future__ import annotations

from gui.ui.views.chat import format_arguments, format_result


def test_arguments_are_indented_json_keeping_unicode() -> None:
    assert (
        format_arguments({"name": "ねるねるお", "n": 1})
        == '{\n  "name": "ねるねるお",\n  "n": 1\n}'
    )
    assert format_arguments({"when": object}).startswith('{\n  "when": "<class')


def test_json_results_are_reindented() -> None:
    assert format_result('{"age":30}') == ('{\n  "age": 30\n}', 0)


def test_text_results_are_kept_and_long_ones_cut() -> None:
    assert format_result("{not json") == ("{not json", 0)
    text, left_out = format_result("x" * 100, limit=40)
    assert (len(text), left_out) == (40, 60)
