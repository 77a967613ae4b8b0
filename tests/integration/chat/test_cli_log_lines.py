"""Every line the terminal prints is clean, log lines too (issue #17, item 5).

What we saw: mcp's "Unexpected content type" log line carried a C1 control (U+009B) from
a gateway's ``Content-Type`` to stderr; with ``--debug`` an SSE event name carrying
``ESC ] … BEL`` set the terminal's title. Here a small hostile gateway on loopback (a real
HTTP server speaking just enough MCP) answers ``agentcore-chat tools`` in a new process,
with and without ``--debug``; the sign-in is the real one from the embedded server.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from tests.support.http_server import QuietHandler, serving

pytestmark = pytest.mark.keyring

ESCAPES = "\x9b31m\x1b]0;owned\x07\x1b[2J\x9d0;title\x9c\x07\x08"


def _result(message: dict) -> dict:
    method = message.get("method")
    if method == "initialize":
        return {
            "protocolVersion": message.get("params", {}).get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "hostile", "version": "1"},
        }
    if method == "tools/list":
        return {"tools": []}
    return {}


@contextmanager
def hostile_gateway(mode: str) -> Iterator[str]:
    """A gateway whose ``Content-Type`` (mode "type") or SSE event names ("event") carry escapes."""

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            message = json.loads(body or b"{}")
            if "id" not in message:  # a notification or a response: accepted
                self._send(202, "application/json", b"")
                return
            reply = {"jsonrpc": "2.0", "id": message["id"], "result": _result(message)}
            if mode == "type":
                # Header bytes as sent: latin-1 carries U+009B as the byte 0x9B.
                self._send(200, "text/html" + ESCAPES, json.dumps(reply).encode())
            else:
                events = (
                    f"event: hello{ESCAPES}\ndata: {{}}\n\n"
                    f"event: message\ndata: {json.dumps(reply)}\n\n"
                )
                self._send(200, "text/event-stream", events.encode("utf-8"))

        def do_GET(self) -> None:
            self._send(405, "text/plain", b"")

        def do_DELETE(self) -> None:
            self._send(200, "text/plain", b"")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}/mcp"


def assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert all(c.isprintable() or c in "\n\t" for c in text), repr(text[-600:])


async def tools(stack: DemoStack, gateway: str, *flags: str) -> subprocess.CompletedProcess[str]:
    command = [
        *(sys.executable, "-m", "gui", *flags, "--issuer", stack.profile.issuer),
        *("--client-id", DEMO_CLIENT_ID, "--audience", DEMO_AUDIENCE),
        *("--gateway-url", gateway, "--model", "offline", "tools"),
    ]
    return await asyncio.to_thread(
        subprocess.run,
        command,
        capture_output=True,
        text=True,
        timeout=90,
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("flags", [(), ("--debug",)], ids=["quiet", "debug"])
async def test_a_content_type_with_escapes_reaches_stderr_clean(
    signed_in: DemoStack, flags: tuple[str, ...]
) -> None:
    with hostile_gateway("type") as gateway:
        done = await tools(signed_in, gateway, *flags)
    assert "Unexpected content type" in done.stderr  # mcp's own log line, printed...
    assert_clean(done.stderr)  # ...without what the server put in it
    assert_clean(done.stdout)


@pytest.mark.parametrize("flags", [(), ("--debug",)], ids=["quiet", "debug"])
async def test_an_sse_event_name_with_escapes_reaches_stderr_clean(
    signed_in: DemoStack, flags: tuple[str, ...]
) -> None:
    with hostile_gateway("event") as gateway:
        done = await tools(signed_in, gateway, *flags)
    if flags:
        assert "Unknown SSE event: hello" in done.stderr
    assert_clean(done.stderr)
    assert_clean(done.stdout)


def test_debug_help_says_it_logs_conversation_content() -> None:
    from gui.cli.parser import build_parser

    help_text = " ".join(build_parser().format_help().split())
    assert "--debug log details to stderr, including conversation content" in help_text
