"""RFC 8628 device authorization grant in two calls: ``request_code`` then ``poll``.

``poll`` is cancelled by cancelling its task. Every answer is judged by its
``error`` field, never by the HTTP status: Auth0 answers a pending poll with
403 and an Action's denial with a 5xx that still says ``access_denied``.

Numbers in an answer (``expires_in``, ``interval``) are checked by :func:`seconds`:
JSON as Python reads it allows ``NaN`` and ``1e999`` (infinity), and a value that
is not a finite number of seconds within reason is a ProtocolError naming the
field. A token answer's refresh token is readable on its own
(:func:`refresh_token_of`), so a caller can store a rotated token before the
rest of the answer is judged.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from gui.auth.http import HttpClient, HttpResponse
from gui.auth.oidc import ProviderMetadata, SignInRequest
from gui.errors import (
    AccessDenied,
    AuthError,
    CodeExpired,
    DeviceFlowUnavailable,
    NetworkError,
    ProtocolError,
)

log = logging.getLogger(__name__)

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_INTERVAL = 5
SLOW_DOWN_STEP = 5
# Clocks in VMs drift; polling exactly on the interval earns endless slow_down.
SAFETY_MARGIN = 0.25
# The largest values taken from a provider; anything above is a broken answer.
MAX_INTERVAL = 600  # seconds between polls (RFC 8628 suggests 5)
MAX_CODE_LIFETIME = 24 * 3600  # a device code's expires_in (Auth0: 900 s)
MAX_TOKEN_LIFETIME = 400 * 24 * 3600  # a token's expires_in (Auth0 allows up to 30 days)

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class DeviceCode:
    """What the person needs to approve the sign-in, and what we poll with."""

    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_in: int
    interval: int
    issued_at: float  # monotonic clock

    @property
    def link(self) -> str:
        """The link to open: with the code in it when the provider offers one."""
        return self.verification_uri_complete or self.verification_uri

    def expires_at(self) -> float:
        """Monotonic time at which the code stops working."""
        return self.issued_at + self.expires_in


@dataclass(frozen=True)
class TokenResponse:
    """A successful token endpoint answer. Secrets are kept out of repr."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    id_token: str | None = field(default=None, repr=False)
    expires_in: int | None = None
    scope: str = ""
    token_type: str = "Bearer"


@dataclass
class PollPolicy:
    """When to ask next: interval + margin, +5 s per slow_down, within the deadline."""

    interval: float
    deadline: float
    margin: float = SAFETY_MARGIN
    backoff: float = 1.0
    max_backoff: float = 30.0
    _failures: int = 0

    def next_wait(self) -> float:
        """Seconds to wait before the next regular poll."""
        return self.interval + self.margin

    def slow_down(self) -> None:
        """The provider asked us to slow down (RFC 8628 §3.5)."""
        self.interval += SLOW_DOWN_STEP

    def transient_wait(self) -> float:
        """Seconds to wait after a transient failure: exponential, at least the interval."""
        self._failures += 1
        step = min(self.backoff * 2 ** (self._failures - 1), self.max_backoff)
        return max(self.next_wait(), step)

    def succeeded(self) -> None:
        """A real answer came: forget earlier transient failures."""
        self._failures = 0


def seconds(
    data: dict[str, object], name: str, *, low: float, high: float, what: str
) -> int | None:
    """``data[name]`` as whole seconds in ``[low, high]``; None when absent.

    ``what`` names the answer in the message ("token answer"). A boolean, a string,
    NaN, an infinity or a value out of range is a ProtocolError.
    """
    value = data.get(name)
    if value is None:
        return None
    usable = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )
    if not usable:
        shown = repr(value) if isinstance(value, int | float) else type(value).__name__
        raise ProtocolError(
            f"The provider's {what} has {name} {shown[:40]}, which is not a usable number "
            f"of seconds (expected {low:g} to {high:g})."
        )
    return int(value)  # type: ignore[arg-type]


def refresh_token_of(data: dict[str, object]) -> str | None:
    """The refresh token of a token answer, if it has one (read before anything is checked)."""
    refresh = data.get("refresh_token")
    return refresh if isinstance(refresh, str) and refresh else None


def token_response(data: dict[str, object]) -> TokenResponse:
    """Validate the fields of a 200 token answer."""
    access = data.get("access_token")
    if not isinstance(access, str) or not access:
        raise ProtocolError("The provider's token answer has no access token.")
    id_token = data.get("id_token")
    expires_in = seconds(data, "expires_in", low=0, high=MAX_TOKEN_LIFETIME, what="token answer")
    return TokenResponse(
        access_token=access,
        refresh_token=refresh_token_of(data),
        id_token=id_token if isinstance(id_token, str) and id_token else None,
        expires_in=expires_in,
        scope=str(data.get("scope") or ""),
        token_type=str(data.get("token_type") or "Bearer"),
    )


