"""An embedded OAuth 2.0 / OpenID Connect authorization server for the demo mode and the tests.

It speaks the parts of the protocols the app uses, the way Auth0 speaks them:

- OIDC discovery and a JWKS with one fresh RS256 key per instance;
- the RFC 8628 device authorization grant, including Auth0's quirks (a pending poll is
  answered with HTTP 403, a post-login Action's denial with HTTP 500);
- refresh tokens with rotation and reuse detection (reusing a rotated-out token revokes the
  whole family), and a role check on every refresh, like an Auth0 Action;
- RFC 7009 revocation and a small userinfo endpoint;
- a self-contained ``/activate`` page where a person picks a demo user and approves or
  denies the request.

Tests can also approve or deny without HTTP, change a user's roles, mint access tokens and
inject faults (canned errors, delays, dropped connections) on any path.

It is a real HTTP server (``http.server.ThreadingHTTPServer`` in a daemon thread) and only
ever binds to loopback. Token values, device codes and refresh tokens are never logged and
never kept in plain form: the server stores SHA-256 digests of them.

Run it stand-alone with ``python -m gui.demo.idp [--host 127.0.0.1] [--port N]``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import html
import ipaddress
import json
import logging
import re
import secrets
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

if TYPE_CHECKING:
    from gui.demo.tls import ServerCert

logger = logging.getLogger(__name__)

DEMO_CLIENT_ID = "agentcore-chat-demo"
DEMO_AUDIENCE = "urn:agentcore-chat:demo-gateway"
REQUIRED_ROLE = "agentcore-gateway-invoke"  # the role that grants gateway access
DENIAL_MESSAGE = "missing required role for this application"


@dataclass(frozen=True)
class DemoUser:
    """A user the demo sign-in page offers; ``roles`` are the roles they start with."""

    username: str
    name: str
    email: str
    roles: tuple[str, ...]


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("alice", "Alice Example", "alice@example.com", (REQUIRED_ROLE,)),
    DemoUser("bob", "Bob Example", "bob@example.com", ()),
)

_DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
_REFRESH_TOKEN_GRANT = "refresh_token"
_INVOKE_PERMISSION = "invoke:mcp"
_DEFAULT_SCOPE = "openid profile email"
_SCOPES_SUPPORTED = ("openid", "profile", "email", "offline_access", _INVOKE_PERMISSION)
# Letters only, no vowels and no look-alikes, as RFC 8628 section 6.1 suggests.
_USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
_SLOW_DOWN_STEP = 5  # seconds added to a device code's interval on every slow_down (RFC 8628)
# A poll may arrive this much earlier than the interval and still count as on time: the
# client's sleep and the server's clock read are not taken at the same instant. 0.2 s early
# is still too fast.
_POLL_JITTER = 0.1
_MAX_BODY = 64 * 1024
_PRUNE_AFTER = 3600.0  # forget expired device codes this long after they expired
_SERVE_POLL_INTERVAL = 0.05  # how quickly serve_forever notices stop()
_UNKNOWN_REFRESH = "Unknown or invalid refresh token."
_PAGE_TITLE = "AgentCore Chat demo sign-in"


def _digest(secret: str) -> str:
    """Why: secrets are stored only as digests, so a dump of the state reveals none."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _split_scope(scope: str) -> list[str]:
    """Split a scope string, dropping duplicates but keeping the order."""
    return list(dict.fromkeys(scope.split()))


