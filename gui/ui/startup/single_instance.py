"""One window per user: a second launch hands over to the first and exits.

The first instance listens on a per-user local socket (a Unix socket or a
Windows named pipe). A later one connects, says ``activate``, and quits; the
first brings its window forward. A socket left behind by a crash is removed
when nobody answers on it.

Start-up asks :meth:`SingleInstance.may_be_taken` first: on Unix the socket is a
file, so "no file" means nobody is listening, and the window can paint before
QtNetwork is even loaded (about 15 ms); ``claim()`` then runs after the paint.

Loaded before the first frame: imports ``os``, ``sys`` and PySide6.QtCore;
QtNetwork, ``pwd`` and the hash where they are first used.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

CONNECT_TIMEOUT_MS = 500
ENV_NAME = "AGENTCORE_CHAT_INSTANCE"


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

    @property
    def claimed(self) -> bool:
        """True once ``claim()`` made us the first instance."""
        return self._server is not None

    def socket_path(self) -> str | None:
        """Where QLocalServer puts the socket on Unix (``$TMPDIR`` or /tmp); None elsewhere."""
        if sys.platform == "win32":
            return None  # a named pipe, not a file
        if os.path.isabs(self.name):
            return self.name
        folder = os.path.normpath(os.environ.get("TMPDIR") or "/tmp")
        return os.path.join(folder, self.name)

    def may_be_taken(self) -> bool:
        """False only when certainly nobody listens (no socket file): ``claim()`` can wait."""
        path = self.socket_path()
        return path is None or os.path.exists(path)

    def claim(self) -> bool:
        """True when we are the first instance; False after handing over to the running one."""
        from PySide6.QtNetwork import QLocalServer

        if self._forward():
            return False
        QLocalServer.removeServer(self.name)  # a stale socket from a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
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
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
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
