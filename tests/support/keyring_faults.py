"""The real keyring with writes that fail on cue: a flaky save the real one cannot be made to do.

A locked keyring (``tests.support.secret_service.locked_keyring``) fails reads and
writes alike; a keyring that reads but refuses one write (a full disk, a D-Bus
hiccup) cannot be produced on cue, so this wrapper refuses the writes a test asks
it to and passes everything else to the real Secret Service backend.
"""

from __future__ import annotations

import keyring.backend
import keyring.errors
from keyring.backend import KeyringBackend


class FailingWrites(KeyringBackend):
    """Delegates to ``real``; ``fail(n)`` refuses the next ``n`` writes (``None``: all of them)."""

    @keyring.backend.properties.classproperty
    def priority(cls) -> float:
        # Not viable: keyring registers every subclass as a candidate backend.
        raise RuntimeError("test double, installed by hand")

    def __init__(self, real: KeyringBackend) -> None:
        super().__init__()
        self.real = real
        self._left: int | None = 0
        self.refused = 0

    def fail(self, count: int | None = 1) -> None:
        """Refuse the next ``count`` writes; every one from now on with ``None``."""
        self._left = count

    def heal(self) -> None:
        """Let writes through again."""
        self._left = 0

    def get_password(self, service: str, username: str) -> str | None:
        return self.real.get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if self._left is None or self._left > 0:
            if self._left is not None:
                self._left -= 1
            self.refused += 1
            raise keyring.errors.PasswordSetError("refused by the test")
        self.real.set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self.real.delete_password(service, username)
