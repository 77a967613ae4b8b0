"""The gateway client's pieces without a server: challenges, BearerAuth, paging, results."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import httpx2
import pytest

from gui.errors import Forbidden, NotAuthorised, SessionExpired
from gui.gateway.client import (
    BearerAuth,
    Rejection,
    _list_all_tools,
    _tool_result,
    leaf_exceptions,
    parse_challenge,
    rejection_error,
    tool_error_detail,
)
from gui.gateway.tools import ToolInfo, ToolResult

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


async def post_once(
    auth: BearerAuth, transport: httpx2.MockTransport, body: object = None
) -> tuple[httpx2.Response, tuple[int, int]]:
    """One POST through ``auth``; returns the response and the mark taken just before it."""
    async with httpx2.AsyncClient(auth=auth, transport=transport) as client:
        mark = auth.mark()
        response = await client.post("http://gw/mcp", json=body if body is not None else {})
    return response, mark


async def test_bearer_auth_refreshes_once_on_401_and_retries():
    seen: list[str] = []
    tokens = Tokens("old", "new")
    auth = BearerAuth(tokens)
    response, mark = await post_once(auth, gateway_accepting("new", seen), {"jsonrpc": "2.0"})
    assert response.status_code == 200
    assert seen == ["Bearer old", "Bearer new"]
    assert tokens.refreshes == 1
    assert auth.problem_since(mark) is None


async def test_bearer_auth_records_a_second_401_as_not_authorised():
    seen: list[str] = []
    tokens = Tokens("old", "still-bad")
    auth = BearerAuth(tokens)
    response, mark = await post_once(auth, gateway_accepting("good", seen))
    assert response.status_code == 401 and len(seen) == 2 and tokens.refreshes == 1
    problem = auth.problem_since(mark)
    assert isinstance(problem, NotAuthorised) and "expires too soon" in problem.message
    assert auth.status_since(mark) == 401
    assert auth.problem_since(auth.mark()) is None  # only problems after the mark count


async def test_bearer_auth_records_a_failed_refresh_instead_of_raising():
    seen: list[str] = []
    auth = BearerAuth(Tokens("old", fail=SessionExpired()))
    response, mark = await post_once(auth, gateway_accepting("good", seen))
    assert response.status_code == 401 and seen == ["Bearer old"]
    assert isinstance(auth.problem_since(mark), SessionExpired)


async def test_bearer_auth_records_403_with_the_scope():
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(403, headers={"www-authenticate": CHALLENGE_403})
    )
    tokens = Tokens("token")
    auth = BearerAuth(tokens)
    _, mark = await post_once(auth, transport)
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


async def test_list_all_tools_follows_cursors():
    pages = {
        None: SimpleNamespace(tools=["a", "b"], next_cursor="p2"),
        "p2": SimpleNamespace(tools=["c"], next_cursor="p3"),
        "p3": SimpleNamespace(tools=["d"], next_cursor=None),
    }
    asked: list[Any] = []

    class Session:
        async def list_tools(self, *, params: Any = None) -> Any:
            cursor = params.cursor if params is not None else None
            asked.append(cursor)
            return pages[cursor]

    assert await _list_all_tools(Session()) == ["a", "b", "c", "d"]  # type: ignore[arg-type]
    assert asked == [None, "p2", "p3"]


def test_leaf_exceptions_unwrap_nested_groups():
    inner = ValueError("x")
    group = BaseExceptionGroup("outer", [ExceptionGroup("inner", [inner]), KeyError("k")])
    assert [type(e) for e in leaf_exceptions(group)] == [ValueError, KeyError]
    assert list(leaf_exceptions(inner)) == [inner]


def test_tool_results_join_their_blocks_and_keep_structured_content():
    info = ToolInfo("people___getProfile", "people___getProfile", "people · getProfile", "")
    raw = SimpleNamespace(
        content=[
            SimpleNamespace(type="text", text="first"),
            SimpleNamespace(type="image", mime_type="image/png"),
            SimpleNamespace(type="resource_link", uri="https://x/y"),
        ],
        structured_content={"age": 30},
        is_error=False,
    )
    result = _tool_result(info, raw)
    assert result.text == "first\n[image: image/png]\n[link: https://x/y]"
    assert result.structured == {"age": 30} and not result.is_error


def test_tool_error_detail_drops_the_mcp_prefix():
    failed = ToolResult(
        "t", "t", "Error executing tool people___getProfile: No profile", None, True
    )
    assert tool_error_detail(failed) == "No profile"
    assert "without a message" in tool_error_detail(ToolResult("t", "t", "", None, True))


async def test_bearer_auth_reports_a_failing_token_source_not_the_401():
    class Broken(Tokens):
        async def access_token(self, min_ttl: float | None = None) -> str:
            raise SessionExpired()

    seen: list[str] = []
    auth = BearerAuth(Broken("unused"))
    async with httpx2.AsyncClient(auth=auth, transport=gateway_accepting("good", seen)) as client:
        mark = auth.mark()
        response = await client.get("http://gw/mcp")
    assert response.status_code == 401 and seen == [""]  # sent without a token, never raised
    assert isinstance(auth.problem_since(mark), SessionExpired)
