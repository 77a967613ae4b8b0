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
    gateway_error,
    mcp_error,
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