def error_of(response: HttpResponse) -> tuple[str | None, str | None]:
    """The OAuth ``error`` and ``error_description`` of an answer, if any."""
    data = response.json_object()
    if data is None:
        return None, None
    error = data.get("error")
    description = data.get("error_description")
    return (
        error if isinstance(error, str) else None,
        description if isinstance(description, str) else None,
    )


async def request_code(
    http: HttpClient,
    metadata: ProviderMetadata,
    request: SignInRequest,
    *,
    attempts: int = 3,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = time.monotonic,
) -> DeviceCode:
    """Ask the provider for a device code for ``request`` (its fields as the form).

    A provider without a device endpoint raises DeviceFlowUnavailable.
    """
    endpoint = metadata.device_authorization_endpoint
    if endpoint is None:
        raise DeviceFlowUnavailable()
    form = request.params()
    for attempt in range(1, attempts + 1):
        last: AuthError | NetworkError
        try:
            response = await http.post_form(endpoint, form)
        except NetworkError as exc:
            last = exc
        else:
            error, description = error_of(response)
            if response.status == 200 and error is None:
                return _device_code(response, clock())
            if error == "access_denied":
                raise AccessDenied(description)
            if error is not None and not response.is_transient:
                raise AuthError(_describe(error, description, "The provider refused the sign-in"))
            if not response.is_transient:
                raise ProtocolError(
                    f"{response.host} answered the sign-in request with HTTP {response.status}."
                )
            last = response.transient_error()
        if attempt < attempts:
            await sleep(0.5 * 2 ** (attempt - 1))
    raise last


def _device_code(response: HttpResponse, now: float) -> DeviceCode:
    data = response.require_json()
    what = "device code answer"
    try:
        device_code = data["device_code"]
        user_code = data["user_code"]
        uri = data.get("verification_uri") or data["verification_url"]  # Google's old spelling
    except KeyError as exc:
        raise ProtocolError("The provider's device code answer is incomplete.") from exc
    expires_in = seconds(data, "expires_in", low=1, high=MAX_CODE_LIFETIME, what=what)
    if expires_in is None:
        raise ProtocolError("The provider's device code answer is incomplete.")
    interval = seconds(data, "interval", low=0, high=MAX_INTERVAL, what=what)
    complete = data.get("verification_uri_complete")
    if not all(isinstance(v, str) and v for v in (device_code, user_code, uri)):
        raise ProtocolError("The provider's device code answer is incomplete.")
    return DeviceCode(
        device_code=device_code,
        user_code=user_code,
        verification_uri=uri,
        verification_uri_complete=complete if isinstance(complete, str) and complete else None,
        expires_in=expires_in,
        interval=DEFAULT_INTERVAL if interval is None else interval,
        issued_at=now,
    )


async def poll(
    http: HttpClient,
    metadata: ProviderMetadata,
    code: DeviceCode,
    *,
    client_id: str,
    sleep: Sleep = asyncio.sleep,
    clock: Clock = time.monotonic,
    policy: PollPolicy | None = None,
) -> TokenResponse:
    """Wait until the person approves or denies, the code expires, or we are cancelled."""
    policy = policy or PollPolicy(interval=code.interval, deadline=code.expires_at())
    form = {"grant_type": DEVICE_GRANT, "device_code": code.device_code, "client_id": client_id}
    wait = policy.next_wait()
    last_failure: NetworkError | None = None
    try:
        while True:
            remaining = policy.deadline - clock()
            if remaining <= 0:
                if last_failure is not None:
                    raise last_failure
                raise CodeExpired()
            await sleep(min(wait, remaining))
            if clock() >= policy.deadline:
                if last_failure is not None:
                    raise last_failure
                raise CodeExpired()
            try:
                response = await http.post_form(metadata.token_endpoint, form)
            except NetworkError as exc:
                log.info("Poll failed (%s); retrying", exc.message)
                last_failure, wait = exc, policy.transient_wait()
                continue
            error, description = error_of(response)
            if response.status == 200 and error is None:
                return token_response(response.require_json())
            if error == "authorization_pending":
                policy.succeeded()
                last_failure, wait = None, policy.next_wait()
            elif error == "slow_down":
                policy.succeeded()
                policy.slow_down()
                log.info("Provider asked to slow down; polling every %ss", policy.interval)
                last_failure, wait = None, policy.next_wait()
            elif error == "access_denied":
                raise AccessDenied(description)
            elif error == "expired_token":
                raise CodeExpired()
            elif error is not None and not response.is_transient:
                raise AuthError(_describe(error, description, "Sign-in failed"))
            elif response.is_transient or response.json_object() is None:
                last_failure, wait = response.transient_error(), policy.transient_wait()
                log.info("Poll got HTTP %s; retrying", response.status)
            else:
                raise ProtocolError(
                    f"{response.host} answered the poll with HTTP {response.status} "
                    "and no OAuth error."
                )
    except asyncio.CancelledError:
        log.info("Sign-in polling cancelled")
        raise


def _describe(error: str, description: str | None, prefix: str) -> str:
    return f"{prefix}: {description or error}"
