"""The window's chat pane over a real provider SDK: a ChatPage whose session talks HTTP to a
model double (tests/support/openai_double.py, anthropic_double.py, bedrock_double.py).

:func:`open_model_chat` is ``tests.support.chat_page.open_chat`` with the profile's model
settings changed (``model``, ``openai_base_url``, ``model_retry_seconds``, …), so the
gateway and the sign-in stay the demo's, real, on loopback. :func:`keyed_aws` is the AWS
environment of tests/integration/agent/conftest.py's ``keyed_bedrock``: one long-term key
in an AWS profile named ``dev``, the Bedrock double its only endpoint.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gui.agent.session import ChatSession
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.transcript import ERROR, INFO, NoticeView
from tests.support.auth import signed_in_session
from tests.support.aws import KEY_ID, SECRET, isolate_aws
from tests.support.bedrock_double import BedrockDouble, Credentials, bedrock_double
from tests.support.model_double import isolate_provider_env
from tests.support.qt import shown

if TYPE_CHECKING:
    from gui.demo.stack import DemoStack

BUSY = "The model is busy — trying again"


@asynccontextmanager
async def open_model_chat(
    stack: DemoStack, size: tuple[int, int] = (900, 640), **settings: str
) -> AsyncIterator[tuple[ChatPage, ChatController]]:
    """A shown ChatPage, signed in for real, whose session uses ``settings`` for its model."""
    profile = dataclasses.replace(stack.profile, **settings)
    with shown(ChatPage(), *size) as page:
        async with signed_in_session(stack.idp) as auth:
            controller = ChatController(page, ChatSession(profile, auth), page)
            await controller.start()
            try:
                yield page, controller
            finally:
                await controller.shutdown()


@contextmanager
def keyed_aws(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Iterator[BedrockDouble]:
    """A Bedrock double that knows one key, given in the AWS profile ``dev``."""
    with bedrock_double(credentials={KEY_ID: Credentials(SECRET)}.get) as double:
        env = isolate_aws(monkeypatch, folder, AWS_ENDPOINT_URL_BEDROCK_RUNTIME=double.url)
        Path(env["AWS_SHARED_CREDENTIALS_FILE"]).write_text(
            f"[dev]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
        )
        monkeypatch.setenv("AWS_PROFILE", "dev")
        yield double


def no_provider_env(monkeypatch: pytest.MonkeyPatch, folder: Path, **env: str) -> None:
    """Nothing of the developer's provider set-up, and ``env`` on top."""
    isolate_provider_env(monkeypatch, folder)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def errors(page: ChatPage) -> list[str]:
    """The error notices shown, oldest first."""
    return [n.text() for n in page.transcript.notices() if n.kind == ERROR]


def busy_notice(page: ChatPage) -> NoticeView | None:
    """The "model is busy" notice, while it is shown."""
    found = [n for n in page.transcript.notices() if n.kind == INFO and n.text().startswith(BUSY)]
    return found[-1] if found else None


def answers(page: ChatPage) -> list[str]:
    """The plain text of every answer shown."""
    return [m.toPlainText().strip() for m in page.transcript.messages() if m.role == "assistant"]


def footer(page: ChatPage, index: int = -1) -> str:
    """The footer line of an answer ("" when it has none)."""
    views = [m for m in page.transcript.messages() if m.role == "assistant"]
    label = page.transcript.row_of(views[index]).footer
    return label.text() if label is not None else ""
