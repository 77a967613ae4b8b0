"""A local AWS STS endpoint that knows one call, ``AssumeRoleWithWebIdentity``, for the tests.

It checks what IAM checks before it hands out role credentials for an OIDC ID token:

- the token's signature, against the identity provider's JWKS (fetched from ``jwks_url``,
  asymmetric algorithms only), its issuer (the IAM OIDC identity provider's URL), its
  audience (the client id registered on that provider) and its expiry;
- the role (only ``role_arn`` exists) and its trust condition on ``sub`` (a glob, as
  a trust policy's ``StringLike`` on ``<provider>:sub``);
- the shapes of ``RoleSessionName`` (``[\\w+=,.@-]{2,64}``) and ``DurationSeconds``
  (900 s up to the role's maximum).

It answers in STS's XML, errors included, so botocore parses it as it parses AWS; point
boto3 at it with ``AWS_ENDPOINT_URL_STS``. Issued credentials are kept in ``issued``
(by access key id) so a Bedrock double can tell which key signed a request and whether it
has expired (by ``clock``, which tests may step). Loopback only. No Qt; it imports no
other demo module (the provider is reached only through its JWKS URL).
"""

from __future__ import annotations

import base64
import fnmatch
import re
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gui.untrusted import is_loopback_host

NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
DEMO_ROLE_ARN = "arn:aws:iam::123456789012:role/agentcore-chat-bedrock"
ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)
_KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_START_TIMEOUT = 10.0
_STOP_TIMEOUT = 5.0


