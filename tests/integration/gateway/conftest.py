"""Gateway clients against real MCP servers on loopback: the TypeScript reference server,
an mcp 2.1.1 server of our own (python_peer), and the embedded demo gateway."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator

import httpx2
import pytest

from gui.auth.session import AuthSession
from gui.auth.store import MemoryStore
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO
from tests.integration.gateway.python_peer import PythonPeer
from tests.support.auth import make_session, sign_in_as
from tests.support.chat import StaticTokens
from tests.support.everything_server import EverythingServer, everything_server


@pytest.fixture(scope="module")
def everything() -> Iterator[EverythingServer]:
    """One reference server for a module's tests (each test has its own client and session)."""
    with everything_server() as server:
        yield server


@pytest.fixture
def fresh_everything() -> Iterator[EverythingServer]:
    """A reference server of the test's own (to restart it)."""
    with everything_server() as server:
        yield server


class Sent:
    """The JSON-RPC messages a client POSTed, read from its HTTP client's request hook."""

    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def __call__(self, request: httpx2.Request) -> None:
        if request.method == "POST":
            with contextlib.suppress(ValueError):
                self.messages.append(json.loads(request.content))

    def methods(self) -> list[str]:
        return [m.get("method", "") for m in self.messages]


@pytest.fixture
async def peer(everything: EverythingServer) -> AsyncIterator[GatewayClient]:
    """A gateway client for the reference server, offering 2026-07-28 first."""
    client = GatewayClient(everything.url, StaticTokens("peer-token"), protocol=AUTO)
    yield client
    await client.aclose()


@pytest.fixture
async def sent(peer: GatewayClient) -> Sent:
    """What ``peer`` sends once connected (its HTTP client's request hook)."""
    await peer.connect()
    record = Sent()
    assert peer._http is not None  # the one HTTP client of all its sessions
    peer._http.event_hooks["request"].append(record)
    return record


@pytest.fixture
def python_peer() -> Iterator[PythonPeer]:
    """An mcp 2.1.1 server of the test's own (both protocol eras)."""
    with PythonPeer() as server:
        yield server


@pytest.fixture
def stack() -> Iterator[DemoStack]:
    """The embedded sign-in server and gateway (with its test tools)."""
    with DemoStack(idp=DemoIdp(interval=0), test_tools=True) as servers:
        yield servers


@pytest.fixture
async def session(stack: DemoStack) -> AsyncIterator[AuthSession]:
    """Alice, signed in (remembered in memory only)."""
    auth = make_session(stack.idp, MemoryStore())
    await sign_in_as(auth, stack.idp, "alice")
    yield auth
    await auth.aclose()
