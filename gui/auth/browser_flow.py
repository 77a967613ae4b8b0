"""Sign-in through this computer's browser: authorization code + PKCE, loopback redirect.

The way native apps sign in (RFC 8252), and the one left where a tenant blocks the
device code::

    start()  ─► LoopbackListener on 127.0.0.1 (gui.auth.loopback)
             ─► the authorization URL: response_type=code, redirect_uri, scope, state,
                code_challenge (PKCE S256, RFC 7636), audience (Auth0), resource (RFC 8707,
                only when the provider advertises it)
    (the caller opens ``url`` in the browser; the person signs in and consents)
    wait()   ─► the redirect to /callback, judged in this order:
                  state       must be ours (constant-time compare), else refused
                  iss         RFC 9207: must be the issuer when present, and present when
                              the provider says it always sends it (mix-up defence)
                  error       access_denied → AccessDenied (the provider's one line)
                  code        else ProtocolError
             ─► the browser gets a small page ("You can close this tab")
             ─► POST token_endpoint: grant_type=authorization_code, code, redirect_uri,
                client_id, code_verifier (+ resource) ─► TokenResponse

Invariants: the state, the verifier and the code are never logged, shown or kept past
the exchange; the listener is closed on every way out of :meth:`BrowserSignIn.wait`
(success, error, timeout, cancel); a browser that never comes back ends in
:class:`~gui.errors.BrowserSignInTimedOut` after ``within`` seconds (default
:data:`DEFAULT_TIMEOUT`). The tokens are checked and stored by the caller
(:meth:`gui.auth.session.AuthSession.wait_for_browser`) exactly as the device flow's.

May import ``gui.auth.http``, ``gui.auth.oidc``, ``gui.auth.device_flow`` (the token
answer), ``gui.auth.loopback``, ``gui.errors``, ``gui.untrusted``. No Qt.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from gui.auth import device_flow
from gui.auth.device_flow import TokenResponse
from gui.auth.http import HttpClient
from gui.auth.loopback import LoopbackListener, Page
from gui.auth.oidc import ProviderMetadata, SignInRequest
from gui.errors import (
    AccessDenied,
    AuthError,
    BrowserSignInTimedOut,
    ConfigError,
    ProtocolError,
)
from gui.untrusted import MAX_DETAIL, one_line

log = logging.getLogger(__name__)

AUTHORIZATION_CODE_GRANT = "authorization_code"
DEFAULT_TIMEOUT = 300.0  # seconds the browser has to come back
PORT_ENV = "AGENTCORE_REDIRECT_PORT"  # a fixed port, for providers that want one registered


@dataclass(frozen=True)
class Pkce:
    """RFC 7636 proof key: the verifier stays here, the S256 challenge goes to the browser."""

    verifier: str = field(repr=False)
    challenge: str
    method: str = "S256"

    @classmethod
    def new(cls) -> Pkce:
        """A fresh verifier (86 unreserved characters, 512 bits) and its S256 challenge."""
        verifier = secrets.token_urlsafe(64)
        return cls(verifier=verifier, challenge=s256(verifier))


def s256(verifier: str) -> str:
    """``BASE64URL(SHA256(verifier))`` without padding (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def fixed_port(environ: Mapping[str, str] | None = None) -> int:
    """The port set in ``AGENTCORE_REDIRECT_PORT`` (0: none, any free port will do)."""
    raw = (os.environ if environ is None else environ).get(PORT_ENV, "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or not 1024 <= int(raw) <= 65535:
        raise ConfigError(PORT_ENV, f"{raw!r} is not a port number from 1024 to 65535")
    return int(raw)


@dataclass(frozen=True)
class _Code:
    """A judged callback: the code to exchange (kept out of repr)."""

    value: str = field(repr=False)


class BrowserSignIn:
    """One browser sign-in: :meth:`start` (listen, build the URL), :meth:`wait`, once."""

    def __init__(
        self,
        http: HttpClient,
        metadata: ProviderMetadata,
        request: SignInRequest,
        *,
        port: int = 0,
        fixed: bool = False,
        within: float = DEFAULT_TIMEOUT,
    ) -> None:
        if not metadata.offers_browser_flow:
            raise AuthError(
                "This provider does not offer a browser sign-in with PKCE (S256); "
                "use the sign-in with a code."
            )
        self._http = http
        self._metadata = metadata
        self._request = request
        self._port = port
        self._fixed = fixed
        #: Seconds the browser has to come back.
        self.within = within
        self._pkce = Pkce.new()
        self._state = secrets.token_urlsafe(32)
        self._listener: LoopbackListener[_Code] = LoopbackListener(self._judge)
        self.url = ""

    @property
    def redirect_uri(self) -> str:
        """Where the provider sends the browser back (known after :meth:`start`)."""
        return self._listener.redirect_uri

    async def start(self) -> BrowserSignIn:
        """Listen on the loopback port; then :attr:`url` is what to open in the browser."""
        await self._listener.bind(self._port, fixed=self._fixed)
        query = {
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "state": self._state,
            "code_challenge": self._pkce.challenge,
            "code_challenge_method": self._pkce.method,
            **self._request.params(),
        }
        endpoint = self._metadata.authorization_endpoint
        assert endpoint is not None  # offers_browser_flow
        self.url = endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)
        log.info("Browser sign-in waiting on %s", self.redirect_uri)
        return self

    async def wait(self) -> TokenResponse:
        """The browser's answer, then the code exchanged for tokens; closes the listener."""
        try:
            try:
                async with asyncio.timeout(self.within):
                    code = await self._listener.result()
            except TimeoutError:
                raise BrowserSignInTimedOut(self.within) from None
            finally:
                await self._listener.aclose()
            return await self._exchange(code)
        except asyncio.CancelledError:
            log.info("Browser sign-in cancelled")
            raise

    async def aclose(self) -> None:
        """Stop listening (the sign-in is abandoned); safe to call again."""
        await self._listener.aclose()

    # -- the callback ---------------------------------------------------------------------

    def _judge(self, params: dict[str, str]) -> tuple[Page, _Code | BaseException]:
        """Read the redirect's query: the page the browser gets and what ``wait`` returns."""
        state = params.get("state", "")
        if not secrets.compare_digest(state.encode(), self._state.encode()):
            return _refused(
                "This answer does not belong to the sign-in AgentCore Chat started.",
                AuthError(
                    "The browser's answer did not belong to this sign-in (its state did not "
                    "match), so it was refused. Start the sign-in again."
                ),
            )
        iss = params.get("iss")
        expected = self._metadata.issuer
        if iss is not None and iss.rstrip("/") != expected.rstrip("/"):
            return _refused(
                "This answer came from another sign-in server.",
                AuthError(
                    f"The browser's answer came from {one_line(iss, MAX_DETAIL)!r}, not from "
                    f"{expected!r}, so it was refused. Start the sign-in again."
                ),
            )
        if iss is None and self._metadata.iss_parameter_supported:
            return _refused(
                "This answer does not say which sign-in server sent it.",
                AuthError(
                    "The browser's answer did not name the sign-in server (no 'iss', which "
                    "this provider always sends), so it was refused. Start the sign-in again."
                ),
            )
        error = params.get("error")
        if error is not None:
            description = one_line(params.get("error_description"), MAX_DETAIL) or None
            if error == "access_denied":
                denied = AccessDenied(description)
                return _refused(f"Access denied: {denied.reason}", denied)
            reason = description or one_line(error, MAX_DETAIL)
            return _refused(
                f"The sign-in did not finish: {reason}",
                AuthError(f"The provider refused the sign-in: {reason}"),
            )
        code = params.get("code")
        if not code:
            return _refused(
                "The answer carried no sign-in code.",
                ProtocolError("The provider sent the browser back without a sign-in code."),
            )
        page = Page(200, "Signed in", "AgentCore Chat has your sign-in.")
        return page, _Code(code)

    async def _exchange(self, code: _Code) -> TokenResponse:
        form = {
            "grant_type": AUTHORIZATION_CODE_GRANT,
            "code": code.value,
            "redirect_uri": self.redirect_uri,
            "client_id": self._request.client_id,
            "code_verifier": self._pkce.verifier,
        }
        if self._request.resource:
            form["resource"] = self._request.resource
        response = await self._http.post_form(self._metadata.token_endpoint, form)
        error, description = device_flow.error_of(response)
        if response.status == 200 and error is None:
            return device_flow.token_response(response.require_json())
        if error == "access_denied":
            raise AccessDenied(one_line(description, MAX_DETAIL) or None)
        if error is not None and not response.is_transient:
            reason = one_line(description or error, MAX_DETAIL)
            raise AuthError(f"The provider did not accept the sign-in: {reason}")
        if response.is_transient:
            raise response.transient_error()
        raise ProtocolError(
            f"{response.host} answered the sign-in code with HTTP {response.status}."
        )


def _refused(message: str, error: BaseException) -> tuple[Page, BaseException]:
    """A page saying the sign-in did not finish, and the error ``wait`` raises."""
    return Page(400, "Sign-in did not finish", message), error
