"""The offline router frames its answers in the UI's language (real gateway, real agent loop)."""

from __future__ import annotations

import pytest

from gui.agent.events import Done
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from tests.support.chat import collect


@pytest.mark.parametrize(
    ("language", "frame", "note"),
    [
        ("en", "answered:", "no language model was used"),
        ("ja_JP", "の結果:", "言語モデルは使っていません"),
    ],
)
async def test_the_offline_answer_follows_the_language(
    stack: DemoStack, session: AuthSession, language: str, frame: str, note: str
) -> None:
    chat = ChatSession(stack.profile, session)
    try:
        chat.set_language(language)  # before start: applied once the model is built
        done = (await collect(chat.ask("How old is neruneruo?")))[-1]
        assert isinstance(done, Done) and not done.stopped
        assert frame in done.text and note in done.text
        assert "30" in done.text  # the tool's data is not translated
        other = "ja" if language == "en" else "en"
        chat.set_language(other)  # and it follows a change mid-conversation
        again = (await collect(chat.ask("Who works in sales?")))[-1]
        assert isinstance(again, Done)
        assert note not in again.text
    finally:
        await chat.aclose()


def test_unknown_languages_fall_back_to_english() -> None:
    from gui.agent.phrases import normalise, phrase

    assert normalise("C") == "en" and normalise("ja-JP") == "ja" and normalise(None) == "en"
    assert "no language model" in phrase("note", "fr")
