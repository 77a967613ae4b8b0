"""The demo gateway: real servers on loopback, real tokens from the demo IdP, the mcp client."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests
from mcp.shared.exceptions import MCPError

from gui.demo.gateway import DemoGateway
from gui.demo.idp import DEMO_AUDIENCE, DemoIdp
from tests.support.raw_mcp import INITIALIZE, mcp_client, mcp_session

PEOPLE_TOOLS = {
    "people___getProfile",
    "people___listDepartments",
    "people___listMembers",
    "people___searchByAge",
}
TEST_TOOLS = {
    "diagnostics___sleep",
    "diagnostics___bigResult",
    "diagnostics___fail",
    "diagnostics___echoHeaders",
}
# The tools that ask the person (consent link, form); tested in tests/integration/chat.
ASKING_TOOLS = {
    "calendar___listEvents",
    "tickets___createTicket",
    "diagnostics___needsConsent",
    "diagnostics___clientCapabilities",
}
TICKET_TOOLS = {"tickets___listTickets", "tickets___deleteTicket", "tickets___auditLog"}
# The showcase (gui/demo/gateway/showcase.py); tested in tests/integration/demo/test_showcase.py.
SHOWCASE_TOOLS = {
    "reports___buildReport",
    "drive___listFiles",
    "orders___orderLunch",
    "brand___getBrandKit",
    "exports___exportArchive",
}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def module_idp() -> Iterator[DemoIdp]:
    """The provider this module's gateway trusts, shared by its tests (hour-long tokens)."""
    with DemoIdp(access_token_ttl=3600) as server:
        yield server


@pytest.fixture(scope="module")
def other_idp() -> Iterator[DemoIdp]:
    """A second provider: its tokens carry another issuer and another signing key."""
    with DemoIdp() as server:
        yield server


@pytest.fixture(scope="module")
def gateway(module_idp: DemoIdp) -> Iterator[DemoGateway]:
    with DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE, test_tools=True) as server:
        yield server


@pytest.fixture(scope="module")
def token(module_idp: DemoIdp) -> str:
    return module_idp.mint_access_token()


def post_initialize(url: str, token: str | None) -> requests.Response:
    headers = dict(MCP_HEADERS)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(url, json=INITIALIZE, headers=headers, timeout=5)


def text_of(result: Any) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


# --- tools over MCP ------------------------------------------------------------------------


async def test_lists_tools_with_descriptions_and_schemas(gateway: DemoGateway, token: str) -> None:
    async with mcp_session(gateway.url, token) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == PEOPLE_TOOLS | TICKET_TOOLS | TEST_TOOLS | ASKING_TOOLS | SHOWCASE_TOOLS
    for tool in tools.values():
        assert tool.description and len(tool.description) > 20
    assert "profile" in tools["people___getProfile"].description.lower()
    assert tools["people___getProfile"].input_schema["required"] == ["name"]
    assert tools["people___listMembers"].input_schema["properties"]["department"]["type"] == (
        "string"
    )


async def test_every_tool_is_annotated_and_only_the_delete_is_destructive(
    gateway: DemoGateway, token: str
) -> None:
    async with mcp_session(gateway.url, token) as session:
        tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert all(tool.annotations is not None for tool in tools.values())
    read_only = {name for name, tool in tools.items() if tool.annotations.read_only_hint}
    changing = {"tickets___deleteTicket", "tickets___createTicket", "orders___orderLunch"}
    assert read_only == set(tools) - changing
    delete = tools["tickets___deleteTicket"].annotations
    assert delete.read_only_hint is False and delete.destructive_hint is True
    # Creating a ticket may change data, nothing more: the app asks for it by default.
    create = tools["tickets___createTicket"].annotations
    assert create.read_only_hint is False and create.destructive_hint is False


