"""Test set-up shared by every suite.

Each test session gets its own private D-Bus and a real gnome-keyring
(Secret Service) unlocked with a throw-away password, and its own config,
data and runtime folders, so tests never touch the developer's keyring or
settings. Subprocesses inherit the environment and so find the same keyring.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.secret_service import start_secret_service, stop

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
def test_root() -> Path:
    """The session's private folder (config, data, home)."""
    return _ROOT
