"""Test set-up shared by every suite.

Each test session gets its own private D-Bus and a real gnome-keyring
(Secret Service) unlocked with a throw-away password, and its own config,
data and runtime folders, so tests never touch the developer's keyring or
settings. Subprocesses inherit the environment and so find the same keyring.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

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


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, even by a crash."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start_secret_service() -> list[subprocess.Popen[bytes]]:
    dbus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        preexec_fn=_die_with_parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # it complains it cannot raise its fd limit as non-root
    )
    assert dbus.stdout is not None
    address = dbus.stdout.readline().decode().strip()
    if not address:
        raise RuntimeError("dbus-daemon did not print its address")
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
    keyring = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        preexec_fn=_die_with_parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert keyring.stdin is not None
    keyring.stdin.write(KEYRING_PASSWORD.encode())
    keyring.stdin.close()
    _wait_for_bus_name("org.freedesktop.secrets", timeout=10)
    return [keyring, dbus]


def _wait_for_bus_name(name: str, timeout: float) -> None:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    deadline = time.monotonic() + timeout
    with open_dbus_connection(bus="SESSION") as conn:
        while True:
            reply = conn.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (name,)))
            if reply.body[0]:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not appear on the session bus")
            time.sleep(0.05)  # polling a condition with a deadline, not waiting blindly


@pytest.fixture(scope="session", autouse=True)
def secret_service() -> Iterator[str]:
    """A private session bus with an unlocked gnome-keyring; yields the bus address."""
    if not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")):
        pytest.exit("dbus-daemon and gnome-keyring-daemon are needed: run `make test`", 3)
    procs = _start_secret_service()
    try:
        yield os.environ["DBUS_SESSION_BUS_ADDRESS"]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(_ROOT, ignore_errors=True)


@pytest.fixture
def test_root() -> Path:
    """The session's private folder (config, data, home)."""
    return _ROOT
