"""AWS credentials for Amazon Bedrock from the app's own sign-in: no AWS keys on the laptop.

With ``aws_role_arn`` set, the sign-in's OpenID Connect ID token is exchanged with STS
``AssumeRoleWithWebIdentity`` (an unsigned call) for temporary credentials of that role,
and Bedrock is called with them::

    AuthSession.id_token ──► WebIdentityCredentials.start()  (the loop) ──► STS (a thread)
          ▲                        │ held by SignInCredentials (botocore RefreshableCredentials)
          │                        ▼ in the boto3 session handed to strands' BedrockModel
    refresh_now() ◄── _renew() ◄── botocore, in Bedrock's worker thread, shortly before expiry:
    (refresh grant)   (run on the loop, awaited from that thread)

Invariants, and where they hold:

- The credentials live in memory only: in this object and the botocore object built from
  it, never in a file, a log or a ``repr``.
- They belong to one sign-in. Before every request botocore asks ``refresh_needed``; it
  says yes when the session has no ID token any more (signed out, expired) or one for
  another subject, so the old credentials are never used again, and ``_renew`` then
  raises (signed out) or exchanges the new person's token.
- A renewal presents a fresh ID token from the refresh grant: a person whose sign-in was
  revoked cannot renew their AWS access either.
- STS failures become typed errors with the fix (:mod:`gui.agent.model_errors`).

The role session name is the user's ``sub`` made to fit STS's ``[\\w+=,.@-]{2,64}``, so
CloudTrail names the person. No Qt. Imports gui.aio, gui.errors and gui.agent.model_errors,
and loads boto3/botocore: import this module lazily (gui.agent.models does, on first use).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, runtime_checkable

import boto3
import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.credentials import CredentialProvider, CredentialResolver, RefreshableCredentials
from botocore.exceptions import BotoCoreError, ClientError

from gui.agent.model_errors import (
    ModelCredentialsMissing,
    ModelUnreachable,
    WebIdentityRefused,
    client_error_code,
    map_web_identity_error,
)
from gui.aio import run_blocking
from gui.errors import ModelUnavailable

log = logging.getLogger(__name__)

STS_TIMEOUT = 30.0  # seconds for one exchange, ID-token refresh included
RENEW_MARGIN = 600.0  # renew when fewer seconds than this remain (botocore's advisory time)
MUST_RENEW_MARGIN = 120.0  # below this, requests wait for the renewal (botocore's mandatory)
ID_TOKEN_MIN_TTL = 60.0  # an ID token with less left is refreshed before the exchange
METHOD = "agentcore-web-identity"  # botocore's name for where credentials came from
_SESSION_NAME_OK = re.compile(r"[^A-Za-z0-9_+=,.@-]")
SIGNED_OUT = (
    "Amazon Bedrock uses your sign-in (aws_role_arn is set): sign in to use it, "
    "or unset aws_role_arn to use your own AWS configuration."
)


@runtime_checkable
class IdTokenSource(Protocol):
    """The sign-in as this module needs it (``gui.auth.session.AuthSession``)."""

    @property
    def id_token(self) -> str | None:
        """The last validated ID token, None when signed out."""

    async def refresh_now(self) -> str:
        """Run the refresh grant now (which renews the ID token too)."""


@dataclass(frozen=True)
class TemporaryCredentials:
    """One set of role credentials; secrets are kept out of ``repr``."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expires_at: float  # epoch seconds
    subject: str  # the ``sub`` of the ID token they were issued for
    assumed_role_arn: str = ""


def role_session_name(subject: str) -> str:
    """``subject`` made to fit STS's ``[\\w+=,.@-]{2,64}``; a long one keeps a hash suffix."""
    name = _SESSION_NAME_OK.sub("-", subject)
    if len(name) > 64:
        digest = hashlib.sha256(subject.encode("utf-8")).hexdigest()[:16]
        name = f"{name[:47]}-{digest}"
    return name if len(name) >= 2 else f"user-{name}"


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT the sign-in has already validated (not checked again here)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def resolve_region(environ: Mapping[str, str]) -> str:
    """The Bedrock region: AWS_REGION, AWS_DEFAULT_REGION, or the AWS config's (blocking)."""
    region = environ.get("AWS_REGION") or environ.get("AWS_DEFAULT_REGION")
    if not region:
        try:
            region = boto3.Session().region_name
        except BotoCoreError:
            region = None
    if not region:
        raise ModelUnavailable(
            "Amazon Bedrock needs a region: set AWS_REGION (e.g. us-east-1) "
            "or give your AWS profile a region."
        )
    return region


