"""Driving a real ChatPage as a person does: open it signed in, type into the composer,
wait for Send. Also, for rendering measurements without servers: a page whose scripted
session streams one answer (:func:`streaming_page`), and a big table answer
(:func:`table_answer`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from gui.agent.session import ChatSession
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from tests.support.auth import signed_in_session
from tests.support.fake_chat import ScriptedChatSession, answer
from tests.support.qt import shown

if TYPE_CHECKING:
    from gui.demo.stack import DemoStack


@asynccontextmanager
async def open_chat(
    stack: DemoStack,
    *,
    username: str = "alice",
    size: tuple[int, int] = (900, 640),
    **session_options: Any,
) -> AsyncIterator[tuple[ChatPage, ChatController]]:
    """A shown ChatPage whose controller runs a real ChatSession, signed in for real.

    ``session_options`` go to ChatSession (``model``, ``approvals``). Afterwards the
    controller is shut down, the sign-in closed and the page destroyed, in that order.
    """
    with shown(ChatPage(), *size) as page:
        async with signed_in_session(stack.idp, username=username) as auth:
            session = ChatSession(stack.profile, auth, **session_options)
            controller = ChatController(page, session, page)
            await controller.start()
            try:
                yield page, controller
            finally:
                await controller.shutdown()


async def ask(qtbot: Any, page: Any, question: str) -> None:
    """Type the question into the real composer and press Enter."""
    page.composer.focus_input()
    qtbot.keyClicks(page.composer.edit, question)
    qtbot.keyClick(page.composer.edit, Qt.Key.Key_Return)


def idle(page: Any) -> bool:
    """True when the composer shows Send, not Stop: no question is running."""
    return page.composer.send_button.isVisible() and not page.composer.stop_button.isVisible()


async def streaming_page(text: str, chunk: int) -> tuple[ChatPage, ChatController]:
    """A shown 1000×700 page, its controller started; any question gets ``text``, ``chunk``
    characters a delta (a scripted session: no servers)."""
    page = ChatPage()
    page.resize(1000, 700)
    page.show()
    controller = ChatController(page, ScriptedChatSession(answer(text, chunk=chunk)), page)
    await controller.start()
    return page, controller


def table_answer(rows: int) -> str:
    """An answer holding a Markdown table of ``rows`` tickets, a line before and after."""
    head = "| id | title | state | owner |\n|---|---|---|---|\n"
    body = "".join(
        f"| T-{i} | Ticket number {i} about the printer | open | alice |\n" for i in range(rows)
    )
    return f"Here are all the tickets:\n\n{head}{body}\nThat is all of them.\n"
