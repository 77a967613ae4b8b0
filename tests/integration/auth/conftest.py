from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import keyring
import pytest

from gui.auth.store import SERVICE, KeyringStore, account
from gui.demo.idp import DemoIdp


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


def raw_entry(idp: DemoIdp) -> str | None:
    """The keyring's raw head entry for the demo client at this server."""
    from gui.demo.idp import DEMO_CLIENT_ID

    return keyring.get_password(SERVICE, account(idp.issuer, DEMO_CLIENT_ID))
