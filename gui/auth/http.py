"""The sign-in core's one door to the network: form posts and JSON gets.

``requests`` runs in a daemon thread (see :func:`gui.aio.run_blocking`); its
exceptions are mapped here to :class:`~gui.errors.NetworkError` with a message
naming the host, never the URL's query or a request body.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from gui.aio import run_blocking
from gui.errors import NetworkError, ProtocolError

log = logging.getLogger(__name__)

USER_AGENT = "agentcore-chat/0.1"


@dataclass(frozen=True)
class HttpResponse:
    """A server's answer: status and raw body (the body may hold tokens: no repr)."""

    url: str
    status: int
    body: bytes = field(repr=False)

    @property
    def host(self) -> str:
        """The host that answered, for messages."""
        return urlsplit(self.url).netloc

    @property
    def is_transient(self) -> bool:
        """5xx and 429: the server is failing or busy, worth retrying later."""
        return self.status >= 500 or self.status == 429

    def transient_error(self) -> NetworkError:
        """The message for a server that is failing rather than answering."""
        if self.status == 429:
            return NetworkError(
                f"{self.host} is rate limiting requests (HTTP 429). Try again soon."
            )
        if self.status < 500 and self.json_object() is None:
            return NetworkError(f"{self.host} answered with something that is not JSON.")
        return NetworkError(f"{self.host} is having trouble (HTTP {self.status}). Try again soon.")

    def json_object(self) -> dict[str, Any] | None:
        """The body as a JSON object, or None when it is not one."""
        try:
            data = json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            return None
        return data if isinstance(data, dict) else None

    def require_json(self) -> dict[str, Any]:
        """The body as a JSON object, or ProtocolError saying what came instead."""
        data = self.json_object()
        if data is None:
            raise ProtocolError(
                f"{self.host} answered with something that is not JSON (HTTP {self.status})."
            )
        return data


class HttpClient:
    """Blocking ``requests`` calls made awaitable, with errors mapped."""

    def __init__(self, *, timeout: float = 10.0, session: requests.Session | None = None) -> None:
        self.timeout = timeout
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT

    async def post_form(self, url: str, data: Mapping[str, str]) -> HttpResponse:
        """POST ``application/x-www-form-urlencoded``; any HTTP status is returned."""
        return await self._send("POST", url, data=dict(data))

    async def get(self, url: str) -> HttpResponse:
        """GET; any HTTP status is returned."""
        return await self._send("GET", url)

    async def get_json(self, url: str) -> dict[str, Any]:
        """GET a JSON object; a non-200 status or a non-JSON body is a ProtocolError."""
        response = await self.get(url)
        if response.is_transient:
            raise response.transient_error()
        if response.status != 200:
            raise ProtocolError(
                f"{response.host} answered HTTP {response.status} for {_path(url)}."
            )
        return response.require_json()

    async def _send(self, method: str, url: str, **kwargs: Any) -> HttpResponse:
        host = urlsplit(url).netloc

        def call() -> HttpResponse:
            try:
                r = self._session.request(
                    method,
                    url,
                    timeout=self.timeout,
                    allow_redirects=False,
                    headers={"Accept": "application/json"},
                    **kwargs,
                )
                return HttpResponse(url=url, status=r.status_code, body=r.content)
            except requests.Timeout as exc:
                raise NetworkError(
                    f"{host} did not answer within {self.timeout:g} seconds."
                ) from exc
            except requests.ConnectionError as exc:
                raise NetworkError(f"Cannot connect to {host}. Check your network.") from exc
            except requests.RequestException as exc:
                raise NetworkError(f"Request to {host} failed ({type(exc).__name__}).") from exc

        response = await run_blocking(call)
        log.debug("%s %s%s -> %s", method, host, _path(url), response.status)
        return response

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()


def _path(url: str) -> str:
    # Only the path: queries can carry codes.
    return urlsplit(url).path
