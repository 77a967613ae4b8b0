"""Two profiles for two people on two gateways, one sign-in server: the profile tests' world.

``default`` (the file's top level) is Alice's, on a gateway with the people and ticket
tools; ``bob`` is Bob's, on a second gateway that also lists the diagnostics tools, so a
switch shows different tools. Bob lacks the gateway role in the demo; he is given it
through the sign-in server's public ``set_roles``, as an administrator would. Each
profile has one saved conversation of its own, and both are signed in beforehand in the
store handed in (the real keyring in the tests), each under its own profile.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from types import TracebackType

from gui.auth.store import SignInStore
from gui.config import DEFAULT_PROFILE, Profile, load_profile
from gui.demo.gateway import DemoGateway
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, REQUIRED_ROLE, DemoIdp
from gui.history.store import HistoryStore, profile_key
from gui.services import AppServices
from tests.support.auth import sign_in_as

ALICE_TITLE = "Alice's trip to Osaka"
BOB_TITLE = "Bob's budget for Q3"
BOB_ONLY_TOOL = "diagnostics___sleep"


class TwoProfiles:
    """The servers, the settings file, the history file; ``with`` starts and stops them."""

    def __init__(self) -> None:
        self.idp = DemoIdp(interval=0)
        self.folder = Path(tempfile.mkdtemp(prefix="profiles-"))
        self.config_path = self.folder / "config.toml"
        self.history_path = self.folder / "history.sqlite3"
        self.alice_gateway: DemoGateway | None = None
        self.bob_gateway: DemoGateway | None = None

    def __enter__(self) -> TwoProfiles:
        self.idp.start()
        self.idp.set_roles("bob", (REQUIRED_ROLE,))
        self.alice_gateway = DemoGateway(issuer=self.idp.issuer, audience=DEMO_AUDIENCE).start()
        self.bob_gateway = DemoGateway(
            issuer=self.idp.issuer, audience=DEMO_AUDIENCE, test_tools=True
        ).start()
        self.config_path.write_text(
            self._settings(self.alice_gateway.url)
            + "\n[profiles.bob]\n"
            + self._settings(self.bob_gateway.url),
            encoding="utf-8",
        )
        for name, title in ((DEFAULT_PROFILE, ALICE_TITLE), ("bob", BOB_TITLE)):
            history = HistoryStore(self.history_path, profile_key(self.profile(name))).open()
            history.new_conversation(title, "offline")
            history.close()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for gateway in (self.alice_gateway, self.bob_gateway):
            if gateway is not None:
                gateway.stop()
        self.idp.stop()

    def _settings(self, gateway_url: str) -> str:
        return (
            f'issuer = "{self.idp.issuer}"\nclient_id = "{DEMO_CLIENT_ID}"\n'
            f'audience = "{DEMO_AUDIENCE}"\ngateway_url = "{gateway_url}"\nmodel = "offline"\n'
        )

    def profile(self, name: str) -> Profile:
        """Profile ``name`` as the file gives it."""
        return load_profile(self.config_path, environ={}, overrides={"profile": name})

    async def sign_in_both(self, store: SignInStore) -> None:
        """Alice on ``default``, Bob on ``bob``, remembered in ``store`` as a login leaves them."""
        services = AppServices(store=store, config_path=self.config_path, poll_margin=0.02)
        for name, user in ((DEFAULT_PROFILE, "alice"), ("bob", "bob")):
            session = services.auth_session(self.profile(name))
            try:
                await sign_in_as(session, self.idp, user)
            finally:
                await session.aclose()

    async def forget(self, store: SignInStore) -> None:
        """Remove both sign-ins from ``store`` (the real keyring outlives a test)."""
        services = AppServices(store=store, config_path=self.config_path)
        for name in (DEFAULT_PROFILE, "bob"):
            profile = dataclasses.replace(Profile(issuer=self.idp.issuer), name=name)
            await services.sign_in_store(profile).delete(self.idp.issuer, DEMO_CLIENT_ID)
