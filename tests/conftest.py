"""Test set-up shared by every suite.

Each test session gets its own private D-Bus and a real gnome-keyring
(Secret Service) unlocked with a throw-away password, and its own config,
data and runtime folders, so tests never touch the developer's keyring or
settings. Subprocesses inherit the environment and so find the same keyring.

The demo servers come from one factory (tests/support/stacks.py): ``demo_stack_factory``
(stopped after the test), ``module_demo_stack_factory`` (after the module), and ``stack``,
fresh servers for one test, and ``session``, Alice signed in on them. Directories that
share servers longer name them apart (``shared_stack``, ``module_stack`` in
tests/gui/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.secret_service import start_secret_service, stop
from tests.support.stacks import StackFactory, stack_factory

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.demo.stack import DemoStack

_ROOT = Path(tempfile.mkdtemp(prefix="agentcore-chat-tests-"))
for _name in ("config", "data", "cache", "state", "home"):
    (_ROOT / _name).mkdir()
(_ROOT / "run").mkdir(mode=0o700)
# Set at import time, before any test module imports platformdirs or keyring.
os.environ.update(
    {
        "XDG_CONFIG_HOME": str(_ROOT / "config"),
        "XDG_DATA_HOME": str(_ROOT / "data"),
        "XDG_CACHE_HOME": str(_ROOT / "cache"),
        "XDG_STATE_HOME": str(_ROOT / "state"),
        "XDG_RUNTIME_DIR": str(_ROOT / "run"),
        "HOME": str(_ROOT / "home"),
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM_FOR_TESTS", "offscreen"),
    }
)
for _var in (
    "AUTH0_DOMAIN",
    "AUTH0_CLIENT_ID",
    "AUTH0_AUDIENCE",
    "OIDC_ISSUER",
    "OIDC_SCOPES",
    "GATEWAY_URL",
    "AGENT_MODEL",
    "OPENAI_BASE_URL",
    "PYTHON_KEYRING_BACKEND",
    "AGENTCORE_CA_FILE",
    "AGENTCORE_AWS_ROLE_ARN",
    "AGENTCORE_PROFILE",
    # A developer's proxy must not carry the tests' loopback traffic (tests/integration/net
    # set these for the processes they start).
    *(
        v
        for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
        for v in (name, name.upper())
    ),
):
    os.environ.pop(_var, None)

KEYRING_PASSWORD = "test-only-keyring-password"


@pytest.fixture(scope="session", autouse=True)
def secret_service() -> Iterator[str]:
    """A private session bus with an unlocked gnome-keyring; yields the bus address."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        pytest.exit("dbus-daemon and gnome-keyring-daemon are needed: run `make test`", 3)
    procs, address = start_secret_service(KEYRING_PASSWORD)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    try:
        yield address
    finally:
        stop(procs)
        shutil.rmtree(_ROOT, ignore_errors=True)


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A loopback port another program (the test's own socket) listens on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.fixture
def test_root() -> Path:
    """The session's private folder (config, data, home)."""
    return _ROOT


@pytest.fixture
def demo_stack_factory() -> Iterator[StackFactory]:
    """``demo_stack_factory(**options)`` starts demo servers; all stop after the test."""
    with stack_factory() as start:
        yield start


@pytest.fixture(scope="module")
def module_demo_stack_factory() -> Iterator[StackFactory]:
    """As ``demo_stack_factory``, for module-scoped fixtures: all stop after the module."""
    with stack_factory() as start:
        yield start


@pytest.fixture
def stack(demo_stack_factory: StackFactory) -> DemoStack:
    """Fresh demo servers for this test, with the test tools: nothing left by another test."""
    return demo_stack_factory(test_tools=True)


@pytest.fixture
async def session(stack: DemoStack) -> AsyncIterator[AuthSession]:
    """Alice, signed in on ``stack`` (remembered in memory only)."""
    from tests.support.auth import signed_in_session  # loads the sign-in code: only when used

    async with signed_in_session(stack.idp) as auth:
        yield auth
