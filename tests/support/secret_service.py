"""A private D-Bus session with a real gnome-keyring (Secret Service), and faults on it.

tests/conftest.py starts one for the whole run; a test that needs a keyring in a state
the shared one must not get into (locked) starts its own with ``start_secret_service``.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the test process dies, even by a crash."""
    import ctypes
    import signal

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_secret_service(
    password: str, env: dict[str, str] | None = None
) -> tuple[list[subprocess.Popen[bytes]], str]:
    """A new session bus with an unlocked gnome-keyring on it: (processes, bus address).

    The caller points ``DBUS_SESSION_BUS_ADDRESS`` at it (the session's keyring) or
    hands the address to one test (a second keyring, to lock without touching the first).
    ``env`` overrides variables for both daemons: a second keyring needs its own
    ``XDG_DATA_HOME`` (the keyring files) and ``XDG_RUNTIME_DIR`` (its control socket).
    """
    env = {**os.environ, **(env or {})}
    dbus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        preexec_fn=_die_with_parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # it complains it cannot raise its fd limit as non-root
    )
    assert dbus.stdout is not None
    address = dbus.stdout.readline().decode().strip()
    if not address:
        raise RuntimeError("dbus-daemon did not print its address")
    keyring = subprocess.Popen(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        preexec_fn=_die_with_parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**env, "DBUS_SESSION_BUS_ADDRESS": address},
    )
    assert keyring.stdin is not None
    keyring.stdin.write(password.encode())
    keyring.stdin.close()
    _wait_for_bus_name(address, "org.freedesktop.secrets", timeout=10)
    return [keyring, dbus], address


def _wait_for_bus_name(address: str, name: str, timeout: float) -> None:
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection

    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    deadline = time.monotonic() + timeout
    with open_dbus_connection(bus=address) as conn:
        while True:
            reply = conn.send_and_get_reply(new_method_call(bus, "NameHasOwner", "s", (name,)))
            if reply.body[0]:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not appear on the session bus")
            time.sleep(0.05)  # polling a condition with a deadline, not waiting blindly


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate the keyring and its bus, killing what does not exit."""
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def locked_keyring(password: str = "locked-keyring-password") -> Iterator[str]:
    """A second keyring whose default collection is locked over D-Bus; yields its bus address.

    Locked the way a screen lock or a logout leaves it: Secret Service ``Lock`` on the
    collection. Unlocking needs a prompt, which cannot be shown here, so it stays locked.
    """
    with tempfile.TemporaryDirectory(prefix="locked-keyring-") as root:
        folders = {name: os.path.join(root, name) for name in ("data", "run", "home")}
        for folder in folders.values():
            os.mkdir(folder, 0o700)
        own = {
            "XDG_DATA_HOME": folders["data"],
            "XDG_RUNTIME_DIR": folders["run"],
            "HOME": folders["home"],
        }
        procs, address = start_secret_service(password, own)
        try:
            _lock_default_collection(address)
            yield address
        finally:
            stop(procs)


def _lock_default_collection(address: str) -> None:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    with open_dbus_connection(bus=address) as conn:
        collection = secretstorage.get_default_collection(conn)
        collection.lock()
        if not collection.is_locked():
            raise RuntimeError("Secret Service Lock left the collection unlocked")
