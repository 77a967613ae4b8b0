"""The MCP authorization rules without a server: step-up challenges (ScopeRequired) and
RFC 9728 resource metadata naming the sign-in servers a gateway trusts."""

from __future__ import annotations

import httpx2
import pytest

from gui.errors import Forbidden, ScopeRequired, WrongAuthorizationServer
from gui.gateway.auth import BearerAuth, Rejection, rejection_error
from gui.gateway.resource_metadata import ResourceMetadata, parse, wrong_authorization_server

GATEWAY = "https://gw.example.com/mcp"
ISSUER = "https://tenant.example.auth0.com/"


class Tokens:
    async def access_token(self, min_ttl: float | None = None) -> str:
        return "token"

    async def refresh_now(self) -> str:
        return "token"


def test_a_403_naming_a_scope_is_a_scope_required():
    error = rejection_error(Rejection(403, error="insufficient_scope", scope="tickets:admin"))
    assert isinstance(error, ScopeRequired) and isinstance(error, Forbidden)
    assert error.scope == "tickets:admin"
    assert "lacks the 'tickets:admin' permission" in error.message
    assert "Sign in again to ask for it" in error.message


def test_a_403_without_a_scope_stays_a_plain_forbidden():
    error = rejection_error(Rejection(403, description="role missing"))
    assert type(error) is Forbidden


async def test_the_scope_and_metadata_of_a_challenge_reach_the_record():
    challenge = (
        'Bearer error="insufficient_scope", scope="tickets:admin", '
        'resource_metadata="https://gw.example.com/.well-known/oauth-protected-resource"'
    )
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(403, headers={"www-authenticate": challenge})
    )
    auth = BearerAuth(Tokens(), issuer=ISSUER, resource=GATEWAY)
    async with httpx2.AsyncClient(auth=auth, transport=transport) as client:
        mark = auth.mark()
        await client.post(GATEWAY, json={})
    problem = auth.problem_since(mark)
    assert isinstance(problem, ScopeRequired) and problem.scope == "tickets:admin"


@pytest.mark.parametrize(
    ("doc", "servers"),
    [
        ({"resource": GATEWAY, "authorization_servers": [ISSUER]}, (ISSUER,)),
        ({"resource": GATEWAY + "/", "authorization_servers": [ISSUER, 7, ""]}, (ISSUER,)),
        ({"resource": GATEWAY}, ()),
        ({"resource": "https://elsewhere.example/mcp", "authorization_servers": [ISSUER]}, None),
        ({"authorization_servers": [ISSUER]}, None),
        (["not", "an", "object"], None),
    ],
    ids=["good", "junk entries", "no servers", "another resource", "no resource", "not a dict"],
)
def test_metadata_is_used_only_for_this_gateway(doc, servers):
    metadata = parse(doc, GATEWAY)
    if servers is None:
        assert metadata is None
    else:
        assert metadata is not None and metadata.authorization_servers == servers


@pytest.mark.parametrize(
    ("servers", "wrong"),
    [
        ((ISSUER,), False),
        ((ISSUER.rstrip("/"),), False),
        (("https://login.other.example/", ISSUER), False),
        ((), False),  # says nothing: not blamed
        (("https://login.other.example/\x1b[2J",), True),
    ],
)
def test_a_gateway_trusting_another_server_is_named(servers: tuple[str, ...], wrong: bool):
    error = wrong_authorization_server(ResourceMetadata(GATEWAY, servers), ISSUER)
    assert (error is not None) is wrong
    if error is not None:
        assert isinstance(error, WrongAuthorizationServer)
        assert "login.other.example" in error.message
        assert "tenant.example.auth0.com" in error.message
        assert "\x1b" not in error.message
