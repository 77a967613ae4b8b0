"""What a gateway says about its own sign-in: OAuth 2.0 Protected Resource Metadata (RFC 9728).

A gateway publishes which authorization server it trusts and which scopes it wants,
so a person can add a profile from the gateway URL alone. :func:`discover` looks in
the order the MCP authorization spec gives::

    GET <gateway URL>, no token    -> 401 + WWW-Authenticate: Bearer resource_metadata="<URL>"
    else <origin>/.well-known/oauth-protected-resource<gateway path>   (RFC 9728 §3.1)
    else <origin>/.well-known/oauth-protected-resource

Everything the gateway says is untrusted input:

- every URL fetched is https, or http to a loopback host, with no user name or
  password; redirects are refused, not followed; each request has a timeout; a
  challenge header and a document are read only up to a bound;
- the document must name the gateway itself as its ``resource`` (RFC 9728 §3.3:
  metadata for another resource would point our sign-in elsewhere);
- an authorization server is accepted only where the config file would accept it
  as an issuer (:func:`gui.config.check_url`); scopes must be RFC 6749 scope tokens,
  few and short;
- messages quote server text only through :func:`gui.untrusted.one_line`.

:func:`parse_challenge` reads a ``WWW-Authenticate: Bearer`` header's parameters
(``resource_metadata``, ``scope``, ``error``), for this module and for the gateway
client's 401 and 403 answers. No Qt; imports ``requests`` (through
:mod:`gui.auth.http`) where it is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from gui.config import check_url
from gui.errors import AppError, ConfigError, NetworkError, ProtocolError
from gui.untrusted import one_line

if TYPE_CHECKING:
    import requests

WELL_KNOWN = "/.well-known/oauth-protected-resource"
TIMEOUT = 10.0  # seconds for each request
MAX_DOCUMENT = 64 * 1024  # bytes of a metadata document
MAX_CHALLENGE = 4096  # characters of a WWW-Authenticate header
MAX_URL = 2048
MAX_SERVERS = 10
MAX_SCOPES = 50
MAX_SCOPE_LENGTH = 200
QUOTE_LIMIT = 120
# RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
_SCOPE_TOKEN = re.compile(r"^[\x21\x23-\x5b\x5d-\x7e]+$")
# One auth-param of a challenge: name=token or name="quoted string" (RFC 9110 §11.2).
_PARAM = re.compile(r'\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*,?')


@dataclass(frozen=True)
class ResourceMetadata:
    """What the gateway published about itself (checked; see the module docstring)."""

    resource: str
    authorization_servers: tuple[str, ...]
    scopes_supported: tuple[str, ...]
    #: Where it was read, for messages.
    source: str

    @property
    def issuer(self) -> str:
        """The authorization server to sign in with: the first the gateway names."""
        return self.authorization_servers[0] if self.authorization_servers else ""


def _quote(value: object) -> str:
    return repr(one_line(value, QUOTE_LIMIT))


def _same_resource(a: str, b: str) -> bool:
    """RFC 9728 §3.3: the ``resource`` must be the URL asked about (case of scheme and
    host, and a trailing slash, aside)."""

    def norm(url: str) -> tuple[str, str, str, str]:
        parts = urlsplit(url)
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query)

    return norm(a) == norm(b)


def metadata_urls(resource_url: str) -> list[str]:
    """The well-known places for ``resource_url``'s metadata: path variant first, then root."""
    parts = urlsplit(resource_url)
    path = parts.path.rstrip("/")
    root = urlunsplit((parts.scheme, parts.netloc, WELL_KNOWN, "", ""))
    if not path:
        return [root]
    return [urlunsplit((parts.scheme, parts.netloc, WELL_KNOWN + path, "", "")), root]


def parse_challenge(header: str | None) -> dict[str, str]:
    """The parameters of a ``Bearer`` challenge (lower-case names); {} for anything else.

    Only the first ``Bearer`` challenge is read, and only up to :data:`MAX_CHALLENGE`
    characters; values are returned as sent (quote them with ``one_line``).
    """
    if not header:
        return {}
    text = header[:MAX_CHALLENGE]
    found = re.search(r"(?i)(?:^|,)\s*Bearer(?:\s+|$)", text)
    if found is None:
        return {}
    params: dict[str, str] = {}
    rest = text[found.end() :]
    position = 0
    while position < len(rest):
        match = _PARAM.match(rest, position)
        if match is None:
            break  # the next challenge (a scheme name) or garbage: stop here
        name = match.group(1).lower()
        value = match.group(2)
        value = re.sub(r"\\(.)", r"\1", value) if value is not None else match.group(3)
        params.setdefault(name, value)
        position = match.end()
    return params


def check_fetch_url(url: str, what: str) -> str:
    """``url`` if we may fetch it: https, or http to loopback, no credentials, bounded."""
    if len(url) > MAX_URL:
        raise ProtocolError(f"The {what} is too long to be a real address.")
    try:
        return check_url(what, url)
    except ConfigError as exc:
        raise ProtocolError(f"The {what} {_quote(url)} cannot be used: {exc.problem}.") from exc


