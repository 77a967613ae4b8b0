"""ChatSession end to end: real sign-in server and gateway; offline router or a scripted LLM."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from gui.agent.events import Done, Failed, TextDelta, ToolFinished, ToolStarted
from gui.agent.session import ChatSession
from gui.auth.http import HttpClient
from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.config import Profile
from gui.demo.stack import DemoStack
from gui.errors import AccessRevoked, ConfigError, Forbidden, NotAuthorised
from tests.support.auth import make_session, profile_for, sign_in_as, signed_in_session
from tests.support.chat import (
    RecordingTokens,
    Say,
    ScriptedModel,
    StaticTokens,
    Use,
    collect,
    kinds,
    restart_gateway,
    seconds_left,
)
from tests.support.stacks import StackFactory
from tests.support.waiting import wait_until


def phases(events: list) -> list[str]:
    """Event kinds with runs of TextDelta folded into one."""
    folded: list[str] = []
    for kind in kinds(events):
        if not (kind == "TextDelta" and folded and folded[-1] == "TextDelta"):
            folded.append(kind)
    return folded


# --- the offline router ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["How old is neruneruo and which department?", "neruneruoについて教えてください"],
)
async def test_offline_router_answers_through_the_profile_tool(chat: ChatSession, question: str):
    assert chat.model_label == "Offline router — not a language model"
    assert chat.is_language_model is False
    events = await collect(chat.ask(question))
    assert phases(events) == ["ToolStarted", "ToolFinished", "TextDelta", "Done"]
    started, finished, done = events[0], events[1], events[-1]
    assert isinstance(started, ToolStarted) and isinstance(finished, ToolFinished)
    assert started.tool == "people___getProfile" and started.title == "people · getProfile"
    assert started.arguments == {"name": "neruneruo"}
    assert finished.call_id == started.call_id and not finished.is_error
    assert finished.structured == {
        "name": "neruneruo",
        "age": 30,
        "department": "development",
        "title": "Software Engineer",
    }
    assert isinstance(done, Done) and not done.stopped
    assert "30" in done.text and "development" in done.text
    assert "no language model" in done.text
    streamed = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert streamed.strip() == done.text


async def test_no_matching_tool_says_so_and_lists_the_tools(chat: ChatSession):
    events = await collect(chat.ask("What's the weather like tomorrow?"))
    assert phases(events) == ["TextDelta", "Done"]
    text = events[-1].text
    assert "could not match" in text and "people · listDepartments" in text


async def test_one_mcp_session_serves_every_question(chat: ChatSession, stack: DemoStack):
    for question in ("List all departments", "Who works in sales?", "Tell me about Alice"):
        events = await collect(chat.ask(question))
        assert "Failed" not in kinds(events)
    assert stack.gateway is not None and stack.gateway.session_count() == 1


async def test_a_tool_error_reaches_the_answer_not_a_failure(chat: ChatSession):
    events = await collect(chat.ask("Tell me about 'nobody'"))
    assert "Failed" not in kinds(events)
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.is_error and "No profile for 'nobody'" in finished.text
    assert "reported an error" in events[-1].text


async def test_a_slow_tool_times_out_as_an_error_result(stack: DemoStack, session: AuthSession):
    chat = ChatSession(stack.profile, session, call_timeout=0.3)
    try:
        events = await collect(chat.ask("sleep 5 seconds"))
    finally:
        await chat.aclose()
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert finished.is_error and "did not answer within 0.3 s" in finished.text
    assert isinstance(events[-1], Done) and "Failed" not in kinds(events)


async def test_stop_during_a_slow_tool_ends_the_question(chat: ChatSession, stack: DemoStack):
    await chat.start()
    events: list = []

    async def consume() -> None:
        async for event in chat.ask("sleep 30 seconds"):
            events.append(event)

    consumer = asyncio.ensure_future(consume())
    assert stack.gateway is not None
    await wait_until(lambda: stack.gateway.call_count("diagnostics___sleep") == 1, 10)
    chat.stop()
    # The tool sleeps 30 s: ending well inside that means stop did not wait for it. How
    # quickly it ends is printed by tests/benchmarks/test_stop_latency.py, not asserted.
    async with asyncio.timeout(15):
        await consumer
    assert kinds(events) == ["ToolStarted", "Done"]
    assert events[-1].stopped is True
    # The stopped question is not remembered and the next one works.
    after = await collect(chat.ask("List all departments"))
    assert phases(after) == ["ToolStarted", "ToolFinished", "TextDelta", "Done"]
    questions = [m for m in chat.messages if m["role"] == "user" and "text" in m["content"][0]]
    assert [m["content"][0]["text"] for m in questions] == ["List all departments"]


# --- a scripted language model ---------------------------------------------------------------


async def test_a_scripted_model_drives_several_tool_calls_in_order(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel(
        [
            [Say("Let me look. "), Use("people___listMembers", {"department": "development"})],
            [
                Use("people___getProfile", {"name": "neruneruo"}),
                Use("people___getProfile", {"name": "erin"}),
            ],
            [Say("neruneruo is 30 and erin is 25.")],
        ]
    )
    chat = ChatSession(stack.profile, session, model=model)
    try:
        events = await collect(chat.ask("Who is older in development, neruneruo or erin?"))
    finally:
        await chat.aclose()
    assert chat.model_label == "Scripted test model" and chat.is_language_model
    order = phases(events)
    assert order[:4] == ["TextDelta", "ToolStarted", "ToolFinished", "ToolStarted"]
    assert order[-2:] == ["TextDelta", "Done"]
    starts = [e for e in events if isinstance(e, ToolStarted)]
    ends = [e for e in events if isinstance(e, ToolFinished)]
    assert [e.arguments for e in starts] == [
        {"department": "development"},
        {"name": "neruneruo"},
        {"name": "erin"},
    ]
    for start in starts:  # each call's start comes before its end
        end = next(e for e in ends if e.call_id == start.call_id)
        assert events.index(start) < events.index(end) and not end.is_error
    ages = {e.structured["name"]: e.structured["age"] for e in ends[1:]}
    assert ages == {"neruneruo": 30, "erin": 25}
    assert events[-1] == Done("Let me look.\n\nneruneruo is 30 and erin is 25.")
    # The model saw the tool results in its history.
    last_call = model.calls[-1]
    results = [b for m in last_call for b in m["content"] if "toolResult" in b]
    assert len(results) == 3


async def test_history_is_kept_across_questions_and_cleared_by_new_conversation(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel([[Say("Hello.")], [Say("Still here.")], [Say("Fresh start.")]])
    chat = ChatSession(stack.profile, session, model=model)
    try:
        await collect(chat.ask("first question"))
        await collect(chat.ask("second question"))
        texts = [b["text"] for m in model.calls[1] for b in m["content"] if "text" in b]
        assert texts == ["first question", "Hello.", "second question"]
        chat.new_conversation()
        assert chat.messages == []
        await collect(chat.ask("third question"))
        texts = [b["text"] for m in model.calls[2] for b in m["content"] if "text" in b]
        assert texts == ["third question"]
    finally:
        await chat.aclose()


async def test_a_one_megabyte_result_is_cut_for_the_model_and_the_session_goes_on(
    stack: DemoStack, session: AuthSession
):
    model = ScriptedModel(
        [
            [Use("diagnostics___bigResult", {"size_bytes": 1_000_000})],
            [Say("That was big.")],
            [Use("people___getProfile", {"name": "alice"})],
            [Say("Alice is in sales.")],
        ]
    )
    chat = ChatSession(stack.profile, session, model=model)
    try:
        first = await collect(chat.ask("big"))
        second = await collect(chat.ask("alice"))
    finally:
        await chat.aclose()
    big = next(e for e in first if isinstance(e, ToolFinished))
    assert not big.is_error and "1,000,000 characters in total" in big.text
    assert len(big.text) < 60_000
    after = next(e for e in second if isinstance(e, ToolFinished))
    assert after.structured["department"] == "sales"
    assert stack.gateway is not None and stack.gateway.session_count() == 1


# --- sign-in and gateway trouble mid-conversation --------------------------------------------


@pytest.fixture
def short_lived(demo_stack_factory: StackFactory) -> DemoStack:
    """Access tokens of 62 s: the gateway turns them away after 2 s (it wants > 60 s left)."""
    return demo_stack_factory(test_tools=True, access_token_ttl=62)


@asynccontextmanager
async def recorded_chat(
    stack: DemoStack, refresh_margin: float
) -> AsyncIterator[tuple[ChatSession, RecordingTokens]]:
    """Alice's chat session, and the tokens it was handed, in order."""
    async with signed_in_session(stack.idp) as auth:
        tokens = RecordingTokens(auth)
        chat = ChatSession(stack.profile, tokens, refresh_margin=refresh_margin)
        try:
            yield chat, tokens
        finally:
            await chat.aclose()


