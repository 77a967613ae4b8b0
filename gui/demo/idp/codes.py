"""The demo provider's authorization code grant with PKCE, for the app's browser sign-in.

A browser sign-in's life (RFC 6749 §4.1, RFC 7636, RFC 8252, RFC 9207)::

    GET /authorize ─► checked (client, loopback redirect, S256 challenge) ─► pending request
                   └─► the sign-in + consent page (pick Alice or Bob, Allow or Deny)
    POST /authorize ─► deny                 ─► redirect: error=access_denied
                    ─► allow, role missing  ─► redirect: error=access_denied (the Action's text)
                    ─► allow                ─► redirect: code (one use, 60 s), state, iss
    POST /oauth/token grant_type=authorization_code
                    ─► code, client, redirect_uri and SHA-256(verifier) must match ─► tokens

As RFC 6749 §4.1.2.1 says, a bad ``client_id`` or ``redirect_uri`` is shown on a page and
never redirected to; every other problem goes back to the app as ``error=...`` with the
``state`` and ``iss``. The redirect must be a loopback ``http://<127.0.0.1|[::1]|localhost>:
<any port>/callback`` (the registered native-app callback, any port, RFC 8252 §7.3). Only
``S256`` is accepted: ``plain`` and a missing challenge are refused.

Invariants: codes and verifiers are kept as SHA-256 digests only, a code works once, and
one lock guards the pending requests and codes (the server's loop and tests both call in).

May import: ``gui.demo.idp.state`` (tokens, users, roles), ``gui.untrusted``. No HTTP, no Qt.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from gui.demo.idp.state import DENIAL_MESSAGE, IdpState, OAuthError, asked_scope, digest, require
from gui.untrusted import is_loopback_host

logger = logging.getLogger(__name__)

AUTHORIZATION_CODE_GRANT = "authorization_code"
CALLBACK_PATH = "/callback"
CODE_TTL = 60.0  # seconds a code may wait for its exchange
REQUEST_TTL = 600.0  # seconds the sign-in page stays usable
USER_DENIED = "User did not authorize the request"  # Auth0's text for a consent denied
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")  # RFC 7636 §4.1


class PageError(Exception):
    """A request that must not be redirected (unknown client, bad redirect): a page says it."""


@dataclass
class AuthRequest:
    """One pending ``/authorize`` request, waiting for the person's answer."""

    client_id: str
    redirect_uri: str
    scope: str
    state: str
    challenge: str
    audience: str
    resource: str
    expires_at: float


@dataclass
class _Code:
    request: AuthRequest
    username: str
    expires_at: float


@dataclass(frozen=True)
class Redirect:
    """Where the browser goes next: the app's loopback callback with the answer."""

    location: str