@dataclass(frozen=True)
class IssuedCredentials:
    """Credentials this endpoint handed out, and for whom."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expires_at: float  # by the endpoint's clock
    subject: str
    session_name: str


@dataclass(frozen=True)
class StsCall:
    """One request as the endpoint saw it (never the token itself)."""

    action: str
    session_name: str
    signed: bool  # an Authorization header came with it (AWS's SDKs send none)
    outcome: str  # "issued" or the error code


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str, kind: str = "Sender") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.kind = status, code, message, kind


class DemoSts:
    """The endpoint and what it has issued; ``start()`` serves it in a thread."""

    def __init__(
        self,
        *,
        jwks_url: str,
        issuer: str,
        audience: str,
        role_arn: str = DEMO_ROLE_ARN,
        subject_pattern: str = "*",
        max_session_duration: int = 3600,
        clock: Callable[[], float] = time.time,
        token_clock: Callable[[], float] = time.time,
        ca_file: str | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        """``clock`` times the credentials it issues; ``token_clock`` is what it checks an ID
        token's ``exp`` against (a test skews it to stand for a laptop with a wrong clock).
        ``ca_file``: the CA that signed an https provider's certificate (for its JWKS)."""
        if not is_loopback_host(host):
            raise ValueError(f"DemoSts only binds to loopback addresses; refusing {host!r}")
        self.issuer = issuer
        self.audience = audience
        self.role_arn = role_arn
        self.subject_pattern = subject_pattern
        self.max_session_duration = max_session_duration
        self._clock = clock
        self.token_clock = token_clock
        self._host = host
        context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, timeout=5, ssl_context=context)
        self._lock = threading.Lock()
        self._issued: dict[str, IssuedCredentials] = {}
        self.calls: list[StsCall] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # -- what tests and other doubles ask -----------------------------------------------

    @property
    def url(self) -> str:
        """The endpoint URL, for ``AWS_ENDPOINT_URL_STS``."""
        return f"http://{self._host}:{self._port}"

    def issued(self, access_key_id: str) -> IssuedCredentials | None:
        """The credentials with this key id, if this endpoint issued them."""
        with self._lock:
            return self._issued.get(access_key_id)

    def is_expired(self, credentials: IssuedCredentials) -> bool:
        """True once the endpoint's clock has passed their expiry."""
        return self._clock() >= credentials.expires_at

    def issued_count(self) -> int:
        """How many sets of credentials were handed out."""
        with self._lock:
            return len(self._issued)

    # -- the call ------------------------------------------------------------------------

    def app(self) -> Starlette:
        """The ASGI app (served by :meth:`start`, or by a caller's own server)."""
        return Starlette(routes=[Route("/", self._endpoint, methods=["POST"])])

    async def _endpoint(self, request: Request) -> Response:
        form = await request.form()
        values = {key: str(value) for key, value in form.items()}
        action = values.get("Action", "")
        session_name = values.get("RoleSessionName", "")
        signed = "authorization" in request.headers
        try:
            if action != "AssumeRoleWithWebIdentity":
                raise _Refused(400, "InvalidAction", f"Could not find operation {action}")
            if values.get("Version") != "2011-06-15":
                raise _Refused(400, "InvalidAction", "Unsupported or missing Version")
            body = await run_in_threadpool(self._assume, values)
        except _Refused as refused:
            self._record(StsCall(action, session_name, signed, refused.code))
            return _error(refused)
        self._record(StsCall(action, session_name, signed, "issued"))
        return Response(body, media_type="text/xml")

    def _record(self, call: StsCall) -> None:
        with self._lock:
            self.calls.append(call)

    def _assume(self, values: dict[str, str]) -> str:
        role_arn = values.get("RoleArn", "")
        session_name = values.get("RoleSessionName", "")
        token = values.get("WebIdentityToken", "")
        for name, value in (("roleArn", role_arn), ("webIdentityToken", token)):
            if not value:
                raise _Refused(
                    400,
                    "ValidationError",
                    f"1 validation error detected: Value null at '{name}' failed to satisfy "
                    "constraint: Member must not be null",
                )
        if not _SESSION_NAME.fullmatch(session_name):
            raise _Refused(
                400,
                "ValidationError",
                f"1 validation error detected: Value '{session_name}' at 'roleSessionName' "
                "failed to satisfy constraint: Member must satisfy regular expression "
                "pattern: [\\w+=,.@-]*",
            )
        duration = self._duration(values.get("DurationSeconds"))
        claims = self._verify(token)
        subject = str(claims.get("sub", ""))
        if role_arn != self.role_arn or not fnmatch.fnmatchcase(subject, self.subject_pattern):
            raise _Refused(
                403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"
            )
        issued = IssuedCredentials(
            access_key_id="ASIA" + "".join(secrets.choice(_KEY_ALPHABET) for _ in range(16)),
            secret_access_key=base64.b64encode(secrets.token_bytes(30)).decode("ascii"),
            session_token=base64.b64encode(secrets.token_bytes(120)).decode("ascii"),
            expires_at=float(int(self._clock()) + duration),
            subject=subject,
            session_name=session_name,
        )
        with self._lock:
            self._issued[issued.access_key_id] = issued
        return self._answer(issued, claims)

    def _duration(self, raw: str | None) -> int:
        if raw is None:
            return min(3600, self.max_session_duration)
        try:
            duration = int(raw)
        except ValueError:
            raise _Refused(400, "ValidationError", "DurationSeconds must be a number") from None
        if duration < 900:
            raise _Refused(
                400,
                "ValidationError",
                f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to "
                "satisfy constraint: Member must have value greater than or equal to 900",
            )
        if duration > self.max_session_duration:
            raise _Refused(
                400,
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            )
        return duration

    def _verify(self, token: str) -> dict[str, object]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _Refused(
                400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT"
            ) from None
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise _Refused(400, "InvalidIdentityToken", "Unsupported signature algorithm")
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError:
            issuer = None
        if issuer != self.issuer:
            raise _Refused(
                400,
                "InvalidIdentityToken",
                f"No OpenIDConnect provider found in your account for {issuer}",
            )
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError:
            raise _Refused(
                400,
                "IDPCommunicationError",
                "Couldn't retrieve verification key from your identity provider, please "
                "reference AssumeRoleWithWebIdentity documentation for requirements",
            ) from None
        except jwt.PyJWTError:
            raise _Refused(
                400, "InvalidIdentityToken", "No matching key found in the provider's keys"
            ) from None
        try:
            claims: dict[str, object] = jwt.decode(
                token,
                key.key,
                algorithms=ALLOWED_ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "aud", "sub"], "verify_exp": False},
            )
        except jwt.InvalidAudienceError:
            raise _Refused(400, "InvalidIdentityToken", "Incorrect token audience") from None
        except jwt.InvalidSignatureError:
            raise _Refused(400, "InvalidIdentityToken", "Invalid token signature") from None
        except jwt.PyJWTError as exc:
            raise _Refused(400, "InvalidIdentityToken", f"Invalid token: {exc}") from None
        now = self.token_clock()
        if float(claims["exp"]) <= now:  # type: ignore[arg-type]  # required, so present
            raise _Refused(
                400,
                "ExpiredTokenException",
                f"Token expired: current date/time {int(now)} must be before the expiration "
                "date/time of the token",
            )
        return claims

    def _answer(self, issued: IssuedCredentials, claims: dict[str, object]) -> str:
        account = self.role_arn.split(":")[4]
        role_name = self.role_arn.rsplit("/", 1)[-1]
        expiration = datetime.fromtimestamp(issued.expires_at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        audience = claims.get("aud")
        audience = audience[0] if isinstance(audience, list) else audience
        name = escape(issued.session_name)
        return (
            f'<AssumeRoleWithWebIdentityResponse xmlns="{NAMESPACE}">'
            "<AssumeRoleWithWebIdentityResult>"
            f"<SubjectFromWebIdentityToken>{escape(issued.subject)}</SubjectFromWebIdentityToken>"
            f"<Audience>{escape(str(audience))}</Audience>"
            "<AssumedRoleUser>"
            f"<Arn>arn:aws:sts::{account}:assumed-role/{escape(role_name)}/{name}</Arn>"
            f"<AssumedRoleId>AROA{secrets.token_hex(8).upper()}:{name}</AssumedRoleId>"
            "</AssumedRoleUser>"
            "<Credentials>"
            f"<SessionToken>{issued.session_token}</SessionToken>"
            f"<SecretAccessKey>{issued.secret_access_key}</SecretAccessKey>"
            f"<Expiration>{expiration}</Expiration>"
            f"<AccessKeyId>{issued.access_key_id}</AccessKeyId>"
            "</Credentials>"
            f"<Provider>{escape(self.issuer)}</Provider>"
            "</AssumeRoleWithWebIdentityResult>"
            f"<ResponseMetadata><RequestId>{_request_id()}</RequestId></ResponseMetadata>"
            "</AssumeRoleWithWebIdentityResponse>"
        )

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> DemoSts:
        """Serve on an ephemeral loopback port in a daemon thread; return once listening."""
        if self._thread is not None:
            raise RuntimeError("The STS double is already running")
        sock = socket.socket(socket.AF_INET6 if ":" in self._host else socket.AF_INET)
        sock.bind((self._host, 0))
        self._port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app(), log_level="warning", access_log=False, lifespan="off", ws="none"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="demo-sts", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("The STS double did not start")
            time.sleep(0.01)  # a thread handoff: uvicorn has no started event
        return self

    def stop(self) -> None:
        """Stop serving; safe to call twice."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(_STOP_TIMEOUT)

    def __enter__(self) -> DemoSts:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _error(refused: _Refused) -> Response:
    body = (
        f'<ErrorResponse xmlns="{NAMESPACE}">'
        f"<Error><Type>{refused.kind}</Type><Code>{escape(refused.code)}</Code>"
        f"<Message>{escape(refused.message)}</Message></Error>"
        f"<RequestId>{_request_id()}</RequestId>"
        "</ErrorResponse>"
    )
    return Response(body, status_code=refused.status, media_type="text/xml")


def _request_id() -> str:
    raw = secrets.token_hex(16)
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
