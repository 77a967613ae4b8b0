"""Chat sessions over the providers' real SDKs, pointed at loopback model doubles.

The gateway side is :mod:`tests.support.gateway_double` (the demo gateway is not the
subject here); the model side is real HTTP to :mod:`tests.support.openai_double` /
:mod:`tests.support.anthropic_double`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from gui.agent.session import ChatSession
from gui.config import validate
from gui.logs import LIBRARY_LOGGERS, quiet_libraries
from tests.support.chat import StaticTokens
from tests.support.gateway_double import GatewayDouble, gateway_double
from tests.support.model_double import isolate_provider_env

GATEWAY_URL = "https://gateway.example.com/mcp"


@pytest.fixture(autouse=True)
def provider_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """Nothing of the developer's provider set-up; a key for Anthropic (the double ignores it)."""
    isolate_provider_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key-for-the-double")
    return monkeypatch


@pytest.fixture
def quiet_logs() -> Iterator[None]:
    """The terminal's logging set-up (libraries silenced), undone afterwards."""
    levels = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    quiet_libraries(debug=False)
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


SessionFactory = Callable[..., ChatSession]


@pytest.fixture
async def make_session() -> AsyncIterator[SessionFactory]:
    """``make_session(provider, base_url, **settings)``: a session on a small gateway double."""
    made: list[ChatSession] = []

    def make(
        provider: str, base_url: str, *, gateway: GatewayDouble | None = None, **settings: str
    ) -> ChatSession:
        model = "double-model" if provider == "openai" else "claude-double"
        raw = {"gateway_url": GATEWAY_URL, "model": f"{provider}:{model}", **settings}
        raw[f"{provider}_base_url"] = base_url
        session = ChatSession(
            validate(raw), StaticTokens("token"), gateway=gateway or gateway_double(1, 3)
        )
        made.append(session)
        return session

    yield make
    for session in made:
        await session.aclose()
