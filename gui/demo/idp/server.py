"""``DemoIdp``: the demo provider as one object a test or the app starts, drives and stops.

It puts the pieces together and is the only public face of them::

    DemoIdp ─► IdpState (gui.demo.idp.state)      users, tokens, refresh families
            ─► DeviceCodes (gui.demo.idp.device)  the device flow's codes
            ─► AuthorizationCodes (gui.demo.idp.codes)   the browser sign-in's codes
            ─► FaultBook (gui.demo.idp.faults)    what the tests inject
            ─► FaultDoor ─► build_app(...)        the HTTP side (gui.demo.idp.app)
            ─► ServerThread (gui.demo.runner)     uvicorn on a loopback port, in a thread

Invariants: it binds only to loopback (it hands tokens to anyone who asks); it is started
once (a second instance, not a restart, gives a fresh key and state); the issuer URL is
known from ``start()`` on.

May import: ``gui.demo.runner``, ``gui.demo.tls``, ``gui.untrusted`` and the modules of
this package. No Qt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Self

from gui.demo.idp.app import build_app
from gui.demo.idp.codes import AuthorizationCodes
from gui.demo.idp.device import DeviceCodes
from gui.demo.idp.faults import Fault, FaultBook, FaultDoor
from gui.demo.idp.state import DEMO_AUDIENCE, DEMO_CLIENT_ID, IdpState
from gui.demo.runner import ServerThread, StartStop
from gui.demo.tls import ServerCert
from gui.untrusted import is_loopback_host

logger = logging.getLogger(__name__)


class DemoIdp(StartStop):
    """A loopback OAuth 2.0 / OIDC provider with the device grant, for the demo and the tests."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        client_id: str = DEMO_CLIENT_ID,
        audience: str = DEMO_AUDIENCE,
        access_token_ttl: int = 3600,
        refresh_token_ttl: int = 30 * 24 * 3600,
        device_code_ttl: int = 600,
        interval: int = 5,
        rotate_refresh_tokens: bool = True,
        clock: Callable[[], float] = time.time,
        tls: ServerCert | None = None,
    ) -> None:
        """Configure the provider and generate its signing key; ``start()`` binds the socket.

        ``clock`` times device-code and refresh-token expiry and the polling interval;
        tests pass a fake one to step over intervals instead of sleeping through them.
        Token claims (``iat``, ``exp``) keep the real time: clients check them with theirs.
        With ``tls`` it serves https (its issuer URL says so) with that certificate.

        Raises ``ValueError`` for a host that is not loopback (127.0.0.0/8, ::1, localhost):
        the demo provider hands out tokens to anyone who asks and must not be reachable
        from the network.
        """
        if not is_loopback_host(host):
            raise ValueError(
                f"DemoIdp only binds to loopback addresses (127.0.0.0/8, ::1, localhost); "
                f"refusing host {host!r}"
            )
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        if min(access_token_ttl, refresh_token_ttl, device_code_ttl) <= 0:
            raise ValueError("token and device code lifetimes must be positive")
        if interval < 0:
            raise ValueError("interval must not be negative")
        self._host = host
        # "localhost" may resolve to ::1 first on some systems; bind the IPv4 loopback.
        self._bind_host = "127.0.0.1" if host.lower() == "localhost" else host
        self._requested_port = port
        self._tls = tls
        self._state = IdpState(
            issuer=lambda: self.issuer,
            client_id=client_id,
            audience=audience,
            access_token_ttl=access_token_ttl,
            refresh_token_ttl=refresh_token_ttl,
            rotate_refresh_tokens=rotate_refresh_tokens,
            clock=clock,
        )
        self._devices = DeviceCodes(
            self._state,
            lambda: self.issuer,
            clock,
            device_code_ttl=device_code_ttl,
            interval=interval,
        )
        self._codes = AuthorizationCodes(self._state, lambda: self.issuer, clock)
        self._faults = FaultBook()
        self._runner = ServerThread("demo-idp", tls=tls)
        self._bound_port: int | None = None
        self._stopped = False

    # ------------------------------------------------------------- life cycle

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._runner.running

    def start(self) -> Self:
        """Bind (port 0 = an ephemeral port), serve in a daemon thread, and return ``self``."""
        if self._runner.running:
            raise RuntimeError("DemoIdp is already running")
        if self._stopped:
            raise RuntimeError("DemoIdp cannot be restarted; create a new one")
        door = FaultDoor(
            build_app(self._state, lambda: self.issuer, self._devices, self._codes), self._faults
        )
        self._bound_port = self._runner.start(
            door, self._bind_host, self._requested_port, on_stopping=door.stopping
        )
        logger.info("demo identity provider listening on %s", self.issuer)
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket; calling it again does nothing."""
        if not self._runner.running:
            return
        self._stopped = True
        self._runner.stop()
        logger.info("demo identity provider stopped")

    @property
    def port(self) -> int:
        """The bound TCP port (only known once started)."""
        if self._bound_port is None:
            raise RuntimeError("DemoIdp is not started yet")
        return self._bound_port

    @property
    def issuer(self) -> str:
        """The issuer URL, with a trailing slash like Auth0's: ``http://127.0.0.1:<port>/``."""
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{host}:{self.port}/"

    # ---------------------------------------------------------- test controls

    def protect_resource(self, resource: str) -> None:
        """Issue tokens for ``resource`` too (a gateway URL): advertised in discovery as an
        RFC 9728 ``protected_resources`` entry and accepted as RFC 8707 ``resource``."""
        if resource not in self._state.protected_resources:
            self._state.protected_resources.append(resource)

    def set_roles(self, username: str, roles: tuple[str, ...]) -> None:
        """Replace a demo user's roles; the next exchange or refresh sees the change."""
        self._state.set_roles(username, roles)

    def approve(self, user_code: str, username: str) -> None:
        """Approve a device code as ``username``, like the page's Approve button.

        Raises ``ValueError`` for an unknown, expired or already used code or an unknown user.
        """
        error = self._devices.decide(user_code, username, approve=True)
        if error is not None:
            raise ValueError(error)

    def deny(self, user_code: str) -> None:
        """Deny a device code, like the page's Deny button (``ValueError`` as for approve)."""
        error = self._devices.decide(user_code, None, approve=False)
        if error is not None:
            raise ValueError(error)

    def mint_access_token(
        self,
        *,
        sub: str = "demo|alice",
        scope: str = "openid invoke:mcp",
        ttl: int = 3600,
        audience: str | None = None,
        extra_claims: dict[str, Any] | None = None,
    ) -> str:
        """Sign an access token as the token endpoint would (a negative ``ttl`` gives an
        expired one); ``extra_claims`` are added last and may override any claim."""
        claims = self._state.access_claims(
            sub=sub,
            scope=scope,
            audience=audience if audience is not None else self._state.audience,
            ttl=ttl,
        )
        claims.update(extra_claims or {})
        return self._state.key.sign(claims)

    def inject_fault(
        self,
        path: str,
        *,
        status: int | None = None,
        body: bytes | None = None,
        content_type: str = "application/json",
        delay: float = 0.0,
        count: int = 1,
        close_connection: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Make the next ``count`` requests to ``path`` (any method, query ignored) misbehave.

        ``delay`` waits that many seconds first. Then ``close_connection`` drops the socket
        without answering; otherwise ``status`` answers with ``body`` (a JSON ``server_error``
        when no body is given) and ``headers`` (e.g. a redirect's ``Location``). With
        neither, the real answer follows the delay. Faults queued for the same path apply
        one after another.
        """
        extra = tuple((headers or {}).items())
        fault = Fault(status, body, content_type, delay, count, close_connection, extra)
        self._faults.inject(path, fault)

    def clear_faults(self) -> None:
        """Forget every injected fault that has not fired yet."""
        self._faults.clear()

    def pending_faults(self, path: str) -> int:
        """How many requests to ``path`` the injected faults will still answer."""
        return self._faults.pending(path)

    def revocation_count(self) -> int:
        """How many RFC 7009 revocation requests actually revoked a live token family."""
        return self._state.revocation_count()

    def reuse_count(self) -> int:
        """How many refreshes presented a rotated-out token (each revoked its family)."""
        return self._state.reuse_count()

    def is_refresh_token_active(self, token: str) -> bool:
        """Whether ``token`` would be accepted by a refresh now (ignoring the role check)."""
        return self._state.is_refresh_token_active(token)
