"""The embedded local stack for ``--demo`` and the tests: sign-in server (+ gateway)."""

from __future__ import annotations

from types import TracebackType

from gui.config import Profile
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp


class DemoStack:
    """Starts the demo servers on loopback and describes them as a Profile."""

    def __init__(self, *, idp: DemoIdp | None = None) -> None:
        self.idp = idp or DemoIdp()
        self.profile = Profile()

    def start(self) -> DemoStack:
        """Start the servers (ephemeral ports) and build the profile."""
        self.idp.start()
        self.profile = Profile(
            issuer=self.idp.issuer,
            client_id=DEMO_CLIENT_ID,
            audience=DEMO_AUDIENCE,
            model="offline",
        )
        return self

    def stop(self) -> None:
        """Stop the servers."""
        self.idp.stop()

    def __enter__(self) -> DemoStack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
