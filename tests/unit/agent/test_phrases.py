"""The offline router's frame in English and Japanese; tool data is left as it came."""

from __future__ import annotations

from gui.agent.phrases import _PHRASES, LANGUAGES, phrase
from gui.agent.router import ToolSpecView, missing_answer, no_match_answer, render_result


def test_every_phrase_exists_in_every_language() -> None:
    keys = set(_PHRASES["en"])
    for language in LANGUAGES:
        assert set(_PHRASES[language]) == keys, language
        assert all(_PHRASES[language][key].strip() for key in keys)


def test_japanese_result_frame_keeps_the_data() -> None:
    answer = render_result("people___getProfile", {"name": "neruneruo"}, '{"age": 30}', False, "ja")
    assert answer.startswith("**people · getProfile** (name: neruneruo) の結果:")
    assert "**age**: 30" in answer
    assert answer.endswith(phrase("note", "ja"))
    assert "answered" not in answer and "no language model" not in answer


def test_japanese_error_no_match_and_missing_answers() -> None:
    failed = render_result("people___getProfile", {}, "Error executing tool x: boom", True, "ja")
    assert "エラーを返しました: boom" in failed
    tool = ToolSpecView(
        "people___getProfile",
        "Look up a profile",
        {"properties": {"name": {"type": "string", "description": "who"}}, "required": ["name"]},
    )
    assert "質問に合うツールが見つかりませんでした" in no_match_answer([tool], "ja")
    missing = missing_answer(tool, ["name"], "ja")
    assert "**name** が必要です" in missing and "- name: who" in missing
    assert no_match_answer([], "ja").endswith(phrase("no_tools", "ja"))
