"""gui.gateway.errors: mcp / httpx2 failures as our typed errors, and the retry decision."""

from __future__ import annotations

from types import SimpleNamespace

import httpx2
import pytest
from mcp.shared.exceptions import MCPError

from gui.errors import ChatError, GatewayUnreachable, ProtocolError, ToolTimeout
from gui.gateway.errors import (
    CONNECTION_CLOSED,
    INTERNAL_ERROR,
    INVALID_REQUEST,
    REQUEST_TIMEOUT,
    AnswerTooLarge,
    LargeAnswers,
    PolicyDenied,
    gateway_error,
    mcp_error,
    never_ran,
    session_lost,
    transport_failure,
)

WHERE = {
    "url": "https://gw.example.com/mcp",
    "host": "gw.example.com",
    "hostname": "gw.example.com",
}


def test_transport_failure_is_found_inside_groups_and_causes():
    refused = httpx2.ConnectError("refused")
    wrapper = RuntimeError("transport ended")
    wrapper.__cause__ = refused
    assert transport_failure(ExceptionGroup("tg", [ValueError("x"), wrapper])) is refused
    assert transport_failure(ValueError("x")) is None
    assert transport_failure(None) is None


def test_mcp_error_is_found_inside_groups():
    error = MCPError(INTERNAL_ERROR, "boom")
    assert mcp_error(BaseExceptionGroup("tg", [ExceptionGroup("inner", [error])])) is error
    assert mcp_error(ValueError("x")) is None


@pytest.mark.parametrize(
    ("code", "status", "connecting", "kind", "text"),
    [
        (CONNECTION_CLOSED, None, True, GatewayUnreachable, "Cannot reach the gateway"),
        (CONNECTION_CLOSED, None, False, GatewayUnreachable, "was lost"),
        (REQUEST_TIMEOUT, None, False, ToolTimeout, "did not answer in time"),
        (INTERNAL_ERROR, 404, False, ChatError, "HTTP 404. Check the gateway URL."),
        (INVALID_REQUEST, None, False, ChatError, "reported an error: bad thing"),
    ],
)
def test_gateway_errors_name_the_host_and_what_happened(code, status, connecting, kind, text):
    error = MCPError(code, "bad \x1b[31mthing\n")
    mapped = gateway_error(error, error, status=status, connecting=connecting, **WHERE)
    assert type(mapped) is kind and text in mapped.message
    assert "\x1b" not in mapped.message and "\n" not in mapped.message


def test_an_unreadable_answer_is_a_protocol_error():
    mapped = gateway_error(ValueError("raw library text"), None, **WHERE)
    assert isinstance(mapped, ProtocolError) and "raw library text" not in mapped.message


def test_a_session_is_lost_when_its_connection_ended_or_the_gateway_forgot_it():
    alive, dead = SimpleNamespace(alive=True), SimpleNamespace(alive=False)
    assert session_lost(None, dead)  # type: ignore[arg-type]
    assert not session_lost(None, alive)  # type: ignore[arg-type]
    forgot = SimpleNamespace(code=INVALID_REQUEST, message="Session not found")
    assert session_lost(forgot, alive)  # type: ignore[arg-type]
    assert not session_lost(SimpleNamespace(code=INVALID_REQUEST, message="bad"), alive)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "message", "lost"),
    [
        (INVALID_REQUEST, "Session not found", True),
        (REQUEST_TIMEOUT, "Session not found", True),  # the TypeScript SDK's 404 wording
        (CONNECTION_CLOSED, "Bad Request: No valid session ID provided", True),  # its 400
        (INVALID_REQUEST, "Session terminated", True),  # mcp's own stand-in for a bare 404
        (REQUEST_TIMEOUT, "Request timed out", False),
        (INTERNAL_ERROR, "session store down", False),
    ],
)
async def test_every_wording_of_an_unknown_session(code: int, message: str, lost: bool):
    alive = SimpleNamespace(alive=True, forgotten=False)
    error = SimpleNamespace(code=code, message=message)
    assert session_lost(error, alive) is lost  # type: ignore[arg-type]
    if code != CONNECTION_CLOSED:
        assert await never_ran(error, alive) is lost  # type: ignore[arg-type]


async def test_a_forgotten_session_never_ran_the_call():
    forgotten = SimpleNamespace(alive=False, forgotten=True)
    assert session_lost(None, forgotten)  # type: ignore[arg-type]
    assert await never_ran(SimpleNamespace(code=INTERNAL_ERROR, message="x"), forgotten)  # type: ignore[arg-type]


def test_a_policy_denial_error_is_its_own_kind():
    text = "Tool Execution Denied: Tool call not allowed due to policy enforcement [nope]"
    error = MCPError(INTERNAL_ERROR, text)
    mapped = gateway_error(error, error, **WHERE)
    assert isinstance(mapped, PolicyDenied) and mapped.server_message == text
    assert mapped.message == "Your organisation's policy does not allow this call."


def test_an_unknown_session_left_after_the_retry_is_said_plainly():
    error = MCPError(INVALID_REQUEST, "Session not found")
    mapped = gateway_error(error, error, **WHERE)
    assert isinstance(mapped, GatewayUnreachable) and "ended the session" in mapped.message


# --- an answer too large for mcp's SSE reader ---------------------------------------------


def test_a_lost_stream_after_an_oversized_event_is_an_answer_too_large():
    lost = MCPError(CONNECTION_CLOSED, "SSE stream ended without a response")
    mapped = gateway_error(lost, lost, **WHERE, too_large=1_048_576)
    assert isinstance(mapped, AnswerTooLarge)
    assert mapped.message == "The tool's answer was too large to receive (over 1 MB)."
    # Without an oversized event it is what it says: the connection was lost.
    assert isinstance(gateway_error(lost, lost, **WHERE), GatewayUnreachable)


async def _stream(watcher: LargeAnswers, chunks: list[bytes]) -> bytes:
    async def body():
        for chunk in chunks:
            yield chunk

    response = httpx2.Response(200, headers={"content-type": "text/event-stream"}, stream=body())
    await watcher.watch(response)
    return b"".join([part async for part in response.stream])


@pytest.mark.parametrize("end", [b"\n\n", b"\r\n\r\n", b"\r\r"])
async def test_large_answers_measures_each_event_across_chunks(end: bytes):
    watcher = LargeAnswers(limit=100)
    small = b"event: message" + end[: len(end) // 2] + b"data: " + b"x" * 40 + end
    mark = watcher.mark()
    # Many small events, split anywhere (even inside the blank line), pass unchanged.
    chunks = [small[i : i + 7] for i in range(0, len(small), 7)] * 10
    assert await _stream(watcher, chunks) == b"".join(chunks)
    assert watcher.too_large_since(mark) is None
    # One event over the limit, in pieces, is seen.
    big = b"data: " + b"y" * 150 + end
    await _stream(watcher, [small, big[:60], big[60:120], big[120:]])
    assert watcher.too_large_since(mark) == 100


async def test_large_answers_leaves_other_responses_alone():
    watcher = LargeAnswers(limit=10)
    response = httpx2.Response(200, headers={"content-type": "application/json"}, content=b"{}")
    stream = response.stream
    await watcher.watch(response)
    assert response.stream is stream
