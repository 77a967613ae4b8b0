"""One window per user: a second launch hands over to the first and exits.

The first instance listens on a per-user local socket (a Unix socket or a
Windows named pipe). A later one connects, says ``activate``, and quits; the
first brings its window forward. A socket left behind by a crash is removed
when nobody answers on it.

On Unix the socket lives in a folder only we can enter: ``$XDG_RUNTIME_DIR``
(0700), else ``agentcore-chat/instance`` in the user's cache folder, created
0700. A folder that is not ours or that others may enter is refused, and then
there is no single instance at all (two windows are better than one that
another local user can stop or listen to): never ``/tmp`` under a name anyone
can compute. On Linux we also ask the socket's peer who it is (SO_PEERCRED)
before we say anything to it.

Start-up asks :meth:`SingleInstance.may_be_taken` first: on Unix the socket is a
file, so "no file" means nobody is listening, and the window can paint before
QtNetwork is even loaded (about 15 ms); ``claim()`` then runs after the paint.

Loaded before the first frame: imports ``os``, ``sys``, ``stat`` and PySide6.QtCore;
QtNetwork, ``pwd``, ``socket``, ``logging`` and the hash where they are first used.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

CONNECT_TIMEOUT_MS = 500
ENV_NAME = "AGENTCORE_CHAT_INSTANCE"


APP_FOLDER = "agentcore-chat"


def default_name() -> str:
    """``agentcore-chat-<hash of user>``, or ``$AGENTCORE_CHAT_INSTANCE`` (tests)."""
    override = os.environ.get(ENV_NAME)
    if override:
        return override
    digest = _sha256(_user().encode()).hexdigest()[:12]
    return f"agentcore-chat-{digest}"


def _user() -> str:
    # What getpass.getuser() answers, without importing getpass (termios) before the paint.
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def private_folder() -> str | None:
    """A folder only this user can enter, for the socket; None when there is none (Unix).

    ``$XDG_RUNTIME_DIR`` when it is ours and 0700; else ``agentcore-chat/instance`` in
    the cache folder (``$XDG_CACHE_HOME`` or ~/.cache; ~/Library/Caches on macOS),
    created 0700 and checked the same way.
    """
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and os.path.isabs(runtime) and _is_private(runtime):
        return runtime
    if sys.platform == "darwin":
        cache = os.path.expanduser("~/Library/Caches")
    else:
        cache = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(cache):
            cache = os.path.expanduser("~/.cache")
    folder = os.path.join(cache, APP_FOLDER, "instance")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder if _is_private(folder) else None


def _is_private(folder: str) -> bool:
    """A real folder (not a link), owned by us, that nobody else may enter or write."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def _peer_is_us(descriptor: int) -> bool:
    """Whether the process at the other end of a connected Unix socket runs as us (Linux).

    Elsewhere there is no SO_PEERCRED; the private folder is the guard there.
    """
    import socket

    if not hasattr(socket, "SO_PEERCRED") or descriptor < 0:
        return True
    import struct

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM, fileno=os.dup(descriptor)) as peer:
        try:
            credentials = peer.getsockopt(
                socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")
            )
        except OSError:
            return False
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _sha256(data: bytes) -> Any:
    # The built-in SHA-256 (the same digest) loads in microseconds; hashlib loads OpenSSL.
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found,no-redef]  # 3.12+
        except ImportError:
            from hashlib import sha256
    return sha256(data)


class SingleInstance(QObject):
    """``claim()`` once at start; ``activation_requested`` when another launch knocked."""

    activation_requested = Signal()

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_name()
        self._server: QLocalServer | None = None
        self._alone = False  # no private folder: we run without a single instance
        self._address = self.name  # a named pipe on Windows; the socket file's path on Unix
        if sys.platform != "win32" and not os.path.isabs(self.name):
            folder = private_folder()
            if folder is None:
                self._alone = True
            else:
                self._address = os.path.join(folder, self.name)

    @property
    def claimed(self) -> bool:
        """True once ``claim()`` made us the first instance (or found nobody to share with)."""
        return self._server is not None or self._alone

    def socket_path(self) -> str | None:
        """The socket file on Unix (in a private folder); None on Windows or without one."""
        if sys.platform == "win32" or self._alone:
            return None
        return self._address

    def may_be_taken(self) -> bool:
        """False only when certainly nobody listens (no socket file): ``claim()`` can wait."""
        if self._alone:
            return False
        path = self.socket_path()
        return path is None or os.path.exists(path)

    def claim(self) -> bool:
        """True when we are the first instance; False after handing over to the running one."""
        if self._alone:
            import logging

            logging.getLogger(__name__).warning(
                "No private folder for the single-instance socket: "
                "another window may open alongside this one."
            )
            return True
        from PySide6.QtNetwork import QLocalServer

        if self._forward():
            return False
        QLocalServer.removeServer(self._address)  # a stale socket from a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self._address):
            # Lost a race with another launch: hand over to it instead.
            return not self._forward()
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _forward(self) -> bool:
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self._address)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        if not _peer_is_us(int(socket.socketDescriptor())):
            socket.abort()  # not ours: say nothing, and take the name over
            return False
        socket.write(b"activate\n")
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(connection.readAll)  # drain; the content is not needed
            connection.disconnected.connect(connection.deleteLater)
            self.activation_requested.emit()
