"""gui.gateway.auth without a server: challenges, rejections, BearerAuth's refresh and records."""

from __future__ import annotations

import httpx2
import pytest

from gui.errors import Forbidden, NotAuthorised, SessionExpired
from gui.gateway.auth import BearerAuth, Rejection, parse_challenge, rejection_error

CHALLENGE_401 = (
    'Bearer resource_metadata="http://gw/.well-known/oauth-protected-resource", '
    'error="invalid_token", error_description="The access token expires too soon"'
)
CHALLENGE_403 = 'Bearer error="insufficient_scope", scope="invoke:mcp", error_description="no"'


def test_parse_challenge_reads_quoted_and_bare_parameters():
    assert parse_challenge(CHALLENGE_401) == {
        "resource_metadata": "http://gw/.well-known/oauth-protected-resource",
        "error": "invalid_token",
        "error_description": "The access token expires too soon",
    }
    assert parse_challenge("Bearer realm=gw, error=invalid_token") == {
        "realm": "gw",
        "error": "invalid_token",
    }
    assert parse_challenge("") == {}


@pytest.mark.parametrize(
    ("rejection", "kind", "text"),
    [
        (Rejection(403, scope="invoke:mcp"), Forbidden, "lacks the 'invoke:mcp' permission"),
        (Rejection(403, description="role missing"), Forbidden, "(role missing)"),
        (Rejection(401, description="expired"), NotAuthorised, "even after renewing it (expired)"),
        (Rejection(401), NotAuthorised, "Sign out and sign in again"),
    ],
)
def test_rejection_errors(rejection: Rejection, kind: type, text: str):
    error = rejection_error(rejection)
    assert isinstance(error, kind) and text in error.message


class Tokens:
    """A token source whose refresh hands out the next token of a list."""

    def __init__(self, *tokens: str, fail: Exception | None = None) -> None:
        self.tokens = list(tokens)
        self.fail = fail
        self.refreshes = 0

    async def access_token(self, min_ttl: float | None = None) -> str:
        return self.tokens[0]

    async def refresh_now(self) -> str:
        self.refreshes += 1
        if self.fail is not None:
            raise self.fail
        self.tokens.pop(0)
        return self.tokens[0]


def gateway_accepting(good: str, seen: list[str]) -> httpx2.MockTransport:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers.get("authorization", ""))
        if request.headers.get("authorization") == f"Bearer {good}":
            return httpx2.Response(200, json={"ok": True})
        return httpx2.Response(401, headers={"www-authenticate": CHALLENGE_401})

    return httpx2.MockTransport(handler)


async def request_through(
    auth: BearerAuth, accepted: str, method: str = "POST"
) -> tuple[httpx2.Response, list[str], object]:
    """One request through ``auth`` to a gateway that takes only ``Bearer <accepted>``.

    Returns the answer, the Authorization header of each attempt, and the mark taken first.
    """
    seen: list[str] = []
    transport = gateway_accepting(accepted, seen)
    async with httpx2.AsyncClient(auth=auth, transport=transport) as client:
        mark = auth.mark()
        body = {"json": {}} if method == "POST" else {}
        response = await client.request(method, "http://gw/mcp", **body)
    return response, seen, mark


async def test_bearer_auth_refreshes_once_on_401_and_retries():
    tokens = Tokens("old", "new")
    auth = BearerAuth(tokens)
    response, seen, mark = await request_through(auth, "new")
    assert response.status_code == 200
    assert seen == ["Bearer old", "Bearer new"]
    assert tokens.refreshes == 1
    assert auth.problem_since(mark) is None


async def test_bearer_auth_records_a_second_401_as_not_authorised():
    tokens = Tokens("old", "still-bad")
    auth = BearerAuth(tokens)
    response, seen, mark = await request_through(auth, "good")
    assert response.status_code == 401 and len(seen) == 2 and tokens.refreshes == 1
    problem = auth.problem_since(mark)
    assert isinstance(problem, NotAuthorised) and "expires too soon" in problem.message
    assert auth.status_since(mark) == 401
    assert auth.problem_since(auth.mark()) is None  # only problems after the mark count


async def test_bearer_auth_records_a_failed_refresh_instead_of_raising():
    auth = BearerAuth(Tokens("old", fail=SessionExpired()))
    response, seen, mark = await request_through(auth, "good")
    assert response.status_code == 401 and seen == ["Bearer old"]
    assert isinstance(auth.problem_since(mark), SessionExpired)


async def test_bearer_auth_records_403_with_the_scope():
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(403, headers={"www-authenticate": CHALLENGE_403})
    )
    tokens = Tokens("token")
    auth = BearerAuth(tokens)
    async with httpx2.AsyncClient(auth=auth, transport=transport) as client:
        mark = auth.mark()
        await client.post("http://gw/mcp", json={})
    assert tokens.refreshes == 0  # a refresh does not add a scope
    problem = auth.problem_since(mark)
    assert isinstance(problem, Forbidden) and "invoke:mcp" in problem.message


async def test_bearer_auth_uses_a_token_renewed_meanwhile_instead_of_refreshing_again():
    class Renewed(Tokens):
        calls = 0

        async def access_token(self, min_ttl: float | None = None) -> str:
            self.calls += 1
            return "old" if self.calls == 1 else "new"  # another request renewed it

    seen: list[str] = []
    tokens = Renewed("old")
    async with httpx2.AsyncClient(
        auth=BearerAuth(tokens), transport=gateway_accepting("new", seen)
    ) as client:
        response = await client.get("http://gw/mcp")
    assert response.status_code == 200 and seen == ["Bearer old", "Bearer new"]
    assert tokens.refreshes == 0


async def test_bearer_auth_reports_a_failing_token_source_not_the_401():
    class Broken(Tokens):
        async def access_token(self, min_ttl: float | None = None) -> str:
            raise SessionExpired()

    auth = BearerAuth(Broken("unused"))
    response, seen, mark = await request_through(auth, "good", "GET")
    assert response.status_code == 401 and seen == [""]  # sent without a token, never raised
    assert isinstance(auth.problem_since(mark), SessionExpired)
