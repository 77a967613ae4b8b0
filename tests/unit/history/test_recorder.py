"""RecordingSession is the session it wraps, plus saving: what it delegates and what it keeps."""

from __future__ import annotations

from pathlib import Path

from gui.agent.approval import ApprovalPolicy
from gui.agent.events import Done, TextDelta
from gui.agent.protocol import ChatSessionLike
from gui.history.recorder import RecordingSession
from gui.history.store import ASSISTANT, USER, HistoryStore
from tests.support.chat import collect


class _Session:
    model_label = "Fake model"

    def __init__(self) -> None:
        self.approvals = ApprovalPolicy("changes")
        self.messages: list[dict] = []
        self.restored: list[dict] | None = None
        self.new = 0

    async def ask(self, question: str):
        yield TextDelta("An answer about ")
        yield TextDelta(question)
        self.messages = [{"role": "user", "content": [{"text": question}]}]
        yield Done(f"An answer about {question}")

    def new_conversation(self) -> None:
        self.new += 1

    def restore(self, messages: list[dict]) -> None:
        self.restored = messages


def test_it_delegates_every_member_of_the_chat_session_protocol() -> None:
    members = {name for name in vars(ChatSessionLike) if not name.startswith("_")}
    assert {"ask", "start", "approvals", "aclose"} <= members
    assert members <= set(dir(RecordingSession))


async def test_the_session_s_members_reach_the_wrapped_session(tmp_path: Path) -> None:
    inner = _Session()
    session = RecordingSession(inner, None)
    session.approvals.mode = "every"  # e.g. set by the window's settings
    assert inner.approvals.mode == "every"
    assert session.model_label == "Fake model"
    session.conversation_id = 5  # its own state stays its own
    assert "conversation_id" not in vars(inner)


async def test_saves_the_question_and_the_streamed_answer(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", "p").open()
    inner = _Session()
    saved: list[int] = []
    new: list[bool] = []
    session = RecordingSession(inner, store)
    session.on_saved = saved.append
    session.on_new = lambda: new.append(True)
    await collect(session.ask("sqlite"))
    conversation = store.load(session.conversation_id)
    assert [(i.kind, i.text) for i in conversation.items] == [
        (USER, "sqlite"),
        (ASSISTANT, "An answer about sqlite"),
    ]
    assert conversation.agent_messages == inner.messages
    assert saved and set(saved) == {session.conversation_id}
    session.new_conversation()
    assert session.conversation_id is None and inner.new == 1 and new == [True]
    session.resume(conversation)
    assert inner.restored == inner.messages and session.conversation_id == conversation.info.id
    store.close()


async def test_a_store_that_fails_turns_saving_off_and_says_so(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", "p").open()
    store.close()  # every write now fails with HistoryUnavailable
    problems = []
    session = RecordingSession(_Session(), store, on_problem=problems.append)
    events = await collect(session.ask("still answered"))
    assert isinstance(events[-1], Done)  # the chat went on
    assert session.store is None and len(problems) == 1
