"""Sign-in integration fixtures: the real keyring, emptied of the test's entry afterwards.

The fresh embedded server per test, ``idp``, is tests/integration/conftest.py's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import keyring
import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from tests.support.keyring_faults import FailingWrites


@pytest.fixture
async def store(idp: DemoIdp) -> AsyncIterator[KeyringStore]:
    """The real Secret Service keyring, emptied of this server's entry afterwards."""
    real = KeyringStore()
    yield real
    await real.delete(idp.issuer, DEMO_CLIENT_ID)


@pytest.fixture
def failing_writes() -> Iterator[FailingWrites]:
    """The real keyring for this process, refusing the writes the test asks it to."""
    real = keyring.get_keyring()
    wrapper = FailingWrites(real)
    keyring.set_keyring(wrapper)
    yield wrapper
    keyring.set_keyring(real)