async def test_a_token_expiring_mid_conversation_is_renewed_after_a_401(short_lived: DemoStack):
    # refresh_margin=0: the token is used until the gateway says 401, then renewed.
    async with recorded_chat(short_lived, refresh_margin=0) as (chat, tokens):
        first = await collect(chat.ask("List all departments"))
        current = tokens.seen[-1]
        await wait_until(lambda: seconds_left(current) < 60, timeout=10)
        refreshes = tokens.refreshes
        second = await collect(chat.ask("Tell me about neruneruo"))
    assert "Failed" not in kinds(first) + kinds(second)
    assert tokens.refreshes == refreshes + 1 and tokens.seen[-1] != current
    assert "30" in second[-1].text


async def test_a_token_near_expiry_is_renewed_before_use(demo_stack_factory: StackFactory):
    servers = demo_stack_factory(test_tools=True, access_token_ttl=65)
    async with recorded_chat(servers, refresh_margin=63) as (chat, tokens):
        first = await collect(chat.ask("List all departments"))
        current = tokens.seen[-1]
        await wait_until(lambda: seconds_left(current) < 63, timeout=10)
        second = await collect(chat.ask("Tell me about neruneruo"))
    assert "Failed" not in kinds(first) + kinds(second)
    assert tokens.seen[-1] != current
    assert tokens.refreshes == 0  # renewed ahead of time: no 401 was needed