def _normalize_user_code(raw: str) -> str | None:
    """Accept what people type (lower case, spaces, no dash) and return ``XXXX-XXXX``."""
    letters = re.sub(r"[\s-]", "", raw).upper()
    if len(letters) != 8 or any(c not in _USER_CODE_ALPHABET for c in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost: could resolve anywhere


@dataclass
class _DeviceGrant:
    """One device authorization request (RFC 8628), keyed by the device code's digest."""

    user_code: str
    client_id: str
    scope: str
    audience: str
    expires_at: float  # DemoIdp's clock
    interval: int
    last_poll: float | None = None
    status: str = "pending"  # pending | approved | denied | consumed
    username: str | None = None


@dataclass
class _RefreshRecord:
    """One refresh token, keyed by its digest; tokens rotated from one grant share a family."""

    family: str
    username: str
    client_id: str
    scope: str
    audience: str
    expires_at: float  # DemoIdp's clock
    rotated: bool = False


@dataclass
class _Fault:
    status: int | None
    body: bytes | None
    content_type: str
    delay: float
    remaining: int
    close_connection: bool
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _json_response(
    status: int, payload: dict[str, Any], headers: tuple[tuple[str, str], ...] = ()
) -> _Response:
    body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return _Response(status, body, "application/json", headers)


def _oauth_error(status: int, error: str, description: str) -> _Response:
    return _json_response(status, {"error": error, "error_description": description})


class _FormError(Exception):
    """The request body could not be read as parameters."""


class DemoIdp:
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
        if not _is_loopback(host):
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
        self._client_id = client_id
        self._audience = audience
        self._access_token_ttl = access_token_ttl
        self._refresh_token_ttl = refresh_token_ttl
        self._device_code_ttl = device_code_ttl
        self._interval = interval
        self._rotate = rotate_refresh_tokens
        self._clock = clock
        self._tls = tls

        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public_jwk: dict[str, Any] = dict(RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True))
        # kid = RFC 7638 thumbprint: stable for the key, different for every instance.
        canonical = json.dumps(
            {"e": public_jwk["e"], "kty": "RSA", "n": public_jwk["n"]}, separators=(",", ":")
        )
        self._kid = _b64url(hashlib.sha256(canonical.encode("ascii")).digest())
        self._jwk = {**public_jwk, "kid": self._kid, "use": "sig", "alg": "RS256"}

        # RLock: helpers that need the lock are also called from code already holding it.
        self._lock = threading.RLock()
        self._roles: dict[str, tuple[str, ...]] = {u.username: u.roles for u in DEMO_USERS}
        self._users: dict[str, DemoUser] = {u.username: u for u in DEMO_USERS}
        self._device_grants: dict[str, _DeviceGrant] = {}
        self._user_codes: dict[str, str] = {}  # user code -> device code digest
        self._refresh_tokens: dict[str, _RefreshRecord] = {}
        self._revoked_families: set[str] = set()
        self._revocations = 0
        self._reuses = 0
        self._faults: dict[str, list[_Fault]] = {}

        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._bound_port: int | None = None
        self._stopped = False

    # ----------------------------------------------------------------- life cycle

    def start(self) -> DemoIdp:
        """Bind (port 0 = an ephemeral port), serve in a daemon thread, and return ``self``."""
        with self._lock:
            if self._server is not None:
                raise RuntimeError("DemoIdp is already running")
            if self._stopped:
                raise RuntimeError("DemoIdp cannot be restarted; create a new one")
            server_cls = _Server6 if ":" in self._bind_host else _Server
            server = server_cls((self._bind_host, self._requested_port), _Handler)
            server.idp = self
            server.tls = self._tls.server_context() if self._tls is not None else None
            self._server = server
            self._bound_port = int(server.server_address[1])
            self._thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": _SERVE_POLL_INTERVAL},
                name=f"demo-idp-{self._bound_port}",
                daemon=True,
            )
            self._thread.start()
        logger.info("demo identity provider listening on %s", self.issuer)
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket; calling it again does nothing."""
        with self._lock:
            server, thread = self._server, self._thread
            self._server = self._thread = None
            if server is None:
                return
            self._stopped = True
            self._stopping.set()  # wakes handlers sleeping in an injected delay
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        logger.info("demo identity provider stopped")

    def __enter__(self) -> DemoIdp:
        """Start the server unless it is already running."""
        if self._server is None:
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

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

    # ------------------------------------------------------------- test controls

    def set_roles(self, username: str, roles: tuple[str, ...]) -> None:
        """Replace a demo user's roles; the next exchange or refresh sees the change."""
        with self._lock:
            if username not in self._roles:
                raise ValueError(f"unknown demo user {username!r}")
            self._roles[username] = tuple(roles)
        logger.info("roles of %s changed", username)

    def approve(self, user_code: str, username: str) -> None:
        """Approve a device code as ``username``, like the page's Approve button.

        Raises ``ValueError`` for an unknown, expired or already used code or an unknown user.
        """
        error = self._decide(user_code, username, approve=True)
        if error is not None:
            raise ValueError(error)

    def deny(self, user_code: str) -> None:
        """Deny a device code, like the page's Deny button (``ValueError`` as for approve)."""
        error = self._decide(user_code, None, approve=False)
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
        claims = self._access_claims(
            sub=sub,
            scope=scope,
            audience=audience if audience is not None else self._audience,
            ttl=ttl,
        )
        claims.update(extra_claims or {})
        return self._sign(claims)

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
        if not path.startswith("/"):
            raise ValueError(f"path must start with '/', not {path!r}")
        if count < 1:
            raise ValueError("count must be at least 1")
        if delay < 0:
            raise ValueError("delay must not be negative")
        if status is not None and not 100 <= status <= 599:
            raise ValueError(f"not an HTTP status: {status}")
        if status is None and body is not None:
            raise ValueError("a fault body needs a status")
        if status is not None and body is None:
            body = (
                json.dumps(
                    {"error": "server_error", "error_description": f"injected fault ({status})"}
                ).encode("utf-8")
                if "json" in content_type
                else b""
            )
        fault = _Fault(
            status,
            body,
            content_type,
            delay,
            count,
            close_connection,
            tuple((headers or {}).items()),
        )
        with self._lock:
            self._faults.setdefault(path, []).append(fault)

    def clear_faults(self) -> None:
        """Forget every injected fault that has not fired yet."""
        with self._lock:
            self._faults.clear()

    def pending_faults(self, path: str) -> int:
        """How many requests to ``path`` the injected faults will still answer."""
        with self._lock:
            return sum(f.remaining for f in self._faults.get(path, []))

    def revocation_count(self) -> int:
        """How many RFC 7009 revocation requests actually revoked a live token family."""
        with self._lock:
            return self._revocations

    def reuse_count(self) -> int:
        """How many refreshes presented a rotated-out token (each revoked its family)."""
        with self._lock:
            return self._reuses

    def is_refresh_token_active(self, token: str) -> bool:
        """Whether ``token`` would be accepted by a refresh now (ignoring the role check)."""
        with self._lock:
            record = self._refresh_tokens.get(_digest(token))
            return (
                record is not None
                and not record.rotated
                and record.family not in self._revoked_families
                and self._clock() < record.expires_at
            )

    # ------------------------------------------------------------------- faults

    def _take_fault(self, path: str) -> _Fault | None:
        with self._lock:
            queue = self._faults.get(path)
            if not queue:
                return None
            fault = queue[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                queue.pop(0)
                if not queue:
                    del self._faults[path]
            return fault

    # ------------------------------------------------------------------ routing

    def _route(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes, headers: Any
    ) -> _Response:
        """Answer one request; runs on the server's handler threads."""
        routes: dict[str, dict[str, Any]] = {
            "/.well-known/openid-configuration": {"GET": lambda: self._discovery()},
            "/.well-known/jwks.json": {"GET": lambda: self._jwks()},
            "/authorize": {"GET": lambda: self._authorize()},
            "/oauth/device/code": {"POST": lambda: self._with_form(body, headers, self._device)},
            "/oauth/token": {"POST": lambda: self._with_form(body, headers, self._token)},
            "/oauth/revoke": {"POST": lambda: self._with_form(body, headers, self._revoke)},
            "/userinfo": {"GET": lambda: self._userinfo(headers)},
            "/activate": {
                "GET": lambda: self._activate_page(query),
                "POST": lambda: self._with_form(body, headers, self._activate_submit),
            },
            "/": {"GET": lambda: _Response(302, headers=(("Location", "/activate"),))},
        }
        methods = routes.get(path)
        if methods is None:
            return _oauth_error(404, "not_found", "No such endpoint.")
        handler = methods.get(method)
        if handler is None:
            return _json_response(
                405,
                {"error": "method_not_allowed", "error_description": "Method not allowed."},
                (("Allow", ", ".join(methods)),),
            )
        response: _Response = handler()
        return response

    def _with_form(self, body: bytes, headers: Any, handler: Any) -> _Response:
        try:
            form = self._parse_form(body, str(headers.get("Content-Type", "")))
        except _FormError as exc:
            return _oauth_error(400, "invalid_request", str(exc))
        response: _Response = handler(form)
        return response

    @staticmethod
    def _parse_form(body: bytes, content_type: str) -> dict[str, str]:
        """Read form-encoded (or, as Auth0 also accepts, JSON) parameters."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _FormError("The request body is not UTF-8.") from exc
        if content_type.split(";")[0].strip().lower() == "application/json":
            try:
                data = json.loads(text or "{}")
            except json.JSONDecodeError as exc:
                raise _FormError("The request body is not valid JSON.") from exc
            if not isinstance(data, dict):
                raise _FormError("The request body must be a JSON object.")
            return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
        parsed = parse_qs(text, keep_blank_values=True)
        repeated = sorted(k for k, v in parsed.items() if len(v) > 1)
        if repeated:  # RFC 6749 section 3.1: parameters must not be repeated
            raise _FormError(f"Repeated parameter: {', '.join(repeated)}")
        return {k: v[0] for k, v in parsed.items()}

    @staticmethod
    def _missing(form: dict[str, str], *names: str) -> _Response | None:
        missing = [n for n in names if not form.get(n)]
        if missing:
            return _oauth_error(
                400, "invalid_request", f"Missing required parameter: {', '.join(missing)}"
            )
        return None

    def _check_client(self, form: dict[str, str]) -> _Response | None:
        if form.get("client_id") != self._client_id:
            return _oauth_error(401, "invalid_client", "Unknown client.")
        return None

    # -------------------------------------------------------- discovery and keys

    def _discovery(self) -> _Response:
        iss = self.issuer
        return _json_response(
            200,
            {
                "issuer": iss,
                "authorization_endpoint": f"{iss}authorize",
                "device_authorization_endpoint": f"{iss}oauth/device/code",
                "token_endpoint": f"{iss}oauth/token",
                "userinfo_endpoint": f"{iss}userinfo",
                "jwks_uri": f"{iss}.well-known/jwks.json",
                "revocation_endpoint": f"{iss}oauth/revoke",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["none"],
                "revocation_endpoint_auth_methods_supported": ["none"],
                "grant_types_supported": [_DEVICE_CODE_GRANT, _REFRESH_TOKEN_GRANT],
                "scopes_supported": list(_SCOPES_SUPPORTED),
                "claims_supported": [
                    "aud",
                    "email",
                    "email_verified",
                    "exp",
                    "iat",
                    "iss",
                    "name",
                    "nickname",
                    "sub",
                ],
            },
        )

    def _jwks(self) -> _Response:
        return _json_response(200, {"keys": [self._jwk]})

    @staticmethod
    def _authorize() -> _Response:
        return _oauth_error(
            400,
            "unsupported_response_type",
            "This demo provider supports only the device authorization grant.",
        )

    # ------------------------------------------------------------------- tokens

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self._kid})

    def _access_claims(self, *, sub: str, scope: str, audience: str, ttl: int) -> dict[str, Any]:
        now = int(time.time())
        scopes = _split_scope(scope)
        username = sub.removeprefix("demo|") if sub.startswith("demo|") else None
        with self._lock:
            roles = self._roles.get(username, ()) if username else ()
        # Auth0 adds the userinfo URL to aud when openid was requested; clients must cope.
        aud: str | list[str] = (
            [audience, f"{self.issuer}userinfo"] if "openid" in scopes else audience
        )
        return {
            "iss": self.issuer,
            "sub": sub,
            "aud": aud,
            "azp": self._client_id,
            "scope": " ".join(scopes),
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "permissions": [_INVOKE_PERMISSION] if REQUIRED_ROLE in roles else [],
            # A unique id (RFC 9068): without it, two tokens issued in the same second for
            # the same grant would be byte-identical and a refresh would look like a no-op.
            "jti": secrets.token_urlsafe(16),
        }

    def _issue_tokens(
        self,
        *,
        username: str,
        scope: str,
        audience: str,
        refresh_scope: str | None = None,
        family: str | None = None,
        include_refresh: bool,
    ) -> dict[str, Any]:
        """Build a token response; registers a new refresh token when asked (lock held)."""
        user = self._users[username]
        scopes = _split_scope(scope)
        sub = f"demo|{username}"
        payload: dict[str, Any] = {
            "access_token": self._sign(
                self._access_claims(
                    sub=sub, scope=scope, audience=audience, ttl=self._access_token_ttl
                )
            ),
            "token_type": "Bearer",
            "expires_in": self._access_token_ttl,
            "scope": " ".join(scopes),
        }
        if "openid" in scopes:
            now = int(time.time())
            payload["id_token"] = self._sign(
                {
                    "iss": self.issuer,
                    "sub": sub,
                    "aud": self._client_id,
                    "azp": self._client_id,
                    "iat": now,
                    "exp": now + self._access_token_ttl,
                    "name": user.name,
                    "nickname": user.username,
                    "email": user.email,
                    "email_verified": True,
                }
            )
        if include_refresh:
            token = secrets.token_urlsafe(48)
            self._refresh_tokens[_digest(token)] = _RefreshRecord(
                family=family or secrets.token_hex(16),
                username=username,
                client_id=self._client_id,
                scope=refresh_scope or scope,
                audience=audience,
                expires_at=self._clock() + self._refresh_token_ttl,
            )
            payload["refresh_token"] = token
        return payload

    @staticmethod
    def _token_response(payload: dict[str, Any]) -> _Response:
        # RFC 6749 section 5.1: token responses must not be cached.
        return _json_response(200, payload, (("Pragma", "no-cache"),))

    # ------------------------------------------------------- device authorization

    def _device(self, form: dict[str, str]) -> _Response:
        error = self._missing(form, "client_id") or self._check_client(form)
        if error:
            return error
        audience = form.get("audience") or self._audience
        if audience != self._audience:
            return _oauth_error(403, "access_denied", f"Service not found: {audience}")
        scope = " ".join(_split_scope(form.get("scope") or _DEFAULT_SCOPE))
        device_code = secrets.token_urlsafe(32)
        now = self._clock()
        with self._lock:
            self._prune(now)
            user_code = self._new_user_code()
            self._device_grants[_digest(device_code)] = _DeviceGrant(
                user_code=user_code,
                client_id=self._client_id,
                scope=scope,
                audience=audience,
                expires_at=now + self._device_code_ttl,
                interval=self._interval,
            )
            self._user_codes[user_code] = _digest(device_code)
        logger.info("device authorization started (scope %s)", scope)
        verification_uri = f"{self.issuer}activate"
        return _json_response(
            200,
            {
                "device_code": device_code,
                "user_code": user_code,
                "verification_uri": verification_uri,
                "verification_uri_complete": f"{verification_uri}?user_code={user_code}",
                "expires_in": self._device_code_ttl,
                "interval": self._interval,
            },
        )

    def _new_user_code(self) -> str:
        while True:
            letters = "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(8))
            code = f"{letters[:4]}-{letters[4:]}"
            if code not in self._user_codes:
                return code

    def _prune(self, now: float) -> None:
        """Forget device codes long expired (lock held), so a long demo doesn't grow."""
        stale = [k for k, g in self._device_grants.items() if now > g.expires_at + _PRUNE_AFTER]
        for key in stale:
            grant = self._device_grants.pop(key)
            self._user_codes.pop(grant.user_code, None)

    def _decide(self, user_code: str, username: str | None, *, approve: bool) -> str | None:
        """Record the person's answer for a user code; returns an error message or None."""
        code = _normalize_user_code(user_code)
        if not user_code.strip():
            return "Enter the code shown in the app."
        with self._lock:
            key = self._user_codes.get(code) if code else None
            grant = self._device_grants.get(key) if key else None
            if grant is None:
                return "Unknown code. Check the code shown in the app and try again."
            if self._clock() >= grant.expires_at:
                return "This code has expired. Start the sign-in again in the app."
            if grant.status != "pending":
                return "This code has already been used."
            if approve:
                if not username:
                    return "Choose a user to sign in as."
                if username not in self._users:
                    return "Unknown user."
                grant.status, grant.username = "approved", username
            else:
                grant.status = "denied"
        if approve:
            logger.info("device code approved by %s", username)
        else:
            logger.info("device code denied on the sign-in page")
        return None

    # --------------------------------------------------------------- token grants

    def _token(self, form: dict[str, str]) -> _Response:
        error = self._missing(form, "grant_type")
        if error:
            return error
        grant_type = form["grant_type"]
        if grant_type == _DEVICE_CODE_GRANT:
            return self._device_code_grant(form)
        if grant_type == _REFRESH_TOKEN_GRANT:
            return self._refresh_grant(form)
        return _oauth_error(400, "unsupported_grant_type", "Unsupported grant type.")

    def _device_code_grant(self, form: dict[str, str]) -> _Response:
        error = self._missing(form, "device_code", "client_id") or self._check_client(form)
        if error:
            return error
        now = self._clock()
        with self._lock:
            grant = self._device_grants.get(_digest(form["device_code"]))
            if grant is None or grant.client_id != form["client_id"]:
                return _oauth_error(400, "invalid_grant", "Unknown or invalid device code.")
            if grant.status == "consumed":
                return _oauth_error(400, "invalid_grant", "The device code was already used.")
            if now >= grant.expires_at:
                return _oauth_error(403, "expired_token", "The device code has expired.")
            too_soon = (
                grant.interval > 0
                and grant.last_poll is not None
                and now - grant.last_poll < grant.interval - _POLL_JITTER
            )
            grant.last_poll = now
            if too_soon:
                grant.interval += _SLOW_DOWN_STEP
                return _oauth_error(
                    429,
                    "slow_down",
                    f"You are polling faster than the specified interval of "
                    f"{grant.interval} seconds.",
                )
            if grant.status == "pending":
                # Auth0 answers a pending poll with 403, not RFC 6749's 400.
                return _oauth_error(
                    403, "authorization_pending", "User has yet to authorize device code."
                )
            if grant.status == "denied":
                return _oauth_error(403, "access_denied", "User did not authorize the request")
            username = grant.username
            assert username is not None  # approved grants always name the user
            grant.status = "consumed"
            if REQUIRED_ROLE not in self._roles[username]:
                logger.info("sign-in of %s denied: missing the required role", username)
                # An Auth0 Action's api.access.deny() reaches the device as an HTTP 500.
                return _oauth_error(500, "access_denied", DENIAL_MESSAGE)
            payload = self._issue_tokens(
                username=username,
                scope=grant.scope,
                audience=grant.audience,
                include_refresh="offline_access" in _split_scope(grant.scope),
            )
        logger.info("tokens issued to %s (device code grant)", username)
        return self._token_response(payload)

    def _refresh_grant(self, form: dict[str, str]) -> _Response:
        error = self._missing(form, "refresh_token", "client_id") or self._check_client(form)
        if error:
            return error
        now = self._clock()
        with self._lock:
            record = self._refresh_tokens.get(_digest(form["refresh_token"]))
            if (
                record is None
                or record.client_id != form["client_id"]
                or record.family in self._revoked_families
                or now >= record.expires_at
            ):
                return _oauth_error(400, "invalid_grant", _UNKNOWN_REFRESH)
            if record.rotated:
                # Reuse of a rotated-out token: it may have been stolen, so revoke the family.
                self._revoked_families.add(record.family)
                self._reuses += 1
                logger.warning(
                    "refresh token reuse detected for %s; token family revoked", record.username
                )
                return _oauth_error(400, "invalid_grant", _UNKNOWN_REFRESH)
            scope = record.scope
            if form.get("scope"):
                requested = _split_scope(form["scope"])
                if not set(requested) <= set(_split_scope(record.scope)):
                    return _oauth_error(
                        400, "invalid_scope", "The scope exceeds the originally granted scope."
                    )
                scope = " ".join(requested)
            if REQUIRED_ROLE not in self._roles[record.username]:
                # Auth0 runs post-login Actions on refresh too; the token itself stays valid.
                logger.info("refresh for %s denied: missing the required role", record.username)
                return _oauth_error(403, "access_denied", DENIAL_MESSAGE)
            if self._rotate:
                record.rotated = True
            payload = self._issue_tokens(
                username=record.username,
                scope=scope,
                audience=record.audience,
                refresh_scope=record.scope,
                family=record.family,
                include_refresh=self._rotate,
            )
            username = record.username
        logger.info("tokens refreshed for %s", username)
        return self._token_response(payload)

    # --------------------------------------------------------------- revocation

    def _revoke(self, form: dict[str, str]) -> _Response:
        error = self._missing(form, "token", "client_id") or self._check_client(form)
        if error:
            return error
        with self._lock:
            record = self._refresh_tokens.get(_digest(form["token"]))
            # RFC 7009 section 2.2: unknown tokens get the same 200 as known ones.
            if (
                record is not None
                and record.client_id == form["client_id"]
                and record.family not in self._revoked_families
            ):
                self._revoked_families.add(record.family)
                self._revocations += 1
                logger.info("refresh token revoked for %s", record.username)
        return _Response(200)

    # ----------------------------------------------------------------- userinfo

    def _userinfo(self, headers: Any) -> _Response:
        auth = str(headers.get("Authorization", ""))
        scheme, _, token = auth.partition(" ")
        challenge = (("WWW-Authenticate", 'Bearer error="invalid_token"'),)
        if scheme.lower() != "bearer" or not token.strip():
            return _json_response(
                401,
                {"error": "invalid_token", "error_description": "Bearer token required."},
                challenge,
            )
        try:
            claims = jwt.decode(
                token.strip(),
                self._key.public_key(),
                algorithms=["RS256"],
                audience=f"{self.issuer}userinfo",
                issuer=self.issuer,
            )
        except jwt.PyJWTError:
            return _json_response(
                401, {"error": "invalid_token", "error_description": "Invalid token."}, challenge
            )
        sub = str(claims["sub"])
        info: dict[str, Any] = {"sub": sub}
        user = self._users.get(sub.removeprefix("demo|")) if sub.startswith("demo|") else None
        if user is not None:
            info.update(
                name=user.name, nickname=user.username, email=user.email, email_verified=True
            )
        return _json_response(200, info)

    # ------------------------------------------------------------ activate page

    def _activate_page(self, query: dict[str, list[str]]) -> _Response:
        user_code = (query.get("user_code") or [""])[0]
        normalized = _normalize_user_code(user_code)
        return self._page(200, self._form_html(normalized or user_code))

    def _activate_submit(self, form: dict[str, str]) -> _Response:
        user_code = form.get("user_code", "")
        action = form.get("action", "")
        if action not in ("approve", "deny"):
            return self._result_page(
                400, "Something went wrong", "Choose Approve or Deny.", user_code
            )
        error = self._decide(user_code, form.get("username"), approve=action == "approve")
        if error is not None:
            return self._result_page(400, "Something went wrong", error, user_code)
        if action == "deny":
            return self._result_page(200, "Sign-in denied", "The app was not signed in.")
        user = self._users[form["username"]]
        return self._result_page(200, "Approved", f"Approved as {user.name}.")

    def _form_html(self, user_code: str) -> str:
        with self._lock:
            roles = dict(self._roles)
        choices = []
        for index, user in enumerate(self._users.values()):
            holds = REQUIRED_ROLE in roles[user.username]
            badge = (
                f'<span class="badge ok">holds {html.escape(REQUIRED_ROLE)}</span>'
                if holds
                else f'<span class="badge no">lacks {html.escape(REQUIRED_ROLE)}</span>'
            )
            name = html.escape(user.username, quote=True)
            choices.append(
                f'<label class="user" for="user-{name}">'
                f'<input type="radio" name="username" id="user-{name}" value="{name}"'
                f"{' checked' if index == 0 else ''}>"
                f'<span class="who"><span class="name">{html.escape(user.name)}</span>'
                f'<span class="email">{html.escape(user.email)}</span></span>{badge}</label>'
            )
        return (
            '<p class="lead">The app is asking to sign in. Check that the code matches the one '
            "the app shows, pick a demo user, and approve.</p>"
            '<form method="post" action="/activate">'
            '<label class="field" for="user_code">Code shown in the app</label>'
            f'<input id="user_code" name="user_code" value="{html.escape(user_code, quote=True)}"'
            ' placeholder="XXXX-XXXX" autocomplete="off" autocapitalize="characters"'
            ' spellcheck="false" required>'
            f"<fieldset><legend>Sign in as</legend>{''.join(choices)}</fieldset>"
            '<div class="actions">'
            '<button type="submit" id="approve" name="action" value="approve" class="primary">'
            "Approve</button>"
            '<button type="submit" id="deny" name="action" value="deny">Deny</button>'
            "</div></form>"
            '<p class="note">Local demo provider: no passwords, nothing leaves this computer.</p>'
        )

    def _result_page(
        self, status: int, heading: str, message: str, retry_code: str | None = None
    ) -> _Response:
        if status == 200:
            body = (
                f'<p class="result ok" id="result">{html.escape(message)} '
                "You can return to the app.</p>"
            )
        else:
            retry = "/activate"
            if retry_code:
                retry += f"?user_code={quote(retry_code, safe='')}"
            body = (
                f'<p class="result error" id="error">{html.escape(message)}</p>'
                f'<p><a href="{html.escape(retry, quote=True)}">Try again</a></p>'
            )
        return self._page(status, body, heading)

    @staticmethod
    def _page(status: int, content: str, heading: str = _PAGE_TITLE) -> _Response:
        document = _PAGE_TEMPLATE.format(
            title=html.escape(_PAGE_TITLE), heading=html.escape(heading), content=content
        )
        return _Response(
            status,
            document.encode("utf-8"),
            "text/html; charset=utf-8",
            (
                # No scripts, no external resources, no framing, no leaking the code.
                (
                    "Content-Security-Policy",
                    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                    "frame-ancestors 'none'; base-uri 'none'",
                ),
                ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "no-referrer"),
            ),
        )


