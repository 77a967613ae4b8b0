"""The sign-in core's one door to the network: form posts and JSON gets.

``requests`` runs in a daemon thread (see :func:`gui.aio.run_blocking`); its
exceptions are mapped here to :class:`~gui.errors.NetworkError` with a message
naming the host, never the URL's query or a request body.

Trust and proxy come from :mod:`gui.net`, as for the gateway: the OS store (plus
the ``ca_file`` setting) through an adapter that hands urllib3 our SSL context,
and the proxy :func:`gui.net.proxy_for` picks, given per request with requests'
own environment lookup (``trust_env``) turned off.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from gui import net
from gui.aio import run_blocking
from gui.errors import AppError, NetworkError, ProtocolError

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


class TrustAdapter(HTTPAdapter):
    """An adapter whose TLS trust is our SSL context, for direct and proxied connections.

    requests would otherwise point every connection at certifi's bundle
    (``cert_verify``), which urllib3 loads *into* the context it is given.
    """

    def __init__(self, ca_file: str = "") -> None:
        self._ca_file = ca_file
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """The pool manager for direct connections, with our context."""
        kwargs["ssl_context"] = net.ssl_context(self._ca_file)
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        """The manager for connections through ``proxy``; TLS to the server uses our context."""
        proxy_kwargs["ssl_context"] = net.ssl_context(self._ca_file)
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """Verification stays on; the CAs are the context's, not a bundle path."""
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


class HttpClient:
    """Blocking ``requests`` calls made awaitable, with errors mapped."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        session: requests.Session | None = None,
        ca_file: str = "",
    ) -> None:
        self.timeout = timeout
        self._ca_file = ca_file
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        # The proxy is decided by gui.net for each URL, the same way as for the gateway.
        self._session.trust_env = False
        self._adapter: TrustAdapter | None = None

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
            proxy = net.proxy_for(url)
            try:
                self._mount()
                r = self._session.request(
                    method,
                    url,
                    timeout=self.timeout,
                    allow_redirects=False,
                    headers={"Accept": "application/json"},
                    proxies={urlsplit(url).scheme: proxy} if proxy else {},
                    **kwargs,
                )
                return HttpResponse(url=url, status=r.status_code, body=r.content)
            except AppError:
                raise
            except requests.Timeout as exc:
                raise NetworkError(
                    f"{host} did not answer within {self.timeout:g} seconds."
                ) from exc
            except requests.exceptions.ProxyError as exc:
                raise NetworkError(
                    f"Cannot reach {host} through the proxy {net.proxy_label(proxy or '')}. "
                    "Check HTTPS_PROXY and NO_PROXY."
                ) from exc
            except requests.ConnectionError as exc:
                tls = net.tls_error(exc, urlsplit(url).hostname or host)
                if tls is not None:
                    raise tls from exc
                raise NetworkError(f"Cannot connect to {host}. Check your network.") from exc
            except requests.RequestException as exc:
                raise NetworkError(f"Request to {host} failed ({type(exc).__name__}).") from exc

        response = await run_blocking(call)
        log.debug("%s %s%s -> %s", method, host, _path(url), response.status)
        return response

    def _mount(self) -> None:
        # In the worker thread, on first use: building the SSL context reads the CA store.
        if self._adapter is None:
            self._adapter = TrustAdapter(self._ca_file)
            self._session.mount("https://", self._adapter)

    def close(self) -> None:
        """Close pooled connections."""
        self._session.close()


def _path(url: str) -> str:
    # Only the path: queries can carry codes.
    return urlsplit(url).path