async def test_a_restarted_gateway_is_reconnected_mid_conversation(
    chat: ChatSession, stack: DemoStack
):
    assert "Failed" not in kinds(await collect(chat.ask("List all departments")))
    fresh = await restart_gateway(stack)
    events = await collect(chat.ask("How old is neruneruo?"))
    assert "Failed" not in kinds(events) and "30" in events[-1].text
    assert fresh.session_count() == 1


async def test_401_after_refresh_fails_the_question(stack: DemoStack):
    chat = ChatSession(stack.profile, StaticTokens(stack.idp.mint_access_token(ttl=-60)))
    try:
        events = await collect(chat.ask("List all departments"))
    finally:
        await chat.aclose()
    assert kinds(events) == ["Failed", "Done"]
    assert isinstance(events[0].error, NotAuthorised)


async def test_403_fails_the_question_with_forbidden(stack: DemoStack):
    profile = profile_for(stack.idp, scopes="openid profile email offline_access")
    auth = AuthSession(profile, store=MemoryStore(), http=HttpClient(timeout=5), poll_margin=0.02)
    await sign_in_as(auth, stack.idp, "alice")
    chat = ChatSession(stack.profile, auth)
    try:
        events = await collect(chat.ask("List all departments"))
    finally:
        await chat.aclose()
        await auth.aclose()
    assert kinds(events) == ["Failed", "Done"]
    assert isinstance(events[0].error, Forbidden) and "invoke:mcp" in events[0].error.message


async def test_access_lost_during_a_tool_call_fails_the_question(
    stack: DemoStack, session: AuthSession
):
    """A failure no tool retry can fix (here: the gateway gone) ends the question."""
    model = ScriptedModel([[Use("people___listDepartments")], [Say("never reached")]])
    chat = ChatSession(stack.profile, session, model=model)
    try:
        await chat.start()
        assert stack.gateway is not None
        await asyncio.to_thread(stack.gateway.stop)
        events = await collect(chat.ask("departments?"))
    finally:
        await chat.aclose()
    assert kinds(events) == ["ToolStarted", "ToolFinished", "Failed", "Done"]
    assert events[1].is_error
    assert "Cannot reach the gateway" in events[2].error.message
    assert chat.messages == []  # the failed question is not remembered


async def test_without_a_gateway_url_start_says_which_setting(session: AuthSession):
    chat = ChatSession(Profile(issuer=session.profile.issuer, model="offline"), session)
    with pytest.raises(ConfigError, match="GATEWAY_URL"):
        await chat.start()
    events = await collect(chat.ask("anything"))
    assert kinds(events) == ["Failed", "Done"]
    assert isinstance(events[0], Failed) and "GATEWAY_URL" in events[0].error.message
    await chat.aclose()


async def test_access_revoked_mid_conversation_fails_the_question(stack: DemoStack):
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp, "alice")
    # A huge margin renews the token before every request, so the provider is asked each time.
    chat = ChatSession(stack.profile, auth, refresh_margin=10**7)
    try:
        assert "Failed" not in kinds(await collect(chat.ask("List all departments")))
        stack.idp.set_roles("alice", ())
        events = await collect(chat.ask("Tell me about neruneruo"))
    finally:
        await chat.aclose()
        await auth.aclose()
    assert kinds(events)[-2:] == ["Failed", "Done"]
    assert isinstance(events[-2].error, AccessRevoked)
    assert "missing required role" in events[-2].error.message
