"""Typed errors, each carrying a message meant for the person using the app.

Errors from libraries (requests, keyring, jwt, mcp) are translated where they
enter our code, ``raise Mapped(message) from exc``, so the view only ever sees
this tree and decides how to show it::

    AppError
    ├── ConfigError                 a setting is missing or malformed
    ├── NetworkError                could not reach a server (retry may help)
    │   └── CertificateError        the server's TLS certificate is not trusted
    ├── ProtocolError               a server answered with something we cannot use
    ├── AuthError                   sign-in did not succeed
    │   ├── AccessDenied            the provider refused (e.g. missing role)
    │   ├── CodeExpired             the device code ran out before approval
    │   ├── SignInCancelled         the person stopped it
    │   ├── SessionExpired          the refresh token is no longer valid: sign in again
    │   │   └── IdentityChanged     a refresh came back as another person: sign in again
    │   ├── AccessRevoked           the provider refused a refresh (role removed)
    │   ├── NotSignedIn             nothing to resume
    │   ├── InvalidToken            a token failed validation
    │   ├── DeviceFlowUnavailable   the provider has no device code sign-in (use the browser)
    │   └── BrowserSignInTimedOut   the browser never came back to the app
    ├── SignInBusy                  another process held the sign-in lock too long (retry)
    ├── StoreError                  the keyring cannot remember the sign-in
    ├── HistoryUnavailable          conversations cannot be saved (corrupt or locked file)
    └── ChatError                   asking the gateway or model failed
        ├── GatewayUnreachable
        ├── NotAuthorised           401 after a refresh
        │   └── WrongAuthorizationServer   the gateway trusts another sign-in server
        ├── Forbidden               403 (scope or role)
        │   └── ScopeRequired       403 insufficient_scope: signing in again may help
        ├── ToolFailed
        ├── ToolTimeout
        ├── ConsentRequired         a tool needs the person to connect an account (-32042)
        └── ModelUnavailable        provider credentials or endpoint missing

No message ever contains a token: messages are written here or taken from
a provider's ``error_description``, never from a request or response body
wholesale.

:func:`causes` is the one walk over what a foreign exception wraps (``__cause__``,
``__context__``, exception-group members, urllib3's ``reason``, exceptions passed as
arguments): the mappers in :mod:`gui.net`, :mod:`gui.agent.models` and
:mod:`gui.gateway.errors` look for what they recognise along it. :func:`other_end_gone`
recognises the errors that only say a stream's other end had gone (a call abandoned, a
server stopping); :class:`OtherEndGoneFilter` demotes a library's log record of one.

Imports nothing of the app and no library (``logging`` only): every module may import
this one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

MAX_CAUSES = 64  # exceptions visited at most: a hostile or looping chain must end


class AppError(Exception):
    """Base of every error the app shows; ``message`` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(AppError):
    """A setting is missing or has a bad value; ``setting`` names it."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting
        self.problem = problem


class NetworkError(AppError):
    """A server could not be reached or did not answer in time."""


class CertificateError(NetworkError):
    """A server's TLS certificate failed verification; ``host`` names the server."""

    def __init__(self, host: str, message: str) -> None:
        super().__init__(message)
        self.host = host


class ProtocolError(AppError):
    """A server answered, but not with something we can use."""


class AuthError(AppError):
    """Sign-in or token refresh did not succeed."""


class AccessDenied(AuthError):
    """The provider refused the sign-in; ``reason`` is its own description."""

    def __init__(self, reason: str | None) -> None:
        self.reason = reason or "The sign-in was denied."
        super().__init__(f"Access denied: {self.reason}")


class CodeExpired(AuthError):
    """The device code expired before it was approved."""

    def __init__(self) -> None:
        super().__init__("The sign-in code expired before it was approved. Try again.")


class SignInCancelled(AuthError):
    """The person cancelled the sign-in."""

    def __init__(self) -> None:
        super().__init__("Sign-in cancelled.")


class SessionExpired(AuthError):
    """The stored sign-in is no longer valid; the person must sign in again."""

    def __init__(self) -> None:
        super().__init__("Your sign-in has expired. Please sign in again.")


class IdentityChanged(SessionExpired):
    """A refresh returned tokens for another subject than the one signed in.

    The stored sign-in belongs to someone else now (another process signed in as
    another person): this one stops rather than act as them.
    """

    def __init__(self) -> None:
        AuthError.__init__(
            self,
            "The saved sign-in now belongs to another account (someone signed in "
            "elsewhere on this computer). Please sign in again.",
        )


class AccessRevoked(AuthError):
    """The provider refused a refresh: access was taken away (e.g. role removed)."""

    def __init__(self, reason: str | None) -> None:
        self.reason = reason or "access was revoked"
        super().__init__(f"Your access was revoked: {self.reason}")


class NotSignedIn(AuthError):
    """No sign-in is remembered."""

    def __init__(self) -> None:
        super().__init__("Not signed in.")


class InvalidToken(AuthError):
    """A token from the provider failed validation."""


class DeviceFlowUnavailable(AuthError):
    """The provider offers no device authorization grant: the browser sign-in is the way."""

    def __init__(self) -> None:
        super().__init__(
            "This provider does not offer the device authorization grant (sign-in with a "
            "code). Use this computer's browser to sign in instead."
        )


