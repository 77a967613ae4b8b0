"""What a gateway says about itself: OAuth 2.0 Protected Resource Metadata (RFC 9728).

A gateway names the sign-in servers it trusts in its metadata, found at the
``resource_metadata`` of a ``WWW-Authenticate`` challenge (or the well-known path).
:func:`fetch` reads it; :func:`wrong_authorization_server` compares it with the
profile's issuer, for a 401 that a refresh did not cure: a gateway that trusts another
server will never accept this profile's tokens, and saying so beats "sign in again".

The document is untrusted: it is fetched only from an https address (http only on
loopback), with no bearer token, no redirects and a short timeout; its ``resource``
must be the gateway's own URL (RFC 9728 §3.3), else it is ignored; hosts reach a
message only through :func:`gui.untrusted.one_line`. Any failure means "nothing
learned" (None), never an error of its own.

Imports httpx2, :mod:`gui.net`, :mod:`gui.aio`, :mod:`gui.errors`, :mod:`gui.untrusted`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx2

from gui import net
from gui.aio import run_blocking
from gui.errors import WrongAuthorizationServer
from gui.untrusted import is_openable_link, one_line

log = logging.getLogger(__name__)

TIMEOUT = 5.0  # seconds: this only explains a failure already known
MAX_SERVERS = 8  # authorization servers taken from one document


@dataclass(frozen=True)
class ResourceMetadata:
    """The parts of a protected resource's metadata the app uses."""

    resource: str
    authorization_servers: tuple[str, ...]
    scopes_supported: tuple[str, ...] = ()


def parse(doc: Any, resource: str) -> ResourceMetadata | None:
    """The metadata of ``resource`` from a document; None when it is not that."""
    if not isinstance(doc, dict):
        return None
    named = doc.get("resource")
    if not isinstance(named, str) or named.rstrip("/") != resource.rstrip("/"):
        return None  # RFC 9728 §3.3: metadata for another resource must not be used
    servers = doc.get("authorization_servers")
    scopes = doc.get("scopes_supported")
    return ResourceMetadata(
        resource=named,
        authorization_servers=tuple(
            s for s in (servers if isinstance(servers, list) else []) if isinstance(s, str) and s
        )[:MAX_SERVERS],
        scopes_supported=tuple(
            s for s in (scopes if isinstance(scopes, list) else []) if isinstance(s, str) and s
        ),
    )


async def fetch(url: str, resource: str, *, ca_file: str = "") -> ResourceMetadata | None:
    """Read the metadata at ``url`` for ``resource``; None when it cannot be had."""
    if not is_openable_link(url):
        return None
    try:
        tls = await run_blocking(lambda: net.ssl_context(ca_file), within=TIMEOUT)
        async with httpx2.AsyncClient(
            verify=tls,
            proxy=net.proxy_for(url),
            trust_env=False,
            timeout=TIMEOUT,
            follow_redirects=False,
        ) as client:
            response = await client.get(url, headers={"Accept": "application/json"})
        if response.status_code != 200:
            return None
        return parse(response.json(), resource)
    except Exception as exc:  # nothing learned; the caller reports the 401 as it is
        log.info("Could not read the gateway's resource metadata (%s)", type(exc).__name__)
        return None


def host_of(url: str) -> str:
    """The host (and port) of a URL, bounded, for a message."""
    try:
        return one_line(urlsplit(url).netloc or url, 120)
    except ValueError:
        return one_line(url, 120)


def wrong_authorization_server(
    metadata: ResourceMetadata, issuer: str
) -> WrongAuthorizationServer | None:
    """The error to show when the gateway trusts none of the profile's issuer, else None."""
    servers = metadata.authorization_servers
    if not servers or any(s.rstrip("/") == issuer.rstrip("/") for s in servers):
        return None
    return WrongAuthorizationServer(tuple(host_of(s) for s in servers), host_of(issuer))
