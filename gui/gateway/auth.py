"""Who the gateway sees: the bearer token on every request, as one ``httpx2.Auth``.

::

    httpx2.AsyncClient(auth=BearerAuth(tokens))   one per GatewayClient, shared by its sessions
         │  async_auth_flow, per request
         ├──► tokens.access_token(min_ttl)   renewed before use when less than min_ttl is left
         └──► on a 401: tokens.refresh_now() once (unless another request renewed it), resend

Invariants: nothing raises out of the flow (an exception there would tear down the
whole MCP transport); a token-source failure or a final 401 / 403 is *recorded*, the
request goes out (or its 401 comes back), mcp reports a generic error, and the caller
asks :meth:`BearerAuth.problem_since` what really happened. What the gateway says in
``WWW-Authenticate`` is untrusted: it reaches a message only through
:func:`gui.untrusted.one_line`.

The MCP authorization rules where they fit: a 403 ``insufficient_scope`` naming a
``scope`` becomes :class:`~gui.errors.ScopeRequired` (the front ends offer to sign in
again asking for it); a final 401 with ``resource_metadata`` has the gateway's RFC 9728
metadata read (:mod:`gui.gateway.resource_metadata`), and when it trusts another
sign-in server than the profile's ``issuer`` the error says so
(:class:`~gui.errors.WrongAuthorizationServer`).

Imports httpx2, :mod:`gui.errors` and :mod:`gui.untrusted`; never mcp.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import httpx2

from gui.errors import AppError, ChatError, Forbidden, NotAuthorised, ScopeRequired
from gui.untrusted import MAX_DETAIL, one_line

__all__ = [
    "REFRESH_MARGIN",
    "BearerAuth",
    "Rejection",
    "TokenSource",
    "parse_challenge",
    "rejection_error",
]

REFRESH_MARGIN = 120.0  # seconds of validity below which a token is renewed before use
_CHALLENGE_PARAM = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')


class TokenSource(Protocol):
    """Where access tokens come from (``AuthSession`` is one)."""

    async def access_token(self, min_ttl: float | None = None) -> str:
        """A token valid for at least ``min_ttl`` more seconds."""
        ...

    async def refresh_now(self) -> str:
        """A freshly issued token (the gateway rejected the current one)."""
        ...


@dataclass(frozen=True)
class Rejection:
    """What the gateway said when it turned a request away (401 or 403)."""

    status: int
    error: str | None = None
    description: str | None = None
    scope: str | None = None
    resource_metadata: str | None = None  # RFC 9728: where the gateway describes itself


def parse_challenge(header: str) -> dict[str, str]:
    """The parameters of a ``WWW-Authenticate: Bearer k="v", ...`` challenge."""
    _, _, params = header.strip().partition(" ")
    return {key.lower(): quoted or bare for key, quoted, bare in _CHALLENGE_PARAM.findall(params)}


def rejection_error(rejection: Rejection) -> ChatError:
    """The typed error for a final 401 / 403."""
    detail = rejection.description
    if rejection.status == 403:
        if rejection.scope:
            return ScopeRequired(
                f"The gateway refused access: your sign-in lacks the '{rejection.scope}' "
                "permission. Sign in again to ask for it; if the gateway still refuses, "
                "ask your administrator for access.",
                rejection.scope,
            )
        reason = f" ({detail})" if detail else ""
        return Forbidden(
            f"The gateway refused access{reason}. Ask your administrator for access to its tools."
        )
    reason = f" ({detail})" if detail else ""
    return NotAuthorised(
        f"The gateway did not accept your sign-in, even after renewing it{reason}. "
        "Sign out and sign in again."
    )


class BearerAuth(httpx2.Auth):
    """Bearer token on every request; one refresh and retry on a 401; problems recorded.

    Nothing raises out of the flow: an exception here would tear down the whole MCP
    transport. A token-source failure or a final 401/403 is recorded instead, the
    request goes out (or its 401 comes back) and mcp reports a generic error, which
    the call site maps with :meth:`problem_since`.
    """

    def __init__(
        self,
        tokens: TokenSource,
        *,
        min_ttl: float = REFRESH_MARGIN,
        issuer: str = "",
        resource: str = "",
        ca_file: str = "",
    ) -> None:
        """``issuer``, ``resource``: the profile's sign-in server and the gateway's URL, to
        tell a gateway that trusts another server apart (empty: not checked)."""
        self._tokens = tokens
        self._min_ttl = min_ttl
        self._issuer = issuer
        self._resource = resource
        self._ca_file = ca_file
        self._serial = 0
        self._problem: AppError | None = None
        self._failed = 0
        self._last_status: int | None = None

    def mark(self) -> tuple[int, int]:
        """A snapshot to take before a request, for :meth:`problem_since` / :meth:`status_since`."""
        return (self._serial, self._failed)

    def problem_since(self, mark: tuple[int, int]) -> AppError | None:
        """The latest auth problem, if one was recorded after ``mark`` was taken."""
        return self._problem if self._serial > mark[0] else None

    def status_since(self, mark: tuple[int, int]) -> int | None:
        """The latest HTTP error status (>= 400), if one came after ``mark`` was taken."""
        return self._last_status if self._failed > mark[1] else None

    def sync_auth_flow(self, request: httpx2.Request) -> Iterator[httpx2.Request]:
        """Not supported: the token source is asynchronous."""
        raise RuntimeError("BearerAuth works only with httpx2.AsyncClient")

    async def async_auth_flow(self, request: httpx2.Request):  # type: ignore[override]
        """Authorise ``request``; on a 401 renew the token once and send it again."""
        token = await self._token()
        if token is not None:
            request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if token is None:  # the token source failed (recorded): that is the news
            self._count_failure(response)
            return
        if response.status_code == 401:
            renewed = await self._renewed(token)
            if renewed is None:
                # The sign-in itself failed (recorded): that, not the 401, is the news.
                self._count_failure(response)
                return
            request.headers["Authorization"] = f"Bearer {renewed}"
            response = yield request
        self._count_failure(response)
        if response.status_code in (401, 403):
            rejection = _rejection_of(response)
            self._record(await self._explained(rejection) or rejection_error(rejection))

    def _count_failure(self, response: httpx2.Response) -> None:
        if response.status_code >= 400:
            self._last_status = response.status_code
            self._failed += 1

    async def _token(self) -> str | None:
        try:
            return await self._tokens.access_token(self._min_ttl)
        except AppError as exc:
            self._record(exc)
            return None

    async def _renewed(self, used: str) -> str | None:
        # A concurrent request may have renewed it already: use that, do not refresh twice.
        current = await self._token()
        if current is None or current != used:
            return current
        try:
            return await self._tokens.refresh_now()
        except AppError as exc:
            self._record(exc)
            return None

    async def _explained(self, rejection: Rejection) -> AppError | None:
        """A final 401 from a gateway that trusts another sign-in server: say which."""
        if rejection.status != 401 or not (rejection.resource_metadata and self._issuer):
            return None
        from gui.gateway import resource_metadata  # only on this rare path

        try:
            metadata = await resource_metadata.fetch(
                rejection.resource_metadata, self._resource, ca_file=self._ca_file
            )
        except Exception:  # nothing may raise out of the flow
            return None
        if metadata is None:
            return None
        return resource_metadata.wrong_authorization_server(metadata, self._issuer)

    def _record(self, problem: AppError) -> None:
        self._problem = problem
        self._serial += 1


def _rejection_of(response: httpx2.Response) -> Rejection:
    params = parse_challenge(response.headers.get("www-authenticate", ""))

    def detail(name: str) -> str | None:
        return one_line(params.get(name), MAX_DETAIL) or None

    return Rejection(
        status=response.status_code,
        error=detail("error"),
        description=detail("error_description"),
        scope=detail("scope") if response.status_code == 403 else None,
        resource_metadata=params.get("resource_metadata") or None,
    )
