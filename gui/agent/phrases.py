"""The offline router's own words, in the languages of the UI (English and Japanese).

The router is chat core (no Qt), so it cannot use Qt's translations; the window
tells the session which language it shows, and the router frames its answers in
it. Tool data (names, values) is never translated.

Also the router's name as the app labels it (``OFFLINE_LABEL``): :mod:`gui.agent.models`
describes the choice with it and :mod:`gui.agent.offline` carries it, so neither has to
import the other for it. Imports nothing.
"""

from __future__ import annotations

LANGUAGES = ("en", "ja")
#: The offline router's label wherever the app names the model that answers.
OFFLINE_LABEL = "Offline router — not a language model"

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "note": (
            "*Offline router: no language model was used. The tool was chosen by matching "
            "the words of your question.*"
        ),
        "no_tools": "- (the gateway offers no tools)",
        "no_match": (
            "I could not match your question to any of the gateway's tools. I am the offline "
            "router, not a language model: I pick a tool by the words of your question, so try "
            "naming what you want with words the tools use.\n\nThe tools can:\n{tools}"
        ),
        "missing": "**{tool}** looks right, but I need {wanted} to call it. "
        "Say it in the question, for example in quotes.",
        "answered": "{called} answered:",
        "error": "{called} reported an error: {detail}",
        "not_run": "{called} was not run: {detail}",
        "no_message": "no message",
        "nothing": "(the tool returned nothing)",
        "cut": "*({total} characters in total; cut here.)*",
        "none": "(none)",
        "empty": "(empty)",
        "and": ", ",
    },
    "ja": {
        "note": (
            "*オフラインルーター: 言語モデルは使っていません。質問の言葉に合うツールを"
            "選んで呼び出しました。*"
        ),
        "no_tools": "- (ゲートウェイにツールがありません)",
        "no_match": (
            "質問に合うツールが見つかりませんでした。これは言語モデルではなくオフライン"
            "ルーターで、質問の言葉でツールを選びます。ツールの説明にある言葉で、"
            "したいことを書いてみてください。\n\nできること:\n{tools}"
        ),
        "missing": "**{tool}** が合いそうですが、呼び出すには {wanted} が必要です。"
        "質問の中で、たとえば引用符で囲んで指定してください。",
        "answered": "{called} の結果:",
        "error": "{called} がエラーを返しました: {detail}",
        "not_run": "{called} は実行されませんでした: {detail}",
        "no_message": "メッセージなし",
        "nothing": "(ツールは何も返しませんでした)",
        "cut": "*(全 {total} 文字。ここで省略しました。)*",
        "none": "(なし)",
        "empty": "(空)",
        "and": "、",
    },
}


def normalise(language: str | None) -> str:
    """The supported language for a code like ``ja_JP`` or ``en-US`` (English otherwise)."""
    code = (language or "en").replace("-", "_").split("_")[0].lower()
    return code if code in _PHRASES else "en"


def phrase(key: str, language: str | None = "en", **values: object) -> str:
    """The phrase ``key`` in ``language``, with ``{name}`` fields filled from ``values``."""
    text = _PHRASES[normalise(language)][key]
    return text.format(**values) if values else text
