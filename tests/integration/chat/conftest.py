"""A demo stack (sign-in server + gateway with the test tools) and a signed-in session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from gui.auth.session import AuthSession
from gui.auth.store import KeyringStore, MemoryStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.demo.stack import DemoStack
from tests.support.auth import make_session, sign_in_as


@pytest.fixture
def stack() -> Iterator[DemoStack]:
    """Fresh servers for each test (interval 0: polls are not slowed down)."""
    with DemoStack(idp=DemoIdp(interval=0), test_tools=True) as servers:
        yield servers


@pytest.fixture
async def session(stack: DemoStack) -> AsyncIterator[AuthSession]:
    """Alice, signed in (remembered in memory only)."""
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp, "alice")
    yield auth
    await auth.aclose()


@pytest.fixture
async def signed_in(stack: DemoStack) -> AsyncIterator[DemoStack]:
    """Alice's sign-in remembered in the real keyring, as `agentcore-chat login` leaves it."""
    store = KeyringStore()
    auth = make_session(stack.idp, store)
    await sign_in_as(auth, stack.idp, "alice")
    await auth.aclose()
    yield stack
    await store.delete(stack.idp.issuer, DEMO_CLIENT_ID)
