"""The chat pane and the model: a busy provider counted down under the person's eyes (Stop
works), a retried answer replacing its broken-off start, the tokens in the answer's footer,
and the providers' errors as the one line that says the fix.

The first tests script the session's events (tests/support/fake_chat.py) to watch each
step; the rest run the real ChatSession and the providers' real SDKs against the loopback
doubles, the demo sign-in and the demo gateway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt

from gui.agent.events import Done, ModelBusy, TextDelta, Usage
from gui.demo.stack import DemoStack
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from tests.support.anthropic_double import anthropic_double
from tests.support.bedrock_double import ACCESS_DENIED, Text
from tests.support.chat import Say
from tests.support.chat_page import ask, idle
from tests.support.fake_chat import ScriptedChatSession
from tests.support.model_double import Break, Refuse
from tests.support.model_window import (
    answers,
    busy_notice,
    errors,
    footer,
    keyed_aws,
    no_provider_env,
    open_model_chat,
)
from tests.support.openai_double import openai_double
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui


async def _scripted(page: ChatPage, script: list[Any]) -> ChatController:
    controller = ChatController(page, ScriptedChatSession(script), page)
    await controller.start()
    return controller


# --- the events, step by step ----------------------------------------------------------------


async def test_busy_counts_down_then_the_retry_replaces_the_partial_answer(
    qtbot: Any, page: ChatPage
) -> None:
    controller = await _scripted(
        page,
        [
            TextDelta("A broken-off start "),
            0.3,  # painted, then the provider says busy
            ModelBusy(retry_in_seconds=2.0, attempt=1),
            1.4,
            TextDelta("The full answer."),
            Done("The full answer.", usage=Usage(1234, 56)),
        ],
    )
    try:
        await ask(qtbot, page, "Hello?")
        await wait_until(lambda: answers(page) == ["A broken-off start"], 5, "the start")
        await wait_until(lambda: busy_notice(page) is not None, 5, "the busy notice")
        notice = busy_notice(page)
        assert notice is not None and notice.text() == ("The model is busy — trying again in 2 s")
        assert answers(page) == []  # what the failed call began is gone
        assert page.composer.stop_button.isVisible()  # Stop stays at hand
        await wait_until(lambda: notice.text().endswith("in 1 s"), 3, "the countdown")
        await wait_until(lambda: idle(page), 5, "the answer")
        assert answers(page) == ["The full answer."]
        assert busy_notice(page) is None
        # In the reader's number format (the tests run in the C locale: 1234).
        assert footer(page) == f"Tokens: {QLocale().toString(1234)} in, 56 out"
    finally:
        await controller.shutdown()


async def test_stop_ends_the_wait_for_a_busy_model(qtbot: Any, page: ChatPage) -> None:
    controller = await _scripted(page, [ModelBusy(retry_in_seconds=30, attempt=1), 60.0])
    try:
        await ask(qtbot, page, "Hello?")
        await wait_until(lambda: busy_notice(page) is not None, 5, "the busy notice")
        qtbot.mouseClick(page.composer.stop_button, Qt.MouseButton.LeftButton)
        # Ended by the click, not by the 30 s wait running out.
        await wait_until(lambda: idle(page), 2, "the stop")
        assert busy_notice(page) is None
        assert [n.text() for n in page.transcript.notices()] == ["Stopped."]
    finally:
        await controller.shutdown()


async def test_an_answer_without_usage_has_no_footer(qtbot: Any, page: ChatPage) -> None:
    controller = await _scripted(page, [TextDelta("Hi."), Done("Hi.")])
    try:
        await ask(qtbot, page, "Hello?")
        await wait_until(lambda: idle(page), 5, "the answer")
        assert answers(page) == ["Hi."] and footer(page) == ""
    finally:
        await controller.shutdown()


# --- over the wire ---------------------------------------------------------------------------


@pytest.fixture
def provider_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    no_provider_env(monkeypatch, tmp_path)
    return monkeypatch


async def test_openai_rate_limited_once_shows_busy_then_the_answer_with_its_tokens(
    qtbot: Any, shared_stack: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double([Refuse(429, retry_after=1), [Say("Here you are.")]]) as double:
        async with open_model_chat(
            shared_stack, model="openai:double-model", openai_base_url=double.url
        ) as (page, _):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: busy_notice(page) is not None, 10, "the busy notice")
            assert "in 1 s" in busy_notice(page).text()
            await wait_until(lambda: idle(page), 15, "the answer")
            assert answers(page) == ["Here you are."]
            assert busy_notice(page) is None and errors(page) == []
            assert footer(page) == "Tokens: 12 in, 7 out"
    assert len(double.model_requests) == 2


async def test_openai_that_stays_busy_ends_in_one_line_within_the_setting(
    qtbot: Any, shared_stack: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    with openai_double(then=Refuse(429)) as double:
        async with open_model_chat(
            shared_stack,
            model="openai:double-model",
            openai_base_url=double.url,
            model_retry_seconds="2",
        ) as (page, _):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: busy_notice(page) is not None, 10, "the busy notice")
            await wait_until(lambda: idle(page), 15, "the answer to end")
            [message] = errors(page)
    assert (
        message
        == "OpenAI-compatible · double-model at {} is busy (rate limited). ".format(
            double.url.split("//")[1].split("/")[0]
        )
        + "Try again in a moment."
    )
    assert "\n" not in message
    # Within the 2 s setting: the first try, one retry after the first delay (cut to the
    # time left), then no time is left for another.
    assert len(double.model_requests) == 2


async def test_anthropic_overloaded_mid_answer_is_retried_and_the_retry_replaces_it(
    qtbot: Any, shared_stack: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    provider_env.setenv("ANTHROPIC_API_KEY", "test-key")
    turns = [[Say("Half an ans"), Break()], [Say("A whole answer.")]]
    with anthropic_double(turns) as double:
        async with open_model_chat(
            shared_stack, model="anthropic:claude-double", anthropic_base_url=double.url
        ) as (page, _):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: idle(page), 15, "the answer")
            assert answers(page) == ["A whole answer."]
            assert errors(page) == [] and busy_notice(page) is None


async def test_a_wrong_anthropic_key_says_which_key_to_check(
    qtbot: Any, shared_stack: DemoStack, provider_env: pytest.MonkeyPatch
) -> None:
    provider_env.setenv("ANTHROPIC_API_KEY", "a-wrong-key")
    refusal = Refuse(401, message="invalid x-api-key")
    with anthropic_double([refusal]) as double:
        async with open_model_chat(
            shared_stack, model="anthropic:claude-double", anthropic_base_url=double.url
        ) as (page, _):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: idle(page), 15, "the answer to end")
            [message] = errors(page)
    assert "rejected the API key" in message and "ANTHROPIC_API_KEY" in message


async def test_bedrock_access_denied_names_the_model_and_who_to_ask(
    qtbot: Any, shared_stack: DemoStack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    model = "global.anthropic.claude-sonnet-4-6"
    with keyed_aws(monkeypatch, tmp_path) as bedrock:
        bedrock.script(ACCESS_DENIED)
        async with open_model_chat(shared_stack, model=f"bedrock:{model}") as (page, _):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: idle(page), 15, "the answer to end")
            [message] = errors(page)
    assert model in message and "us-east-1" in message
    assert "AWS profile dev" in message and "model access" in message


async def test_bedrock_unknown_model_suggests_the_inference_profile(
    qtbot: Any, shared_stack: DemoStack, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with keyed_aws(monkeypatch, tmp_path) as bedrock:
        bedrock.script([Text("never reached")])
        async with open_model_chat(shared_stack, model="bedrock:anthropic.claude-sonnet-4-6") as (
            page,
            _,
        ):
            await ask(qtbot, page, "Hello?")
            await wait_until(lambda: idle(page), 15, "the answer to end")
            [message] = errors(page)
    assert "bedrock:us.anthropic.claude-sonnet-4-6" in message
