"""ChatSession and a gateway whose tool list changes, and the person's answers to a link
request, against the embedded gateway's showcase in both protocol eras."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gui.agent.approval import ApprovalPolicy
from gui.agent.events import ConsentEnded, ConsentRequested, ToolFinished
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.config import Profile
from gui.demo.stack import DemoStack
from gui.gateway.connection import AUTO, LEGACY
from tests.support.chat import Say, ScriptedModel, Use, answering
from tests.support.waiting import until_listening, wait_until

ERAS = [pytest.param(AUTO, id="2026-07-28"), pytest.param(LEGACY, id="2025-11-25")]
LATER = "inventory___countStock"


class Conversation:
    """A ChatSession on the stack with a scripted model; ``ask`` collects a question's events."""

    def __init__(self, chat: ChatSession, model: ScriptedModel) -> None:
        self.chat, self.model = chat, model

    async def ask(self, question: str, on=None) -> list:
        return await answering(self.chat, question, on=on)

    async def listening(self) -> None:
        """Connect, and on 2026-07-28 wait for the tool-change listen's ack: a change
        published before it is not sent again (see tests.support.waiting.until_listening)."""
        await self.chat.start()
        await until_listening(self.chat._gateway)


@pytest.fixture(params=ERAS)
def protocol(request: pytest.FixtureRequest) -> str:
    return request.param


async def open_conversation(
    stack: DemoStack, session: AuthSession, turns: list, protocol: str, **profile: str
) -> Conversation:
    model = ScriptedModel(turns)
    settings = {**stack.profile.__dict__, **profile}
    chat = ChatSession(
        Profile(**settings),
        session,
        model=model,
        protocol=protocol,
        approvals=ApprovalPolicy("changes"),
    )
    return Conversation(chat, model)


@pytest.fixture
async def conversation_factory(
    stack: DemoStack, session: AuthSession, protocol: str
) -> AsyncIterator:
    opened: list[Conversation] = []

    async def factory(turns: list, **profile: str) -> Conversation:
        conversation = await open_conversation(stack, session, turns, protocol, **profile)
        opened.append(conversation)
        return conversation

    yield factory
    for conversation in opened:
        await conversation.chat.aclose()


async def test_the_agent_sees_a_new_tool_from_its_next_turn(conversation_factory, protocol):
    turns = [
        [Use("brand___getBrandKit")],
        [Say("Here is the kit.")],
        [Use(LATER, {"item": "desks"})],
        [Say("17 desks.")],
    ]
    talk = await conversation_factory(turns)
    heard: list[list[str]] = []
    talk.chat.watch_tools(lambda tools: heard.append([t.name for t in tools]))
    await talk.listening()
    await talk.ask("The brand kit, please")
    assert LATER not in talk.model.tool_names  # the list changed during this question
    await wait_until(lambda: heard, 10, "the changed list")
    assert LATER in heard[-1]
    events = await talk.ask("How many desks?")
    assert LATER in talk.model.tool_names
    [finished] = [e for e in events if isinstance(e, ToolFinished)]
    assert finished.tool == LATER and not finished.is_error and "17" in finished.text
    assert talk.chat.protocol_version == ("2026-07-28" if protocol == AUTO else "2025-11-25")


async def test_tool_search_finds_a_tool_added_while_chatting(conversation_factory):
    turns = [
        [Use("find_tools", {"query": "brand kit"})],
        [Use("brand___getBrandKit")],
        [Say("Here is the kit.")],
        [Use("find_tools", {"query": "count stock inventory"})],
        [Use(LATER, {"item": "chairs"})],
        [Say("42 chairs.")],
    ]
    talk = await conversation_factory(turns, tool_search_threshold="3")
    heard: list = []
    talk.chat.watch_tools(heard.append)
    await talk.listening()
    await talk.ask("The brand kit")
    await wait_until(lambda: heard, 10, "the changed list")
    events = await talk.ask("How many chairs are in stock?")
    finished = [e for e in events if isinstance(e, ToolFinished)]
    assert [f.tool for f in finished] == ["find_tools", LATER]
    assert LATER in finished[0].text and "42" in finished[1].text


@pytest.mark.parametrize("action", ["decline", "cancel"])
async def test_the_person_declines_or_cancels_a_link_request(conversation_factory, action):
    talk = await conversation_factory([[Use("drive___listFiles")], [Say("Not connected.")]])
    answered: list[bool] = []

    def on(event: object) -> None:
        if isinstance(event, ConsentRequested):
            answered.append(talk.chat.answer_consent(event.elicitation_id, action))

    events = await talk.ask("List my drive files", on=on)
    assert answered == [True]
    [ended] = [e for e in events if isinstance(e, ConsentEnded)]
    assert ended.connected is False
    [finished] = [e for e in events if isinstance(e, ToolFinished)]
    said = "declined" if action == "decline" else "cancelled"
    assert said in finished.text and not finished.is_error


async def test_an_answer_nobody_waits_for_is_false_and_a_wrong_one_refused(conversation_factory):
    talk = await conversation_factory([])
    assert talk.chat.answer_consent("nobody-waits", "decline") is False
    with pytest.raises(ValueError):
        talk.chat.answer_consent("nobody-waits", "maybe")
