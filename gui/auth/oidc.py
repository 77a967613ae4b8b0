"""OpenID Connect discovery: where a provider's endpoints are.

The discovery document is untrusted input like any other server answer. It
must name exactly the issuer we asked (a document from elsewhere would point
our tokens at someone else), offer a way to sign in (the device authorization
grant, the authorization code grant through the browser, or both), and give
https endpoints (plain http only on loopback). A provider without a device
endpoint is not refused here: its metadata says the device flow is unavailable
(:attr:`ProviderMetadata.offers_device_flow`) and the browser sign-in is offered.
A redirect is refused rather than followed: the issuer setting should name the
provider itself, and a redirect on the way to the document is how a captive
portal or a hijacked host would substitute its own. Every message quotes server text only through
:func:`gui.untrusted.one_line`, bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from gui.auth.http import HttpClient
from gui.errors import ProtocolError
from gui.untrusted import is_loopback_host, one_line

REQUIRED = ("token_endpoint", "jwks_uri")
OPTIONAL = (
    "device_authorization_endpoint",
    "authorization_endpoint",
    "revocation_endpoint",
    "userinfo_endpoint",
)
QUOTE_LIMIT = 120  # characters of a server-given value quoted in a message


@dataclass(frozen=True)
class ProviderMetadata:
    """The endpoints this app needs from a provider's discovery document."""

    issuer: str
    device_authorization_endpoint: str | None
    token_endpoint: str
    jwks_uri: str
    revocation_endpoint: str | None = None
    userinfo_endpoint: str | None = None
    #: RFC 6749 section 3.1: where the browser sign-in starts (None: not offered).
    authorization_endpoint: str | None = None
    #: RFC 8414 ``code_challenge_methods_supported``; None when the document does not say.
    code_challenge_methods: tuple[str, ...] | None = None
    #: RFC 9207: the provider puts ``iss`` in every authorization response.
    iss_parameter_supported: bool = False
    #: RFC 9728 section 4 ``protected_resources``: the resources it issues tokens for,
    #: and so the RFC 8707 ``resource`` values it understands.
    protected_resources: tuple[str, ...] = ()

    @property
    def offers_device_flow(self) -> bool:
        """True when the provider has a device authorization endpoint (RFC 8628)."""
        return self.device_authorization_endpoint is not None

    @property
    def offers_browser_flow(self) -> bool:
        """True when the browser sign-in (code + PKCE S256) can work with this provider.

        A document that lists its PKCE methods must list S256; one that does not say
        is tried (PKCE is widely supported but not always advertised, e.g. by Entra).
        """
        if self.authorization_endpoint is None:
            return False
        return self.code_challenge_methods is None or "S256" in self.code_challenge_methods

    def resource_indicator(self, resource: str) -> str | None:
        """``resource`` when the provider names it among its protected resources (RFC 8707).

        Providers that do not advertise resource indicators get none: Auth0 takes the
        API as ``audience`` instead and may refuse a parameter it does not expect.
        """
        if not resource:
            return None
        wanted = resource.rstrip("/")
        return resource if any(r.rstrip("/") == wanted for r in self.protected_resources) else None


@dataclass(frozen=True)
class SignInRequest:
    """What a sign-in asks the provider for: the same in the device flow and the browser."""

    client_id: str
    scopes: str
    #: Auth0's API identifier; sent only when set.
    audience: str = ""
    #: The RFC 8707 resource indicator, sent only when given (the provider advertised it,
    #: see :meth:`ProviderMetadata.resource_indicator`).
    resource: str | None = None

    def params(self) -> dict[str, str]:
        """The form or query fields: ``client_id`` and ``scope``, audience and resource if set."""
        fields = {"client_id": self.client_id, "scope": self.scopes}
        if self.audience:
            fields["audience"] = self.audience
        if self.resource:
            fields["resource"] = self.resource
        return fields


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
    for name in (*REQUIRED, *OPTIONAL):
        value = doc.get(name)
        if value is None and name not in REQUIRED:
            values[name] = None
            continue
        if not isinstance(value, str) or not value:
            raise ProtocolError(f"The provider's discovery document has no {name}.")
        values[name] = check_endpoint(name, value)
    if values["device_authorization_endpoint"] is None and values["authorization_endpoint"] is None:
        raise ProtocolError(
            "This provider does not offer the device authorization grant "
            "(no device_authorization_endpoint in its discovery document), "
            "nor a browser sign-in (no authorization_endpoint)."
        )
    # The document's own spelling is canonical: tokens carry exactly it as `iss`.
    return ProviderMetadata(
        issuer=found,
        code_challenge_methods=_words(doc.get("code_challenge_methods_supported")),
        iss_parameter_supported=doc.get("authorization_response_iss_parameter_supported") is True,
        protected_resources=_words(doc.get("protected_resources")) or (),
        **values,  # type: ignore[arg-type]
    )


def _words(value: object) -> tuple[str, ...] | None:
    """A list of strings from the document; None when it is absent or not such a list."""
    if not isinstance(value, list):
        return None
    return tuple(item for item in value if isinstance(item, str) and item)


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
