"""What the window's controllers need from the composition root: :class:`Services`.

:class:`gui.services.AppServices` is the one that is handed in (gui/ui/startup/app.py);
tests hand in a subclass. Kept apart from the window's controller so the protocol
reads on one page. May import only typing and, for types, the cores.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from gui.agent.approval import RememberedTools
    from gui.agent.model_catalog import ModelEntry
    from gui.agent.protocol import ChatSessionLike
    from gui.auth.resource_metadata import ResourceMetadata
    from gui.auth.session import AuthSession
    from gui.config import Profile, Profiles
    from gui.history.store import HistoryStore


class Services(Protocol):
    """What the window needs from the composition root (gui/ui/startup/app.py)."""

    demo: bool

    async def preload(self) -> None:
        """Import the sign-in core off the GUI thread (it takes ~200 ms)."""

    async def prepare(self, profile: Profile) -> Profile:
        """The profile to use (demo: start the local servers and use theirs)."""

    def auth_session(self, profile: Profile) -> AuthSession:
        """A new sign-in session for the profile."""

    async def chat_session(self, profile: Profile, auth: AuthSession) -> ChatSessionLike:
        """A new ChatSession (loads the chat core, which is heavy, off the GUI thread)."""

    async def history(self, profile: Profile) -> HistoryStore | None:
        """The profile's HistoryStore, or None (Keep history off); raises HistoryUnavailable."""

    def save_profile(self, profile: Profile) -> Path:
        """Write the settings file it was given (demo mode writes nothing)."""

    def remembered(self, profile: Profile) -> RememberedTools:
        """The "always allow" answers for the profile's gateway (``load``/``add``/``remove``)."""

    def profiles(self) -> Profiles:
        """Every profile of the settings file (blocking)."""

    def load_profile(self, name: str) -> Profile:
        """Profile ``name``, the environment applied (blocking); ConfigError if unusable."""

    async def discover_gateway(self, gateway_url: str, *, ca_file: str = "") -> ResourceMetadata:
        """What a gateway publishes about its sign-in (RFC 9728), checked."""

    async def list_models(
        self, profile: Profile, auth: AuthSession | None = None, *, provider: str | None = None
    ) -> list[ModelEntry]:
        """The models this person can use with the profile's provider (or ``provider``)."""

    async def aclose(self) -> None:
        """Stop what ``prepare`` started."""