def parse_metadata(resource_url: str, doc: dict[str, Any], source: str) -> ResourceMetadata:
    """Check a metadata document against the gateway URL it should describe."""
    resource = doc.get("resource")
    if not isinstance(resource, str) or not _same_resource(resource, resource_url):
        raise ProtocolError(
            f"The gateway's metadata at {_quote(source)} describes {_quote(resource)}, "
            f"not {_quote(resource_url)}; it was not used."
        )
    servers = doc.get("authorization_servers", [])
    if not isinstance(servers, list) or not all(isinstance(s, str) for s in servers):
        raise ProtocolError("The gateway's metadata lists its sign-in servers in a wrong form.")
    if len(servers) > MAX_SERVERS:
        raise ProtocolError("The gateway's metadata names too many sign-in servers.")
    for server in servers:
        if len(server) > MAX_URL:
            raise ProtocolError("The gateway's metadata names a sign-in server too long to use.")
        try:
            check_url("OIDC_ISSUER", server)
        except ConfigError as exc:
            raise ProtocolError(
                f"The gateway names the sign-in server {_quote(server)}, which cannot be "
                f"used: {exc.problem}."
            ) from exc
    scopes = doc.get("scopes_supported", [])
    if not isinstance(scopes, list) or len(scopes) > MAX_SCOPES:
        raise ProtocolError("The gateway's metadata lists its scopes in a wrong form.")
    for scope in scopes:
        if (
            not isinstance(scope, str)
            or len(scope) > MAX_SCOPE_LENGTH
            or not _SCOPE_TOKEN.match(scope)
        ):
            raise ProtocolError(f"The gateway's metadata lists a bad scope {_quote(scope)}.")
    return ResourceMetadata(
        resource=resource,
        authorization_servers=tuple(servers),
        scopes_supported=tuple(dict.fromkeys(scopes)),
        source=source,
    )


class _Reader:
    """Blocking GETs without redirects, bounded, with the app's trust store and proxy."""

    def __init__(self, *, ca_file: str = "", timeout: float = TIMEOUT) -> None:
        import requests

        from gui.auth.http import USER_AGENT, TrustAdapter

        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False  # the proxy is gui.net's choice, as everywhere
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.mount("https://", TrustAdapter(ca_file))

    def get(self, url: str) -> requests.Response:
        """The response, its body unread (stream); NetworkError when there is none."""
        import requests

        from gui import net

        parts = urlsplit(url)
        host = parts.netloc
        proxy = net.proxy_for(url)
        try:
            return self.session.get(
                url,
                timeout=self.timeout,
                allow_redirects=False,
                stream=True,
                headers={"Accept": "application/json"},
                proxies={parts.scheme: proxy} if proxy else {},
            )
        except requests.Timeout as exc:
            raise NetworkError(f"{host} did not answer within {self.timeout:g} seconds.") from exc
        except requests.ConnectionError as exc:
            tls = net.tls_error(exc, parts.hostname or host)
            if tls is not None:
                raise tls from exc
            raise NetworkError(f"Cannot connect to {host}. Check the address.") from exc
        except requests.RequestException as exc:
            raise NetworkError(f"Request to {host} failed ({type(exc).__name__}).") from exc

    def challenge(self, url: str) -> dict[str, str]:
        """The Bearer challenge of an unauthenticated GET of ``url`` ({} when none)."""
        response = self.get(url)
        try:
            if response.status_code != 401:
                return {}
            return parse_challenge(response.headers.get("WWW-Authenticate"))
        finally:
            response.close()

    def document(self, url: str) -> dict[str, Any] | None:
        """The JSON object at ``url``; None when there is none (404, 3xx, ...)."""
        import json

        import requests

        response = self.get(url)
        try:
            if response.status_code != 200:
                return None
            body = bytearray()
            try:
                for chunk in response.iter_content(8192):
                    body.extend(chunk)
                    if len(body) > MAX_DOCUMENT:
                        raise ProtocolError(
                            f"The gateway's metadata at {_quote(url)} is larger than "
                            f"{MAX_DOCUMENT // 1024} KB; it was not read."
                        )
            except requests.RequestException as exc:
                raise NetworkError(f"Reading from {urlsplit(url).netloc} failed.") from exc
            try:
                data = json.loads(bytes(body))
            except (ValueError, UnicodeDecodeError):
                return None
            return data if isinstance(data, dict) else None
        finally:
            response.close()

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()


def discover_blocking(
    gateway_url: str, *, ca_file: str = "", timeout: float = TIMEOUT
) -> ResourceMetadata:
    """:func:`discover`, blocking (call it from a thread)."""
    gateway_url = check_fetch_url(gateway_url, "gateway URL")
    reader = _Reader(ca_file=ca_file, timeout=timeout)
    try:
        candidates: list[str] = []
        pointed = reader.challenge(gateway_url).get("resource_metadata")
        if pointed:
            candidates.append(check_fetch_url(pointed, "gateway's resource_metadata address"))
        candidates += [url for url in metadata_urls(gateway_url) if url not in candidates]
        problem: AppError | None = None
        for url in candidates:
            try:
                doc = reader.document(url)
                if doc is not None:
                    return parse_metadata(gateway_url, doc, url)
            except ProtocolError as exc:
                problem = problem or exc  # the first thing wrong is the one to say
        if problem is not None:
            raise problem
        host = urlsplit(gateway_url).netloc
        raise ProtocolError(
            f"{host} publishes no sign-in details (no OAuth protected resource metadata); "
            "give the provider and client id yourself."
        )
    finally:
        reader.close()


async def discover(
    gateway_url: str, *, ca_file: str = "", request_timeout: float = TIMEOUT
) -> ResourceMetadata:
    """The gateway's protected resource metadata (see the module docstring for where).

    Raises ProtocolError (nothing usable published, or something wrong in it) and
    NetworkError (the gateway cannot be reached).
    """
    from gui.aio import run_blocking

    return await run_blocking(
        lambda: discover_blocking(gateway_url, ca_file=ca_file, timeout=request_timeout)
    )