class SignInCredentials(RefreshableCredentials):
    """botocore credentials that are gone the moment their sign-in is."""

    def __init__(self, owner: WebIdentityCredentials, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._owner = owner

    def get_frozen_credentials(self) -> Any:
        """What botocore signs with; after sign-out, nothing (and no renewal is tried)."""
        if self._owner.signed_out:
            raise ModelCredentialsMissing(SIGNED_OUT)
        return super().get_frozen_credentials()

    def refresh_needed(self, refresh_in: float | None = None) -> bool:
        """Also when the sign-in ended or changed hands: these must not be used then."""
        if not self._owner.holds_current_sign_in():
            return True
        return bool(super().refresh_needed(refresh_in))


class _SignInProvider(CredentialProvider):
    """The one link in this boto3 session's credential chain."""

    METHOD = METHOD
    CANONICAL_NAME = "custom-agentcore-web-identity"

    def __init__(self, credentials: SignInCredentials) -> None:
        super().__init__()
        self._credentials = credentials

    def load(self) -> SignInCredentials:
        return self._credentials


@dataclass(eq=False)  # a service: equal only to itself, and hashable
class WebIdentityCredentials:
    """Temporary credentials of ``role_arn`` for whoever is signed in to ``sign_in``.

    ``clock`` times the credentials' expiry (tests step it); ``duration`` is STS's
    DurationSeconds (None: the role's default, one hour).
    """

    role_arn: str
    sign_in: IdTokenSource
    _: KW_ONLY
    region: str
    duration: int | None = None
    renew_margin: float = RENEW_MARGIN
    must_renew_margin: float = MUST_RENEW_MARGIN
    timeout: float = STS_TIMEOUT
    clock: Callable[[], float] = time.time
    _current: TemporaryCredentials | None = field(init=False, default=None)
    _loop: asyncio.AbstractEventLoop | None = field(init=False, default=None)
    _sts: Any = field(init=False, default=None)
    _sts_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _exchanging: asyncio.Task[TemporaryCredentials] | None = field(init=False, default=None)
    #: How many exchanges succeeded (diagnostics and tests).
    exchanges: int = field(init=False, default=0)

    # -- state -------------------------------------------------------------------------

    @property
    def current(self) -> TemporaryCredentials | None:
        """The credentials in hand, if any."""
        return self._current

    @property
    def signed_out(self) -> bool:
        """True when the sign-in has no ID token (signed out, or its refresh was refused)."""
        return self.sign_in.id_token is None

    def holds_current_sign_in(self) -> bool:
        """True when the credentials in hand were issued for the person signed in now."""
        current = self._current
        token = self.sign_in.id_token
        if current is None or token is None:
            return False
        return str(token_claims(token).get("sub", "")) == current.subject

    def forget(self) -> None:
        """Drop the credentials (sign-out does the same by ending the sign-in)."""
        self._current = None

    # -- exchange ----------------------------------------------------------------------

    async def start(self) -> TemporaryCredentials:
        """Credentials for the current sign-in, exchanging the ID token when needed."""
        self._loop = asyncio.get_running_loop()
        current = self._current
        if (
            current is not None
            and self.holds_current_sign_in()
            and current.expires_at - self.clock() > self.renew_margin
        ):
            return current
        return await self._exchange(fresh=False)

    async def _exchange(self, *, fresh: bool) -> TemporaryCredentials:
        """One exchange at a time: concurrent callers share it."""
        if self._exchanging is None or self._exchanging.done():
            self._exchanging = asyncio.ensure_future(self._do_exchange(fresh=fresh))
        return await asyncio.shield(self._exchanging)

    async def _do_exchange(self, *, fresh: bool) -> TemporaryCredentials:
        token = await self._id_token(fresh=fresh)
        try:
            credentials = await self._assume_in_thread(token)
        except WebIdentityRefused as refused:
            if not isinstance(refused.__cause__, ClientError) or client_error_code(
                refused.__cause__
            ) not in ("ExpiredTokenException", "ExpiredToken"):
                raise
            # STS's clock says the ID token expired: renew it once and try again.
            credentials = await self._assume_in_thread(await self._id_token(fresh=True))
        if self.sign_in.id_token is None:  # signed out while STS answered
            raise ModelCredentialsMissing(SIGNED_OUT)
        self._current = credentials
        self.exchanges += 1
        log.info(
            "AWS credentials for %s until %s",
            credentials.assumed_role_arn or self.role_arn,
            datetime.fromtimestamp(credentials.expires_at, UTC).isoformat(timespec="seconds"),
        )
        return credentials

    async def _id_token(self, *, fresh: bool) -> str:
        token = self.sign_in.id_token
        if token is None:
            raise ModelCredentialsMissing(SIGNED_OUT)
        exp = token_claims(token).get("exp")
        # ID-token times are the provider's real time, not the credentials' clock.
        stale = not isinstance(exp, int | float) or exp - time.time() < ID_TOKEN_MIN_TTL
        if fresh or stale:
            await self.sign_in.refresh_now()
            token = self.sign_in.id_token
            if token is None:
                raise ModelCredentialsMissing(SIGNED_OUT)
        return token

    async def _assume_in_thread(self, token: str) -> TemporaryCredentials:
        try:
            return await run_blocking(lambda: self._assume(token), within=self.timeout)
        except TimeoutError:
            raise ModelUnreachable(
                f"AWS STS did not answer within {self.timeout:g} s while exchanging your "
                "sign-in for AWS credentials. Check your network connection or proxy."
            ) from None

    def _assume(self, token: str) -> TemporaryCredentials:
        """The STS call (blocking). The token is sent, never logged."""
        claims = token_claims(token)
        subject = str(claims.get("sub", ""))
        if not subject:
            raise WebIdentityRefused("The sign-in's ID token names no user (no 'sub' claim).")
        request: dict[str, Any] = {
            "RoleArn": self.role_arn,
            "RoleSessionName": role_session_name(subject),
            "WebIdentityToken": token,
        }
        if self.duration:
            request["DurationSeconds"] = self.duration
        try:
            answer = self._sts_client().assume_role_with_web_identity(**request)
        except (ClientError, BotoCoreError) as exc:
            issuer = str(claims.get("iss", ""))
            raise map_web_identity_error(exc, self.role_arn, issuer) from exc
        got = answer["Credentials"]
        expiration = got["Expiration"]
        return TemporaryCredentials(
            access_key_id=got["AccessKeyId"],
            secret_access_key=got["SecretAccessKey"],
            session_token=got["SessionToken"],
            expires_at=expiration.timestamp(),
            subject=subject,
            assumed_role_arn=answer.get("AssumedRoleUser", {}).get("Arn", ""),
        )

    def _sts_client(self) -> Any:
        with self._sts_lock:
            if self._sts is None:
                session = botocore.session.Session()
                # Unsigned: never look for AWS keys (nor ask the instance metadata service).
                session.register_component("credential_provider", CredentialResolver([]))
                self._sts = session.create_client(
                    "sts",
                    region_name=self.region,
                    config=Config(
                        signature_version=UNSIGNED,
                        connect_timeout=10,
                        read_timeout=20,
                        retries={"mode": "standard", "total_max_attempts": 2},
                    ),
                )
            return self._sts

    # -- botocore's side ---------------------------------------------------------------

    def _renew(self) -> dict[str, str]:
        """botocore's ``refresh_using``: a fresh exchange, run on the loop from its thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            raise ModelCredentialsMissing(SIGNED_OUT)
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            raise RuntimeError("AWS credentials were renewed on the event loop, which would block")
        future = asyncio.run_coroutine_threadsafe(self._exchange(fresh=True), loop)
        try:
            credentials = future.result(timeout=self.timeout + 5)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ModelUnreachable(
                "Renewing the AWS credentials from your sign-in timed out."
            ) from None
        return _metadata(credentials)

    def botocore_credentials(self) -> SignInCredentials:
        """Credentials for botocore that renew themselves; call after :meth:`start`."""
        current = self._current
        if current is None:
            raise ModelCredentialsMissing(SIGNED_OUT)
        metadata = _metadata(current)
        return SignInCredentials(
            self,
            access_key=metadata["access_key"],
            secret_key=metadata["secret_key"],
            token=metadata["token"],
            expiry_time=datetime.fromtimestamp(current.expires_at, UTC),
            refresh_using=self._renew,
            method=METHOD,
            time_fetcher=lambda: datetime.fromtimestamp(self.clock(), UTC),
            advisory_timeout=self.renew_margin,
            mandatory_timeout=self.must_renew_margin,
        )

    def boto_session(self) -> boto3.Session:
        """A boto3 session whose only credentials are these (blocking: loads botocore data)."""
        session = botocore.session.Session()
        provider = _SignInProvider(self.botocore_credentials())
        session.register_component("credential_provider", CredentialResolver([provider]))
        return boto3.Session(botocore_session=session, region_name=self.region)


def _metadata(credentials: TemporaryCredentials) -> dict[str, str]:
    """The dict botocore's ``refresh_using`` returns."""
    return {
        "access_key": credentials.access_key_id,
        "secret_key": credentials.secret_access_key,
        "token": credentials.session_token,
        "expiry_time": datetime.fromtimestamp(credentials.expires_at, UTC).isoformat(),
    }


async def web_identity_model(choice: Any, sign_in: object, environ: Mapping[str, str]) -> Any:
    """strands' BedrockModel for ``choice`` with credentials from the sign-in's ID token."""
    if not isinstance(sign_in, IdTokenSource):
        raise ModelUnavailable(
            "aws_role_arn needs the app's sign-in to get AWS credentials; none was given."
        )
    region = await run_blocking(lambda: resolve_region(environ), within=STS_TIMEOUT)
    identity = WebIdentityCredentials(choice.aws_role_arn, sign_in, region=region)
    await identity.start()

    def build() -> Any:
        from strands.models.bedrock import BedrockModel

        return BedrockModel(boto_session=identity.boto_session(), model_id=choice.name)

    return await run_blocking(build, within=STS_TIMEOUT)
