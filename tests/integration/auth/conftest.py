"""Sign-in integration fixtures: a fresh embedded server per test and the real keyring."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import keyring
import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DemoIdp
from tests.support.keyring_faults import FailingWrites


@pytest.fixture
def idp() -> Iterator[DemoIdp]:
    """A fresh embedded sign-in server; interval 0 so polls are not slowed down."""
    server = DemoIdp(interval=0).start()
    yield server
    server.stop()


@pytest.fixture
async def store(idp: DemoIdp) -> AsyncIterator[KeyringStore]:
    """The real Secret Service keyring, emptied of this server's entry afterwards."""
    real = KeyringStore()
    yield real
    from gui.demo.idp import DEMO_CLIENT_ID

    await real.delete(idp.issuer, DEMO_CLIENT_ID)


@pytest.fixture
def failing_writes() -> Iterator[FailingWrites]:
    """The real keyring for this process, refusing the writes the test asks it to."""
    real = keyring.get_keyring()
    wrapper = FailingWrites(real)
    keyring.set_keyring(wrapper)
    yield wrapper
    keyring.set_keyring(real)
