"""What the HTTP model doubles share: a loopback server playing scripted turns, recording requests.

A turn is a list of :class:`~tests.support.chat.Say` / :class:`~tests.support.chat.Use`
steps (the same script the in-process ``ScriptedModel`` plays), or a :class:`Refuse`
(an HTTP error such as 429). Each ``POST`` to the provider's messages path plays the
next turn; when the script is used up, ``then`` is played for every further request
(by default a short "(script ended)"). The provider-specific wire formats live in
:mod:`tests.support.openai_double` and :mod:`tests.support.anthropic_double`.

Real sockets and the providers' real SDKs on the other side: only the answers are canned.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tests.support.chat import Say, ScriptedModel, Use
from tests.support.http_server import send_json

Step = Say | Use


@dataclass(frozen=True)
class Refuse:
    """Answer with an HTTP error: 429 (rate limited), 529 (overloaded), 401, …"""

    status: int = 429
    retry_after: float | None = None  # seconds, sent as the Retry-After header
    message: str = "Rate limit reached: slow down."


@dataclass(frozen=True)
class Break:
    """Fail mid-stream, after the steps before it (Anthropic: an SSE ``error`` event)."""

    error_type: str = "overloaded_error"
    message: str = "Overloaded"


Turn = list[Step | Break] | Refuse


@dataclass(frozen=True)
class Recorded:
    """One request the double received."""

    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw_size: int  # bytes of the request body
    at: float  # time.monotonic() when it arrived


@dataclass
class ModelDouble:
    """A running double: its base URL, its script and what it was asked."""

    url: str = ""
    turns: deque[Turn] = field(default_factory=deque)
    then: Turn = field(default_factory=lambda: [Say("(script ended)")])
    usage: tuple[int, int] = (12, 7)  # input, output tokens reported for every answer
    models: list[dict[str, Any]] = field(default_factory=list)
    models_refusal: Refuse | None = None  # answer the models list with this error
    requests: list[Recorded] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_turn(self) -> Turn:
        with self._lock:
            return self.turns.popleft() if self.turns else self.then

    @property
    def model_requests(self) -> list[Recorded]:
        """The requests that asked the model (not the models list)."""
        return [r for r in self.requests if r.method == "POST"]


class Wire:
    """How one provider writes a turn: implemented per provider."""

    messages_path = ""
    models_path = ""

    def stream(self, double: ModelDouble, turn: list[Any]) -> Iterator[bytes]:
        raise NotImplementedError

    def error(self, refusal: Refuse) -> dict[str, Any]:
        raise NotImplementedError

    def models(self, double: ModelDouble, query: str) -> dict[str, Any]:
        raise NotImplementedError


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client closing its kept-alive connection is no error worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(wire: Wire, double: ModelDouble) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving ``double`` with ``wire``'s formats on 127.0.0.1; returns (server, url)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _record(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {"_unparsed": raw.decode("utf-8", "replace")}
            path, _, _ = self.path.partition("?")
            headers = {k.lower(): v for k, v in self.headers.items()}
            double.requests.append(
                Recorded(self.command, path, headers, body, len(raw), time.monotonic())
            )
            return raw

        def _json(self, status: int, payload: dict[str, Any], extra: dict[str, str]) -> None:
            send_json(self, status, payload, extra)

        def do_GET(self) -> None:
            self._record()
            path, _, query = self.path.partition("?")
            if path != wire.models_path:
                self._json(404, {"error": {"message": "not found"}}, {})
                return
            if double.models_refusal is not None:
                self._json(double.models_refusal.status, wire.error(double.models_refusal), {})
                return
            self._json(200, wire.models(double, query), {})

        def do_POST(self) -> None:
            self._record()
            if self.path.partition("?")[0] != wire.messages_path:
                self._json(404, {"error": {"message": "not found"}}, {})
                return
            turn = double.next_turn()
            if isinstance(turn, Refuse):
                extra = {}
                if turn.retry_after is not None:
                    extra["Retry-After"] = f"{turn.retry_after:g}"
                self._json(turn.status, wire.error(turn), extra)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in wire.stream(double, turn):
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def log_message(self, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def sse(data: dict[str, Any] | str, event: str | None = None) -> bytes:
    """One server-sent event."""
    text = data if isinstance(data, str) else json.dumps(data)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {text}\n\n".encode()


def scripted(turns: Iterable[Turn]) -> deque[Turn]:
    """The turns as the double's queue."""
    return deque(turns)


@contextmanager
def serving(
    wire: Wire,
    turns: Iterable[Turn],
    *,
    then: Turn | None,
    models: list[dict[str, Any]],
    usage: tuple[int, int],
    base_path: str = "",
) -> Iterator[ModelDouble]:
    """Serve a double of ``wire``'s provider on 127.0.0.1 until the block ends.

    ``.url`` is the server's address plus ``base_path`` (where the SDK expects its API).
    """
    double = ModelDouble(turns=scripted(turns), usage=usage)
    if then is not None:
        double.then = then
    double.models = models
    server, url = serve(wire, double)
    double.url = url + base_path
    try:
        yield double
    finally:
        server.shutdown()
        server.server_close()


PROVIDER_VARS = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_BEDROCK",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_BASE_URL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
)


def isolate_provider_env(monkeypatch: Any, folder: Any) -> None:
    """No provider settings from the developer's machine: no variables, empty AWS files."""
    for var in PROVIDER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(folder / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(folder / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


class RecordingModel(ScriptedModel):
    """The in-process scripted model, also keeping the tool specs of every call."""

    def __init__(self, turns: Iterable[list[Step]], **kwargs: Any) -> None:
        super().__init__(turns, **kwargs)
        self.specs: list[list[dict[str, Any]]] = []  # per model call

    async def stream(self, messages, tool_specs=None, system_prompt=None, **kwargs):  # type: ignore[override]
        self.specs.append(json.loads(json.dumps(tool_specs or [])))
        async for event in super().stream(messages, tool_specs, system_prompt, **kwargs):
            yield event

    def names(self, call: int) -> list[str]:
        """The tool names offered to model call ``call`` (0 for the first)."""
        return [spec["name"] for spec in self.specs[call]]
