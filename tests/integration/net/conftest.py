"""Servers over TLS with a CA made in the test, a real proxy, and cleanup of the keyring."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID, DemoIdp
from gui.demo.stack import DemoStack
from tests.support.net import Pproxy
from tests.support.tls import LocalCA


@pytest.fixture
def ca(tmp_path: Path) -> LocalCA:
    """A CA no system trusts, made for this test."""
    return LocalCA(tmp_path / "ca")


@pytest.fixture
async def forget_sign_in() -> AsyncIterator[list[str]]:
    """Issuers whose keyring entry (left by a `login` process) is deleted afterwards."""
    issuers: list[str] = []
    yield issuers
    for issuer in issuers:
        await KeyringStore().delete(issuer, DEMO_CLIENT_ID)


@pytest.fixture
def tls_stack(ca: LocalCA, forget_sign_in: list[str]) -> Iterator[DemoStack]:
    """Sign-in server and gateway over https, certificates for 127.0.0.1 signed by ``ca``."""
    cert = ca.issue()
    idp = DemoIdp(interval=0, tls=cert)
    with DemoStack(idp=idp, tls=cert, ca_file=str(ca.ca_file)) as stack:
        forget_sign_in.append(stack.idp.issuer)
        yield stack


@pytest.fixture
def http_stack(forget_sign_in: list[str]) -> Iterator[DemoStack]:
    """Both servers on plain http (loopback)."""
    with DemoStack(idp=DemoIdp(interval=0)) as stack:
        forget_sign_in.append(stack.idp.issuer)
        yield stack


@pytest.fixture
async def proxy(tmp_path: Path) -> AsyncIterator[Pproxy]:
    """pproxy on a loopback port, logging each connection it carries."""
    server = Pproxy(tmp_path / "pproxy.log").launch()
    try:
        yield await server.ready()
    finally:
        server.stop()
