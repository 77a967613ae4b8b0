"""The single-instance socket: only in a folder that is ours alone, and only talking to us."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from gui.ui.startup import single_instance
from gui.ui.startup.single_instance import SingleInstance

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a named pipe on Windows")


def _name() -> str:
    return f"agentcore-chat-test-{uuid.uuid4().hex[:8]}"


def _private(folder: Path) -> bool:
    info = folder.lstat()
    return info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) == 0o700


def test_a_squatted_socket_in_tmp_does_not_stop_the_window() -> None:
    # Another local user binds the name the app used to compute in /tmp before we start.
    name = _name()
    old_path = os.path.join(os.path.normpath(os.environ.get("TMPDIR") or "/tmp"), name)
    squatter = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        squatter.bind(old_path)
        squatter.listen(5)
        squatter.setblocking(False)
        env = {**os.environ, "AGENTCORE_CHAT_INSTANCE": name}
        done = subprocess.run(
            [sys.executable, "-m", "gui.ui.startup.app", "--smoke-test"],
            env=env, capture_output=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr.decode()
        assert b"already running" not in done.stdout
        assert b"first paint" in done.stdout
        with pytest.raises(BlockingIOError):
            squatter.accept()  # nobody knocked: our activation message stays ours
    finally:
        squatter.close()
        Path(old_path).unlink(missing_ok=True)


def test_the_socket_lives_in_the_private_runtime_folder() -> None:
    path = Path(SingleInstance(_name()).socket_path() or "")
    assert path.parent == Path(os.environ["XDG_RUNTIME_DIR"])
    assert _private(path.parent)


def test_a_runtime_folder_others_may_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = Path(SingleInstance(_name()).socket_path() or "")
    assert path.parent == tmp_path / "cache" / "agentcore-chat" / "instance"
    assert _private(path.parent)  # created 0700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_a_runtime_folder_of_another_user_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, -1)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(theirs))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = Path(SingleInstance(_name()).socket_path() or "")
    assert theirs not in path.parents
    assert _private(path.parent)


def test_without_a_private_folder_there_is_no_single_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    loose = tmp_path / "agentcore-chat" / "instance"
    loose.mkdir(parents=True)
    loose.chmod(0o755)  # someone else could have put a socket in it
    name = _name()
    instance = SingleInstance(name)
    assert instance.socket_path() is None
    assert not instance.may_be_taken()
    assert instance.claim()  # we run, alone
    assert instance.claimed
    instance.release()
    assert not (loose / name).exists()
    assert not Path(os.environ.get("TMPDIR") or "/tmp", name).exists()


def test_a_peer_running_as_someone_else_is_not_spoken_to(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, theirs = socket.socketpair(socket.AF_UNIX)
    with ours, theirs:
        assert single_instance._peer_is_us(ours.fileno())
        if hasattr(socket, "SO_PEERCRED"):
            someone_else = os.getuid() + 1
            monkeypatch.setattr(single_instance.os, "getuid", lambda: someone_else)
            assert not single_instance._peer_is_us(ours.fileno())