async def test_tickets_list_and_delete(module_idp: DemoIdp, token: str) -> None:
    with DemoGateway(
        issuer=module_idp.issuer, audience=DEMO_AUDIENCE
    ) as own:  # its own ticket book
        async with mcp_session(own.url, token) as session:
            listed = await session.call_tool("tickets___listTickets", {})
            assert [t["id"] for t in listed.structured_content["tickets"]] == own.tickets.ids()
            assert own.tickets.ids() == ["T-1", "T-2", "T-3", "T-4"]
            deleted = await session.call_tool("tickets___deleteTicket", {"ticket_id": "t-2"})
            assert not deleted.is_error and deleted.structured_content["deleted"] == "T-2"
            again = await session.call_tool("tickets___deleteTicket", {"ticket_id": "T-2"})
            assert again.is_error and "No ticket 'T-2'" in text_of(again)
        assert own.tickets.ids() == ["T-1", "T-3", "T-4"]
        assert own.call_count("tickets___deleteTicket") == 2


async def test_get_profile_answers_the_articles_example(gateway: DemoGateway, token: str) -> None:
    before = gateway.call_count("people___getProfile")
    async with mcp_session(gateway.url, token) as session:
        result = await session.call_tool("people___getProfile", {"name": "neruneruo"})
        shouted = await session.call_tool("people___getProfile", {"name": "NeruNeruo"})
    assert not result.is_error
    assert result.structured_content is not None
    assert result.structured_content["age"] == 30
    assert result.structured_content["department"] == "development"
    assert '"age": 30' in text_of(result)  # the text block carries the same JSON
    assert shouted.structured_content == result.structured_content
    assert gateway.call_count("people___getProfile") == before + 2


async def test_unknown_person_is_a_tool_error(gateway: DemoGateway, token: str) -> None:
    async with mcp_session(gateway.url, token) as session:
        result = await session.call_tool("people___getProfile", {"name": "nobody"})
    assert result.is_error
    assert "No profile for 'nobody'" in text_of(result)


async def test_departments_and_members(gateway: DemoGateway, token: str) -> None:
    async with mcp_session(gateway.url, token) as session:
        departments = await session.call_tool("people___listDepartments", {})
        members = await session.call_tool("people___listMembers", {"department": "Development"})
        unknown = await session.call_tool("people___listMembers", {"department": "marketing"})
        by_age = await session.call_tool("people___searchByAge", {"min_age": 30, "max_age": 35})
    assert departments.structured_content is not None
    counts = {d["name"]: d["head_count"] for d in departments.structured_content["departments"]}
    assert counts["development"] == 3
    assert sum(counts.values()) == departments.structured_content["total_people"]
    assert members.structured_content is not None
    names = [m["name"] for m in members.structured_content["members"]]
    assert "neruneruo" in names
    assert len(names) == counts["development"]
    assert unknown.is_error
    assert "marketing" in text_of(unknown)
    assert by_age.structured_content is not None
    ages = [p["age"] for p in by_age.structured_content["people"]]
    assert ages == sorted(ages)
    assert all(30 <= age <= 35 for age in ages)


async def test_one_client_reuses_one_session(gateway: DemoGateway, token: str) -> None:
    sessions = gateway.session_count()
    async with mcp_session(gateway.url, token) as session:
        for _ in range(3):
            await session.call_tool("people___listDepartments", {})
    assert gateway.session_count() == sessions + 1


async def test_test_tools(gateway: DemoGateway, token: str) -> None:
    async with mcp_session(gateway.url, token) as session:
        slept = await session.call_tool("diagnostics___sleep", {"seconds": 0.05})
        big = await session.call_tool("diagnostics___bigResult", {"size_bytes": 1_000_000})
        failed = await session.call_tool("diagnostics___fail", {"message": "boom on purpose"})
    assert slept.structured_content == {"slept": 0.05}
    assert not big.is_error
    assert len(text_of(big)) == 1_000_000
    assert failed.is_error
    assert "boom on purpose" in text_of(failed)
    assert gateway.call_count("diagnostics___fail") >= 1


async def test_echo_headers_repeats_the_callers_bearer_token(
    gateway: DemoGateway, token: str
) -> None:
    # The careless tool the app's token scrubbing is tested against (tests/integration/chat).
    async with mcp_session(gateway.url, token) as session:
        echoed = await session.call_tool("diagnostics___echoHeaders", {})
    assert not echoed.is_error
    assert echoed.structured_content is not None
    assert echoed.structured_content["headers"]["authorization"] == f"Bearer {token}"
    assert token in text_of(echoed)


