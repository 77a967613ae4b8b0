"""The embedded local stack for ``--demo`` and the tests: sign-in server and gateway.

Owns starting both on loopback in order (the gateway needs the provider's issuer URL) and
describing them as a ``Profile``. May import: ``gui.config``, ``gui.demo.idp``,
``gui.demo.gateway``, ``gui.demo.runner``, ``gui.demo.tls``. No Qt.
"""

from __future__ import annotations

from typing import Self

from gui.config import Profile
from gui.demo.gateway import DemoGateway
from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp
from gui.demo.runner import StartStop
from gui.demo.tls import ServerCert


class DemoStack(StartStop):
    """Starts the demo servers on loopback and describes them as a Profile."""

    def __init__(
        self,
        *,
        idp: DemoIdp | None = None,
        test_tools: bool = False,
        tls: ServerCert | None = None,
        ca_file: str | None = None,
        latency: float = 0.0,
        catalogue: int = 0,
    ) -> None:
        """``tls``: serve both over https with that certificate, signed by ``ca_file``'s CA.

        ``latency``: seconds the gateway waits before each request (benchmarks).
        ``catalogue``: that many generated read-only tools more on the gateway, with
        AgentCore's search tool (a big company gateway: see gui/demo/gateway/catalogue.py).
        """
        self.idp = idp or DemoIdp(tls=tls)
        self.gateway: DemoGateway | None = None
        self._test_tools = test_tools
        self._tls = tls
        self._ca_file = ca_file
        self._latency = latency
        self._catalogue = catalogue
        self.profile = Profile()

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self.gateway is not None and self.gateway.running

    def start(self) -> Self:
        """Start the servers (ephemeral ports) and build the profile."""
        self.idp.start()
        self.gateway = DemoGateway(
            issuer=self.idp.issuer,
            audience=DEMO_AUDIENCE,
            test_tools=self._test_tools,
            tls=self._tls,
            ca_file=self._ca_file,
            latency=self._latency,
            catalogue=self._catalogue,
        ).start()
        # The provider issues tokens for the gateway as an RFC 8707 resource too (and says
        # so in discovery), so the app names it, beside Auth0's audience.
        self.idp.protect_resource(self.gateway.url)
        self.profile = Profile(
            issuer=self.idp.issuer,
            client_id=DEMO_CLIENT_ID,
            audience=DEMO_AUDIENCE,
            gateway_url=self.gateway.url,
            model="offline",
        )
        return self

    def stop(self) -> None:
        """Stop the servers."""
        if self.gateway is not None:
            self.gateway.stop()
        self.idp.stop()