class BrowserSignInTimedOut(AuthError):
    """The browser did not come back to the app in time (closed, or left unanswered)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        minutes = max(1, round(seconds / 60))
        wait = (
            f"{minutes} minute{'s' if minutes != 1 else ''}" if seconds >= 60 else f"{seconds:g} s"
        )
        super().__init__(
            f"The browser did not come back within {wait}: the sign-in page may have been "
            "closed. Start the sign-in again."
        )


class SignInBusy(AppError):
    """Another process held the sign-in lock past the timeout; retrying later may help.

    Not an AuthError: the sign-in itself is fine (and kept), only this attempt gave up.
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        super().__init__(
            "Another AgentCore Chat process is renewing the sign-in and did not finish "
            f"within {timeout:g} seconds. Try again in a moment; if this keeps happening, close "
            "other AgentCore Chat windows and terminal commands."
        )


class StoreError(AppError):
    """The OS keyring cannot be used; the sign-in will not be remembered."""


class HistoryUnavailable(AppError):
    """The conversation history cannot be used; the app goes on without it.

    ``moved_to`` is where a damaged file was moved (it is never deleted).
    """

    def __init__(self, message: str, *, moved_to: object | None = None) -> None:
        super().__init__(message)
        self.moved_to = moved_to


class ChatError(AppError):
    """Asking the gateway or the model failed."""


class GatewayUnreachable(ChatError):
    """The gateway could not be reached."""


class NotAuthorised(ChatError):
    """The gateway rejected the token even after a refresh."""


class WrongAuthorizationServer(NotAuthorised):
    """The gateway trusts another sign-in server than the profile's (RFC 9728 metadata).

    ``gateway_hosts`` are the hosts of the servers the gateway names, ``profile_host``
    the host of the profile's issuer.
    """

    def __init__(self, gateway_hosts: tuple[str, ...], profile_host: str) -> None:
        self.gateway_hosts = gateway_hosts
        self.profile_host = profile_host
        names = " or ".join(gateway_hosts)
        super().__init__(
            f"The gateway accepts sign-ins from {names}, but this profile signs in at "
            f"{profile_host}. Ask your administrator which sign-in server (and client id) "
            "belong to this gateway, and change the profile's settings."
        )


class Forbidden(ChatError):
    """The gateway refused: the token lacks a scope or role."""


class ScopeRequired(Forbidden):
    """403 ``insufficient_scope`` naming the scopes needed (MCP step-up authorization).

    ``scope`` is the space-separated list the gateway named: signing in again asking
    for them as well may be enough.
    """

    def __init__(self, message: str, scope: str) -> None:
        super().__init__(message)
        self.scope = scope


class ToolFailed(ChatError):
    """A tool ran and reported an error."""


class ToolTimeout(ChatError):
    """A tool did not answer in time."""


class ConsentRequired(ChatError):
    """A tool needs the person to connect an account first (MCP URL elicitation, -32042).

    ``prompt`` is the server's own message (one line), ``url`` the link to open (untrusted:
    check it with ``gui.untrusted.is_openable_link`` before opening), ``elicitation_id``
    what ``notifications/elicitation/complete`` names when the server sees the consent.
    """

    def __init__(self, prompt: str, url: str, elicitation_id: str | None) -> None:
        super().__init__(f"{prompt} Connect at: {url}")
        self.prompt = prompt
        self.url = url
        self.elicitation_id = elicitation_id


class ModelUnavailable(ChatError):
    """The model provider cannot be used (credentials or endpoint missing)."""


def causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it wraps, depth first, each once.

    After an exception come its exception-group members (in order), then its
    ``__cause__``, ``__context__``, ``reason`` (urllib3) and any exception among its
    ``args``, each followed by what it wraps in turn. ``__suppress_context__`` is not
    honoured: ``raise Mapped(...) from None`` hides the original from tracebacks, not
    from a mapper looking for, say, the certificate failure underneath.
    """
    seen: set[int] = set()
    stack = [exc]
    while stack and len(seen) < MAX_CAUSES:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked: list[object] = []
        if isinstance(current, BaseExceptionGroup):
            linked.extend(current.exceptions)
        linked += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        linked.extend(current.args)
        stack.extend(reversed([e for e in linked if isinstance(e, BaseException)]))


# Exceptions that only say the other end of a stream had gone (a session ended, a client
# left): by module and name, so that checking costs no import of anyio or starlette.
_OTHER_END_GONE = frozenset(
    {
        ("anyio", "ClosedResourceError"),
        ("anyio", "BrokenResourceError"),
        ("starlette.requests", "ClientDisconnect"),
    }
)


def other_end_gone(error: BaseException | None) -> bool:
    """True for an error that only says a stream's other end had gone (closed, broken)."""
    return error is not None and (type(error).__module__, type(error).__name__) in _OTHER_END_GONE


class OtherEndGoneFilter(logging.Filter):
    """A logger filter: a record whose exception is :func:`other_end_gone` becomes DEBUG.

    mcp logs such errors with a traceback when a call is abandoned (Stop, Ctrl+C) or a
    server stops under a session: nothing anybody can act on. The record is kept only
    when its logger is enabled for DEBUG (``--debug``), without the traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Demote ``record`` if its exception says the other end had gone."""
        error = record.exc_info[1] if record.exc_info else None
        if not other_end_gone(error):
            return True
        record.msg = f"{record.getMessage()} (the other end had gone: {error!r})"
        record.args = None
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        record.exc_info, record.exc_text = None, None
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


_QUIETED = OtherEndGoneFilter()


def quiet_when_other_end_gone(logger_name: str) -> None:
    """Put :class:`OtherEndGoneFilter` on ``logger_name`` (idempotent)."""
    logging.getLogger(logger_name).addFilter(_QUIETED)
