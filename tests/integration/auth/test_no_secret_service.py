"""No Secret Service (SSH, WSL, servers): `login` works for the run and says how to get a keyring.

Two ways a machine lacks one: keyring's `fail` backend forced, and a D-Bus
address that leads nowhere. Then the hint's own commands are run, exactly as
printed, and `login` is remembered in the keyring they start.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.auth.keyring_hint import SECRET_SERVICE_HINT, START_DBUS, UNLOCK_KEYRING
from gui.demo.idp import DemoIdp
from tests.support.auth import cli_command

NO_SECRET_SERVICE = {
    "fail backend": {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    "dead D-Bus": {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/agentcore-chat-bus"},
}


def files_under(root: Path) -> dict[str, float]:
    """Every file below ``root`` with its modification time."""
    return {
        str(path): path.stat().st_mtime
        for path in root.rglob("*")
        if path.is_file() and "keyrings" not in path.parts
    }


def login(idp: DemoIdp, env: dict[str, str], command: list[str] | None = None) -> tuple:
    """Run `login`, approve its code as Alice, and return (exit code, stdout, stderr)."""
    proc = subprocess.Popen(
        command or cli_command(idp, "login", "--no-browser"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline()]
        while lines[-1] and not lines[-1].startswith("Check that the page shows this code"):
            lines.append(proc.stdout.readline())
        lines.append(proc.stdout.readline())
        idp.approve(lines[-1].strip(), "alice")
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    return proc.returncode, "".join(lines) + out, err


@pytest.mark.parametrize("how", NO_SECRET_SERVICE)
def test_login_works_for_the_run_and_status_exits_1_with_the_same_hint(
    idp: DemoIdp, test_root: Path, how: str
) -> None:
    env = {**os.environ, **NO_SECRET_SERVICE[how]}
    before = {name: files_under(test_root / name) for name in ("config", "data", "cache", "home")}
    code, out, err = login(idp, env)
    assert code == 0, err
    assert "Signed in as Alice Example" in out
    assert SECRET_SERVICE_HINT in err, err
    status = subprocess.run(
        cli_command(idp, "status"), capture_output=True, text=True, env=env, timeout=30
    )
    assert status.returncode == 1
    assert "Not signed in." in status.stdout
    assert SECRET_SERVICE_HINT in status.stderr
    # Never a plain-text fallback: no file was written or changed anywhere of ours.
    after = {name: files_under(test_root / name) for name in before}
    assert after == before


@pytest.fixture
def private_home() -> Iterator[dict[str, str]]:
    """A home and data folder of its own, so the hint's keyring is not the tests' keyring."""
    with tempfile.TemporaryDirectory(prefix="agentcore-chat-nokeyring-") as root:
        run = Path(root, "run")
        run.mkdir(mode=0o700)
        yield {
            "HOME": root,
            "XDG_DATA_HOME": str(Path(root, "data")),
            "XDG_RUNTIME_DIR": str(run),
            **NO_SECRET_SERVICE["dead D-Bus"],
        }


def test_the_hints_commands_give_a_keyring_that_remembers(
    idp: DemoIdp, private_home: dict[str, str]
) -> None:
    env = {**os.environ, **private_home}
    # What a person types after the first command's new shell starts: the second line,
    # the password (read from the terminal; here from stdin), then login and status.
    login_cmd = " ".join(cli_command(idp, "login", "--no-browser"))
    status_cmd = " ".join(cli_command(idp, "status"))
    script = f"{UNLOCK_KEYRING} >/dev/null\n{login_cmd}\n{status_cmd}\n"
    start = START_DBUS.split()  # dbus-run-session -- bash
    command = [*start, "-c", f"exec 3<&0; {{ {script} }} <<'EOF'\nkeyring-pw\nEOF\n"]
    code, out, err = login(idp, env, command)
    assert code == 0, err
    assert "Signed in as Alice Example" in out
    assert "No Secret Service" not in err
    # status, in the same D-Bus session: the sign-in was remembered in the hint's keyring.
    assert f"at {idp.issuer}" in out.splitlines()[-1]
