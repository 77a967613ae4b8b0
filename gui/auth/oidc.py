"""OpenID Connect discovery: where a provider's endpoints are."""

from __future__ import annotations

from dataclasses import dataclass

from gui.auth.http import HttpClient
from gui.config import check_url
from gui.errors import ConfigError, ProtocolError

REQUIRED = ("device_authorization_endpoint", "token_endpoint", "jwks_uri")


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


def parse_metadata(issuer: str, doc: dict[str, object]) -> ProviderMetadata:
    """Validate a discovery document against the issuer we asked."""
    found = doc.get("issuer")
    if not isinstance(found, str) or found.rstrip("/") != issuer.rstrip("/"):
        raise ProtocolError(
            f"The provider's discovery document names issuer {found!r}, not {issuer!r}. "
            "Check the issuer or Auth0 domain setting."
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
        try:
            check_url(name, value)
        except ConfigError as exc:
            raise ProtocolError(f"The provider's {exc.message}") from exc
        values[name] = value
    # The document's own spelling is canonical: tokens carry exactly it as `iss`.
    return ProviderMetadata(issuer=found, **values)  # type: ignore[arg-type]


async def discover(http: HttpClient, issuer: str) -> ProviderMetadata:
    """Fetch and validate ``issuer``'s discovery document."""
    doc = await http.get_json(discovery_url(issuer))
    return parse_metadata(issuer, doc)