async def test_a_rejected_token_surfaces_on_the_client_as_mcp_error(
    gateway: DemoGateway, module_idp: DemoIdp
) -> None:
    """What a client sees: no status code, an MCPError(-32603) from initialize()."""
    expired = module_idp.mint_access_token(ttl=-60)
    async with mcp_client(gateway.url, expired) as session:
        with pytest.raises(MCPError) as caught:
            await session.initialize()
    assert caught.value.error.code == -32603


# --- inbound authorization at the HTTP level -----------------------------------------------


def test_no_token_is_401_with_resource_metadata(gateway: DemoGateway) -> None:
    response = post_initialize(gateway.url, None)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ")
    metadata_url = f"http://127.0.0.1:{gateway.port}/.well-known/oauth-protected-resource"
    assert f'resource_metadata="{metadata_url}"' in challenge
    assert 'error="invalid_token"' in challenge


def test_other_scheme_is_401(gateway: DemoGateway) -> None:
    response = requests.get(gateway.url, headers={"Authorization": "Basic dTpw"}, timeout=5)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(
            lambda module_idp, other: module_idp.mint_access_token(audience="urn:other"),
            id="audience",
        ),
        pytest.param(lambda module_idp, other: other.mint_access_token(), id="issuer-and-key"),
        pytest.param(
            lambda module_idp, other: module_idp.mint_access_token(
                extra_claims={"iss": other.issuer}
            ),
            id="issuer",
        ),
        pytest.param(lambda module_idp, other: module_idp.mint_access_token(ttl=-60), id="expired"),
        pytest.param(
            lambda module_idp, other: module_idp.mint_access_token(ttl=30), id="expires-in-30s"
        ),
        pytest.param(
            lambda module_idp, other: module_idp.mint_access_token()[:-8] + "AAAAAAAA",
            id="signature",
        ),
        pytest.param(lambda module_idp, other: "not-a-jwt", id="garbage"),
        pytest.param(
            lambda module_idp, other: jwt.encode(
                {
                    "iss": module_idp.issuer,
                    "aud": DEMO_AUDIENCE,
                    "exp": int(time.time()) + 3600,
                    "scope": "invoke:mcp",
                },
                "a-shared-secret-that-is-long-enough-for-hs256",
                algorithm="HS256",
            ),
            id="symmetric-alg",
        ),
    ],
)
def test_bad_tokens_are_401(
    gateway: DemoGateway, module_idp: DemoIdp, other_idp: DemoIdp, make_token: Any
) -> None:
    token = make_token(module_idp, other_idp)
    response = post_initialize(gateway.url, token)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert "resource_metadata=" in response.headers["WWW-Authenticate"]
    assert token not in response.text  # the token is never echoed back


def test_token_without_invoke_scope_is_403(gateway: DemoGateway, module_idp: DemoIdp) -> None:
    response = post_initialize(gateway.url, module_idp.mint_access_token(scope="openid profile"))
    assert response.status_code == 403
    assert response.json()["error"] == "insufficient_scope"
    challenge = response.headers["WWW-Authenticate"]
    assert 'error="insufficient_scope"' in challenge
    assert 'scope="invoke:mcp"' in challenge


@pytest.mark.parametrize(
    ("scope", "status"),
    [("openid invoke:mcp", 403), ("openid invoke:mcp tickets:admin", 200)],
    ids=["without tickets:admin", "with it"],
)
def test_a_tool_that_needs_an_extra_scope_is_refused_naming_it(
    gateway: DemoGateway, module_idp: DemoIdp, scope: str, status: int
) -> None:
    token = module_idp.mint_access_token(scope=scope)
    session_id = post_initialize(gateway.url, token).headers["mcp-session-id"]
    headers = {**MCP_HEADERS, "Authorization": f"Bearer {token}", "mcp-session-id": session_id}
    call = {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "tools/call",
        "params": {"name": "tickets___auditLog", "arguments": {}},
    }
    response = requests.post(gateway.url, json=call, headers=headers, timeout=5)
    assert response.status_code == status
    if status == 403:
        challenge = response.headers["WWW-Authenticate"]
        assert 'error="insufficient_scope"' in challenge
        assert 'scope="tickets:admin"' in challenge  # only what this operation needs
        assert "resource_metadata=" in challenge
    # Other tools need no more than invoke:mcp.
    call["params"] = {"name": "tickets___listTickets", "arguments": {}}
    assert requests.post(gateway.url, json=call, headers=headers, timeout=5).status_code == 200


