"""OpenID Connect discovery: where a provider's endpoints are.

The discovery document is untrusted input like any other server answer. It
must name exactly the issuer we asked (a document from elsewhere would point
our tokens at someone else), offer the device authorization grant, and give
https endpoints (plain http only on loopback). A redirect is refused rather
than followed: the issuer setting should name the provider itself, and a
redirect on the way to the document is how a captive portal or a hijacked
host would substitute its own. Every message quotes server text only through
:func:`gui.untrusted.one_line`, bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from gui.auth.http import HttpClient
from gui.errors import ProtocolError
from gui.untrusted import is_loopback_host, one_line

REQUIRED = ("device_authorization_endpoint", "token_endpoint", "jwks_uri")
QUOTE_LIMIT = 120  # characters of a server-given value quoted in a message


@dataclass(frozen=True)
class ProviderMetadata:
    """The endpoints this app needs from a provider's discovery document."""

    issuer: str
    device_authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    revocation_endpoint: str | None = None
    userinfo_endpoint: str | None = None


def discovery_url(issuer: str) -> str:
    """``<issuer>/.well-known/openid-configuration``."""
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _quote(value: object) -> str:
    return repr(one_line(value, QUOTE_LIMIT))


def check_endpoint(name: str, value: str) -> str:
    """An endpoint from the document: an https URL, or http to a loopback host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProtocolError(f"The provider's {name} {_quote(value)} is not an http(s) URL.")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ProtocolError(
            f"The provider's {name} {_quote(value)} uses plain http://; only https:// "
            "is allowed except for loopback. Ask your administrator to fix the provider."
        )
    if parts.username or parts.password:
        raise ProtocolError(f"The provider's {name} must not contain a user name or password.")
    return value


def parse_metadata(issuer: str, doc: dict[str, object]) -> ProviderMetadata:
    """Validate a discovery document against the issuer we asked."""
    found = doc.get("issuer")
    if not isinstance(found, str) or found.rstrip("/") != issuer.rstrip("/"):
        raise ProtocolError(
            f"The provider's discovery document names issuer {_quote(found)}, "
            f"not {_quote(issuer)}. Check the issuer or Auth0 domain setting."
        )
    values: dict[str, str | None] = {}
    for name in (*REQUIRED, "revocation_endpoint", "userinfo_endpoint"):
        value = doc.get(name)
        if value is None and name not in REQUIRED:
            values[name] = None
            continue
        if not isinstance(value, str) or not value:
            if name == "device_authorization_endpoint":
                raise ProtocolError(
                    "This provider does not offer the device authorization grant "
                    "(no device_authorization_endpoint in its discovery document)."
                )
            raise ProtocolError(f"The provider's discovery document has no {name}.")
        values[name] = check_endpoint(name, value)
    # The document's own spelling is canonical: tokens carry exactly it as `iss`.
    return ProviderMetadata(issuer=found, **values)  # type: ignore[arg-type]


async def discover(http: HttpClient, issuer: str) -> ProviderMetadata:
    """Fetch and validate ``issuer``'s discovery document (redirects refused)."""
    url = discovery_url(issuer)
    response = await http.get(url)
    if 300 <= response.status < 400:
        raise ProtocolError(
            f"{response.host} answered the discovery request with a redirect "
            f"(HTTP {response.status}), which is refused. Set the issuer to the "
            "provider's own address."
        )
    if response.is_transient:
        raise response.transient_error()
    if response.status != 200:
        raise ProtocolError(
            f"{response.host} answered HTTP {response.status} for {urlsplit(url).path}."
        )
    return parse_metadata(issuer, response.require_json())
