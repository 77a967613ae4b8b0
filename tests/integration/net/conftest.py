"""Servers over TLS with a CA made in the test, a real proxy, and cleanup of the keyring."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gui.auth.store import KeyringStore
from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from tests.support.net import Pproxy
from tests.support.stacks import StackFactory
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
def tls_stack(
    demo_stack_factory: StackFactory, ca: LocalCA, forget_sign_in: list[str]
) -> DemoStack:
    """Sign-in server and gateway over https, certificates for 127.0.0.1 signed by ``ca``."""
    stack = demo_stack_factory(tls=ca)
    forget_sign_in.append(stack.idp.issuer)
    return stack


@pytest.fixture
def http_stack(demo_stack_factory: StackFactory, forget_sign_in: list[str]) -> DemoStack:
    """Both servers on plain http (loopback)."""
    stack = demo_stack_factory()
    forget_sign_in.append(stack.idp.issuer)
    return stack


@pytest.fixture
async def proxy(tmp_path: Path) -> AsyncIterator[Pproxy]:
    """pproxy on a loopback port, logging each connection it carries."""
    server = Pproxy(tmp_path / "pproxy.log").launch()
    try:
        yield await server.ready()
    finally:
        server.stop()