_PAGE_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>
:root {{
  color-scheme: light dark;
  --bg: #f4f5f7; --card: #ffffff; --fg: #1c1f24; --muted: #5b6270; --border: #d8dce3;
  --accent: #3556d8; --accent-fg: #ffffff; --ok: #237a3b; --no: #b42318; --field: #ffffff;
}}
@media (prefers-color-scheme: dark) {{
  :root {{
    --bg: #15171b; --card: #1f2228; --fg: #e7e9ed; --muted: #a2a9b6; --border: #363b44;
    --accent: #7d97ff; --accent-fg: #0c1020; --ok: #6fd08c; --no: #ff8a80; --field: #15171b;
  }}
}}
* {{ box-sizing: border-box; }}
body {{
  margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
  background: var(--bg); color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}}
main {{
  width: 100%; max-width: 440px; background: var(--card); border: 1px solid var(--border);
  border-radius: 14px; padding: 28px; box-shadow: 0 6px 24px rgb(0 0 0 / 8%);
}}
h1 {{ font-size: 1.3rem; margin: 0 0 12px; }}
.lead, .note {{ color: var(--muted); margin: 0 0 18px; }}
.note {{ font-size: 0.85rem; margin: 18px 0 0; }}
.field {{ display: block; font-weight: 600; margin-bottom: 6px; }}
#user_code {{
  width: 100%; padding: 10px 12px; font: 600 1.25rem/1.2 ui-monospace, monospace;
  letter-spacing: 0.12em; text-transform: uppercase; color: var(--fg);
  background: var(--field); border: 1px solid var(--border); border-radius: 8px;
}}
fieldset {{ border: 0; padding: 0; margin: 18px 0 0; min-width: 0; }}
legend {{ font-weight: 600; margin-bottom: 6px; padding: 0; }}
.user {{
  display: flex; align-items: center; gap: 10px; padding: 10px 12px; margin-top: 8px;
  border: 1px solid var(--border); border-radius: 8px; cursor: pointer;
}}
.user:has(input:checked) {{ border-color: var(--accent); }}
.who {{ display: flex; flex-direction: column; flex: 1; min-width: 0; }}
.name {{ font-weight: 600; }}
.email {{ color: var(--muted); font-size: 0.85rem; }}
.badge {{ font-size: 0.75rem; max-width: 45%; text-align: right; overflow-wrap: anywhere; }}
.badge.ok {{ color: var(--ok); }}
.badge.no {{ color: var(--no); }}
.actions {{ display: flex; gap: 10px; margin-top: 20px; }}
button {{
  flex: 1; padding: 10px 14px; font: inherit; font-weight: 600; border-radius: 8px;
  border: 1px solid var(--border); background: transparent; color: var(--fg); cursor: pointer;
}}
button.primary {{
  background: var(--accent); border-color: var(--accent); color: var(--accent-fg);
}}
button:focus-visible, input:focus-visible {{
  outline: 2px solid var(--accent); outline-offset: 2px;
}}
.result.ok {{ color: var(--ok); }}
.result.error {{ color: var(--no); }}
a {{ color: var(--accent); }}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
{content}
</main>
</body>
</html>
"""


class _Server(ThreadingHTTPServer):
    """The HTTP server; ``idp`` is set right after construction."""

    idp: DemoIdp
    tls: ssl.SSLContext | None = None
    daemon_threads = True
    # Don't join handler threads on close: an idle client connection must not block stop().
    block_on_close = False

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can take
        # seconds in some sandboxes; the name is not needed.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        # The handshake happens here, in the connection's own thread, not in accept():
        # one slow or refusing client (the untrusted-certificate tests) must not stall others.
        request.settimeout(_Handler.timeout)
        try:
            secure = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            logger.debug("TLS handshake failed: %r", exc)
            return
        try:
            super().finish_request(secure, client_address)
        finally:
            secure.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or hang up are routine here (the tests provoke them).
        # Called from inside socketserver's except block, so exc_info() is the error.
        logger.debug("connection error: %r", sys.exc_info()[1])


class _Server6(_Server):
    address_family = socket.AF_INET6


_QUERY_RE = re.compile(r"\?\S*")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "AgentCoreChatDemoIdP/1.0"
    sys_version = ""
    timeout = 10  # seconds an idle connection may hold a handler thread

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        idp = self.server.idp
        split = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= _MAX_BODY:
            self._send(_oauth_error(413, "invalid_request", "Request body too large."))
            return
        # Read the body before any fault so that closing the socket never meets unread data.
        body = self.rfile.read(length) if length else b""

        fault = idp._take_fault(split.path)
        if fault is not None:
            if fault.delay > 0 and idp._stopping.wait(fault.delay):
                self._drop()  # the server is stopping: don't keep the thread around
                return
            if fault.close_connection:
                self._drop()
                return
            if fault.status is not None:
                self._send(
                    _Response(fault.status, fault.body or b"", fault.content_type, fault.headers)
                )
                return
        try:
            response = idp._route(
                self.command, split.path, parse_qs(split.query), body, self.headers
            )
        except Exception:
            logger.exception("demo IdP failed to answer %s %s", self.command, split.path)
            response = _oauth_error(500, "server_error", "Internal error.")
        self._send(response)

    def _send(self, response: _Response) -> None:
        try:
            self.send_response(response.status)
            if response.content_type:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("client went away before the answer")
        self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Never the query string: it may carry a user code.
        path = urlsplit(getattr(self, "path", "")).path
        logger.debug("%s %s -> %s", getattr(self, "command", "-"), path, code)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("http: %s", _QUERY_RE.sub("?…", format % args))


# --------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    """Run the demo provider until Ctrl+C (or SIGTERM); returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m gui.demo.idp",
        description="Run the AgentCore Chat demo identity provider (device flow) on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 = any free port)")
    parser.add_argument("--interval", type=int, default=5, help="device-code polling interval")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    try:
        idp = DemoIdp(host=args.host, port=args.port, interval=args.interval).start()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Both set explicitly, as the window does: a process started with SIGINT ignored
    # (from a background job or nohup) must still stop on Ctrl+C.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    # The prints sit inside the try: a Ctrl+C right after the first lines must still stop
    # the server, whose thread would otherwise keep the process alive.
    try:
        print(f"issuer:       {idp.issuer}", flush=True)
        print(f"client id:    {DEMO_CLIENT_ID}", flush=True)
        print(f"audience:     {DEMO_AUDIENCE}", flush=True)
        print(f"sign-in page: {idp.issuer}activate", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        idle = threading.Event()
        while not idle.wait(0.5):  # a timed wait stays interruptible on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        idp.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