def test_valid_token_opens_a_session(gateway: DemoGateway, token: str) -> None:
    response = post_initialize(gateway.url, token)
    assert response.status_code == 200
    assert response.headers["mcp-session-id"]


def test_a_session_belongs_to_the_user_that_opened_it(
    gateway: DemoGateway, module_idp: DemoIdp
) -> None:
    alice = module_idp.mint_access_token(sub="demo|alice")
    session_id = post_initialize(gateway.url, alice).headers["mcp-session-id"]
    ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}

    def ping_as(token: str) -> int:
        headers = {**MCP_HEADERS, "Authorization": f"Bearer {token}", "mcp-session-id": session_id}
        return requests.post(gateway.url, json=ping, headers=headers, timeout=5).status_code

    # A refreshed token of the same user keeps the session; another user's does not.
    assert ping_as(module_idp.mint_access_token(sub="demo|alice", ttl=1800)) == 200
    assert ping_as(module_idp.mint_access_token(sub="demo|bob")) == 404


def test_protected_resource_metadata(gateway: DemoGateway, module_idp: DemoIdp) -> None:
    base = f"http://127.0.0.1:{gateway.port}"
    response = requests.get(f"{base}/.well-known/oauth-protected-resource", timeout=5)
    assert response.status_code == 200
    assert response.json() == {
        "resource": gateway.url,
        "authorization_servers": [module_idp.issuer],
        "bearer_methods_supported": ["header"],
        "scopes_supported": ["invoke:mcp"],  # as AgentCore: the one scope every caller needs
    }


def test_unreachable_keys_are_503_then_recover(module_idp: DemoIdp, token: str) -> None:
    module_idp.inject_fault("/.well-known/openid-configuration", status=500)
    with DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE) as fresh:
        first = post_initialize(fresh.url, token)
        second = post_initialize(fresh.url, token)
    assert first.status_code == 503
    assert first.json()["error"] == "temporarily_unavailable"
    assert second.status_code == 200


# --- life cycle ----------------------------------------------------------------------------


async def test_restart_on_the_same_port(module_idp: DemoIdp, token: str) -> None:
    first = DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE).start()
    second: DemoGateway | None = None
    port, url = first.port, first.url
    try:
        async with mcp_session(url, token) as session:
            tools = {tool.name for tool in (await session.list_tools()).tools}
            # No diagnostics unless asked for.
            assert tools == PEOPLE_TOOLS | TICKET_TOOLS | SHOWCASE_TOOLS | {
                "calendar___listEvents",
                "tickets___createTicket",
            }
            first.stop()  # with the client's session (and its SSE stream) still open
            first.stop()  # idempotent
            second = DemoGateway(
                issuer=module_idp.issuer, audience=DEMO_AUDIENCE, port=port
            ).start()
            assert second.url == url
            # The old session id means nothing to the new server: HTTP 404 on the wire,
            # MCPError(-32600, "Session not found") on the client.
            with pytest.raises(MCPError) as caught:
                await session.list_tools()
            assert caught.value.error.code == -32600
        async with mcp_session(url, token) as fresh:
            result = await fresh.call_tool("people___getProfile", {"name": "alice"})
        assert result.structured_content is not None
        assert result.structured_content["department"] == "sales"
        assert second.session_count() == 1
    finally:
        first.stop()
        if second is not None:
            second.stop()


def test_stop_before_start_is_harmless(module_idp: DemoIdp) -> None:
    DemoGateway(issuer=module_idp.issuer, audience=DEMO_AUDIENCE).stop()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "gateway.example.com"])
def test_non_loopback_hosts_are_refused(host: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        DemoGateway(issuer="http://127.0.0.1:1/", audience=DEMO_AUDIENCE, host=host)
