"""What the chat tests build on Alice's sign-in (``session`` on fresh servers, ``stack``: both
in tests/conftest.py): her sign-in in the real keyring, a gateway client, a chat session."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.gateway.client import GatewayClient
from tests.support.auth import remember_sign_in


@pytest.fixture
async def signed_in(stack: DemoStack) -> AsyncIterator[DemoStack]:
    """Alice's sign-in remembered in the real keyring, as `agentcore-chat login` leaves it."""
    store = KeyringStore()
    await remember_sign_in(stack.idp, store)
    yield stack
    await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)


@pytest.fixture
async def gateway(stack: DemoStack, session: AuthSession) -> AsyncIterator[GatewayClient]:
    """A gateway client carrying Alice's tokens."""
    client = GatewayClient(stack.profile.gateway_url, session)
    yield client
    await client.aclose()


@pytest.fixture
async def chat(stack: DemoStack, session: AuthSession) -> AsyncIterator[ChatSession]:
    """Alice's chat session with the profile's model: the offline router."""
    conversation = ChatSession(stack.profile, session)
    yield conversation
    await conversation.aclose()