def s256(verifier: str) -> str:
    """``BASE64URL(SHA256(verifier))`` without padding."""
    raw = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def is_loopback_callback(uri: str) -> bool:
    """The native app's registered callback: loopback http, any port, path ``/callback``."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return False
    return (
        parts.scheme == "http"
        and is_loopback_host(parts.hostname)
        and port is not None
        and parts.path == CALLBACK_PATH
        and not parts.query
        and not parts.fragment
        and not parts.username
    )


class AuthorizationCodes:
    """Pending ``/authorize`` requests and the codes they led to; thread-safe."""

    def __init__(
        self, state: IdpState, issuer: Callable[[], str], clock: Callable[[], float]
    ) -> None:
        self._state = state
        self._issuer = issuer
        self._clock = clock
        self._lock = threading.Lock()
        self._requests: dict[str, AuthRequest] = {}
        self._codes: dict[str, _Code] = {}

    # -- /authorize ------------------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[str, AuthRequest] | Redirect:
        """``GET /authorize``: a pending request (its id, for the page) or an error redirect.

        Raises PageError when the client or the redirect cannot be trusted.
        """
        if query.get("client_id") != self._state.client_id:
            raise PageError("Unknown application (client_id).")
        redirect_uri = query.get("redirect_uri", "")
        if not is_loopback_callback(redirect_uri):
            raise PageError("This redirect address is not registered for the application.")
        state = query.get("state", "")

        def refuse(error: str, description: str) -> Redirect:
            return self._redirect(redirect_uri, state, error=error, error_description=description)

        if query.get("response_type") != "code":
            return refuse("unsupported_response_type", "Only response_type=code is supported.")
        method = query.get("code_challenge_method", "")
        challenge = query.get("code_challenge", "")
        if method != "S256" or not challenge:
            why = "plain is not accepted" if method == "plain" else "code_challenge is missing"
            return refuse("invalid_request", f"PKCE with S256 is required ({why}).")
        audience = query.get("audience") or self._state.audience
        if audience != self._state.audience:
            return refuse("access_denied", f"Service not found: {audience}")
        resource = query.get("resource", "")
        if resource and not self._state.knows_resource(resource):
            return refuse("invalid_target", "Unknown resource.")
        request = AuthRequest(
            client_id=self._state.client_id,
            redirect_uri=redirect_uri,
            scope=asked_scope(query),
            state=state,
            challenge=challenge,
            audience=audience,
            resource=resource,
            expires_at=self._clock() + REQUEST_TTL,
        )
        request_id = secrets.token_urlsafe(24)
        with self._lock:
            self._prune()
            self._requests[request_id] = request
        logger.info("browser sign-in started (scope %s)", request.scope)
        return request_id, request

    def decide(self, request_id: str, username: str | None, *, approve: bool) -> Redirect:
        """``POST /authorize``: the person's answer, as a redirect back to the app.

        Raises PageError for an unknown or expired request, or an unknown user.
        """
        with self._lock:
            request = self._requests.get(request_id)
            if request is None or self._clock() >= request.expires_at:
                raise PageError("This sign-in request has expired. Start again in the app.")
            if approve and username not in self._state.users:
                raise PageError("Choose a user to sign in as.")
            del self._requests[request_id]
        if not approve:
            logger.info("browser sign-in denied on the consent page")
            return self._answer(request, error="access_denied", error_description=USER_DENIED)
        assert username is not None
        if not self._state.holds_role(username):
            # An Auth0 post-login Action's api.access.deny() reaches the app this way.
            logger.info("browser sign-in of %s denied: missing the required role", username)
            return self._answer(request, error="access_denied", error_description=DENIAL_MESSAGE)
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes[digest(code)] = _Code(request, username, self._clock() + CODE_TTL)
        logger.info("browser sign-in approved by %s", username)
        return self._answer(request, code=code)

    # -- /oauth/token ----------------------------------------------------------------------

    def exchange(self, form: dict[str, str]) -> dict[str, Any]:
        """``grant_type=authorization_code``: the code, its redirect and verifier checked."""
        require(form, "code", "client_id", "redirect_uri", "code_verifier")
        with self._lock:
            # Popped at once: a code is spent by its first use, right or wrong.
            entry = self._codes.pop(digest(form["code"]), None)
        self._state.check_client(form)
        if entry is None or self._clock() >= entry.expires_at:
            raise OAuthError(403, "invalid_grant", "Invalid authorization code")
        request = entry.request
        if form["redirect_uri"] != request.redirect_uri:
            raise OAuthError(403, "invalid_grant", "redirect_uri does not match the request.")
        verifier = form["code_verifier"]
        if not _VERIFIER.match(verifier) or not secrets.compare_digest(
            s256(verifier), request.challenge
        ):
            raise OAuthError(403, "invalid_grant", "Failed to verify code verifier")
        resource = form.get("resource", "")
        if resource and resource != request.resource:
            raise OAuthError(400, "invalid_target", "The resource differs from the request's.")
        payload = self._state.tokens_for(
            entry.username,
            scope=request.scope,
            audience=request.audience,
            resource=request.resource,
        )
        logger.info("tokens issued to %s (authorization code grant)", entry.username)
        return payload

    # -- internals -------------------------------------------------------------------------

    def _answer(self, request: AuthRequest, **params: str) -> Redirect:
        return self._redirect(request.redirect_uri, request.state, **params)

    def _redirect(self, redirect_uri: str, state: str, **params: str) -> Redirect:
        answer = dict(params)
        if state:
            answer["state"] = state
        answer["iss"] = self._issuer()  # RFC 9207
        return Redirect(f"{redirect_uri}?{urlencode(answer)}")

    def _prune(self) -> None:
        """Forget expired requests and codes (lock held)."""
        now = self._clock()
        for key in [k for k, r in self._requests.items() if now >= r.expires_at]:
            del self._requests[key]
        for key in [k for k, c in self._codes.items() if now >= c.expires_at]:
            del self._codes[key]
