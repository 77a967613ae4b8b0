"""A local Amazon Bedrock Runtime (Converse / ConverseStream) for tests: real wire, no cloud.

boto3 talks to it over HTTP, pointed there with ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``. It
answers as the service does:

- ConverseStream in AWS's event-stream framing (prelude, headers, payload, both CRC32s),
  framed by hand below, so botocore's own decoder checks every byte;
- errors as HTTP answers with the real ``x-amzn-ErrorType`` header and JSON body, so botocore
  raises its service classes (``AccessDeniedException``, ``ValidationException``, …);
- SigV4 checked: the ``Authorization`` header must name a key id that ``credentials``
  knows (e.g. one the STS double issued); with its secret the signature is recomputed, the
  session token compared, and expired credentials refused, each with the service's error;
- requests validated as the service does: a known model id (a bare id that needs an
  inference profile is refused with Bedrock's own words), roles alternating from ``user``,
  tool names matching ``[a-zA-Z0-9_-]{1,64}``, every tool result answering a tool use.

The model's side is scripted: each request plays the next turn (``Text``, ``ToolCall``)
or ``Failure``. Every request is recorded (``requests``).
"""

from __future__ import annotations

import json
import re
import struct
import threading
import time
import uuid
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from tests.support.http_server import QuietHandler, serving

DEFAULT_MODELS = frozenset(
    {"global.anthropic.claude-sonnet-4-6", "us.anthropic.claude-sonnet-4-6", "amazon.nova-pro-v1:0"}
)
# Foundation models that only answer through an inference profile.
PROFILE_ONLY = frozenset({"anthropic.claude-sonnet-4-6"})
_TOOL_NAME = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_CREDENTIAL = re.compile(
    r"Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request"
)
_SIGNED_HEADERS = re.compile(r"SignedHeaders=(?P<names>[^,\s]+)")
_SIGNATURE = re.compile(r"Signature=(?P<sig>[0-9a-f]{64})")
ERROR_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/"
CORAL_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.coral.service/"


@dataclass(frozen=True)
class Text:
    """The model answers with this text (in ``chunk``-sized deltas; 0: one delta)."""

    text: str
    chunk: int = 0


@dataclass(frozen=True)
class ToolCall:
    """The model asks for ``name`` with ``input``."""

    name: str
    input: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """The service answers this request with an error, as Bedrock would."""

    status: int
    code: str
    message: str
    namespace: str = ERROR_NAMESPACE


# Bedrock's own answers for the failures people meet.
ACCESS_DENIED = Failure(
    403, "AccessDeniedException", "You don't have access to the model with the specified model ID."
)
THROTTLED = Failure(
    429, "ThrottlingException", "Too many requests, please wait before trying again."
)
EXPIRED = Failure(
    403,
    "ExpiredTokenException",
    "The security token included in the request is expired",
    CORAL_NAMESPACE,
)
UNRECOGNIZED = Failure(
    403,
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
    CORAL_NAMESPACE,
)
NOT_FOUND = Failure(404, "ResourceNotFoundException", "Model not found.")
INVALID_MODEL = Failure(400, "ValidationException", "The provided model identifier is invalid.")


@dataclass(frozen=True)
class Credentials:
    """What the double knows of a key id: its secret, session token and whether it expired."""

    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)
    expired: bool = False


@dataclass
class BedrockRequest:
    """One request as the double saw it."""

    operation: str  # converse-stream | converse
    model_id: str
    access_key_id: str
    signature_checked: bool
    body: dict[str, Any]
    status: int = 200


Turn = list[Text | ToolCall] | Failure


def header(name: str, value: str) -> bytes:
    """One event-stream header of type string (7)."""
    raw_name, raw_value = name.encode("utf-8"), value.encode("utf-8")
    return (
        struct.pack("B", len(raw_name))
        + raw_name
        + b"\x07"
        + struct.pack(">H", len(raw_value))
        + raw_value
    )


def event_frame(headers: dict[str, str], payload: bytes) -> bytes:
    """One message: total length, headers length, prelude CRC, headers, payload, message CRC."""
    raw_headers = b"".join(header(k, v) for k, v in headers.items())
    prelude = struct.pack(">II", 12 + len(raw_headers) + len(payload) + 4, len(raw_headers))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + raw_headers + payload
    return message + struct.pack(">I", zlib.crc32(message))


def event(event_type: str, payload: dict[str, Any]) -> bytes:
    """A ConverseStream event as Bedrock frames it."""
    return event_frame(
        {
            ":event-type": event_type,
            ":content-type": "application/json",
            ":message-type": "event",
        },
        json.dumps(payload, separators=(",", ":")).encode("utf-8"),
    )


class BedrockDouble:
    """The state of one running double: its URL, script, known keys and what it was asked."""

    def __init__(
        self,
        turns: Iterable[Turn] = (),
        *,
        credentials: Callable[[str], Credentials | None] | None = None,
        models: Iterable[str] = DEFAULT_MODELS,
        region: str = "us-east-1",
    ) -> None:
        """``credentials``: key id -> what is known of it (None: any key id is accepted)."""
        self.turns: deque[Turn] = deque(turns)
        self.credentials = credentials
        self.models = set(models)
        self.region = region
        self.requests: list[BedrockRequest] = []
        self.url = ""
        self._lock = threading.Lock()

    def script(self, *turns: Turn) -> None:
        """Queue more turns."""
        with self._lock:
            self.turns.extend(turns)

    def key_ids(self) -> list[str]:
        """The access key id of every request, in order."""
        return [r.access_key_id for r in self.requests]

    # -- one request --------------------------------------------------------------------

    def answer(
        self, method: str, raw_path: str, headers: Any, body: bytes
    ) -> tuple[int, dict, Any]:
        """(status, headers, body bytes or an iterator of frames) for one request."""
        found = re.fullmatch(r"/model/(?P<id>[^/]+)/(?P<op>converse-stream|converse)", raw_path)
        if method != "POST" or not found:
            return _failure(Failure(404, "UnknownOperationException", "Unknown operation"))
        model_id = unquote(found["id"])
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return _failure(Failure(400, "SerializationException", "Malformed JSON body"))
        record = BedrockRequest(found["op"], model_id, "", False, request)
        with self._lock:
            self.requests.append(record)
        problem = self._check_auth(method, raw_path, headers, body, record) or self._validate(
            model_id, request
        )
        if problem is None:
            with self._lock:
                turn = self.turns.popleft() if self.turns else [Text("(script ended)")]
            if isinstance(turn, Failure):
                problem = turn
        if problem is not None:
            record.status = problem.status
            return _failure(problem)
        assert not isinstance(turn, Failure)
        if found["op"] == "converse":
            return 200, {"Content-Type": "application/json"}, _converse_body(turn)
        return (
            200,
            {"Content-Type": "application/vnd.amazon.eventstream"},
            _stream_frames(turn),
        )

    def _check_auth(
        self, method: str, raw_path: str, headers: Any, body: bytes, record: BedrockRequest
    ) -> Failure | None:
        authorization = headers.get("Authorization", "")
        credential = _CREDENTIAL.search(authorization)
        if not authorization.startswith("AWS4-HMAC-SHA256 ") or credential is None:
            return Failure(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token",
                CORAL_NAMESPACE,
            )
        record.access_key_id = credential["key"]
        if credential["service"] != "bedrock" or credential["region"] != self.region:
            return Failure(
                403,
                "InvalidSignatureException",
                f"Credential should be scoped to a valid region ({self.region}) and service.",
                CORAL_NAMESPACE,
            )
        if self.credentials is None:
            return None
        known = self.credentials(credential["key"])
        if known is None:
            return UNRECOGNIZED
        if (
            known.session_token is not None
            and headers.get("X-Amz-Security-Token") != known.session_token
        ):
            return UNRECOGNIZED
        if known.expired:
            return EXPIRED
        if not _signature_matches(
            method, raw_path, headers, body, authorization, known, self.region
        ):
            return Failure(
                403,
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided.",
                CORAL_NAMESPACE,
            )
        record.signature_checked = True
        return None

    def _validate(self, model_id: str, request: dict[str, Any]) -> Failure | None:
        if model_id in PROFILE_ONLY:
            return Failure(
                400,
                "ValidationException",
                f"Invocation of model ID {model_id} with on-demand throughput isn’t supported. "
                "Retry your request with the ID or ARN of an inference profile that contains "
                "this model.",
            )
        if model_id not in self.models:
            return INVALID_MODEL
        messages = request.get("messages")
        if not isinstance(messages, list) or not messages:
            return Failure(
                400, "ValidationException", "A conversation must start with a user message."
            )
        for tool in (request.get("toolConfig") or {}).get("tools", []):
            name = tool.get("toolSpec", {}).get("name", "")
            if not _TOOL_NAME.fullmatch(name):
                return Failure(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value at "
                    "'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: "
                    "Member must satisfy regular expression pattern: "
                    "[a-zA-Z0-9_-]+",
                )
        expected = "user"
        uses: set[str] = set()
        for message in messages:
            if message.get("role") != expected:
                return Failure(
                    400,
                    "ValidationException",
                    "A conversation must alternate between user and assistant roles. Make sure "
                    "the conversation alternates between user and assistant roles and try again.",
                )
            content = message.get("content", [])
            if expected == "user":
                results = {b["toolResult"]["toolUseId"] for b in content if "toolResult" in b}
                if results != uses and (results or uses):
                    return Failure(
                        400,
                        "ValidationException",
                        "The number of toolResult blocks at messages.1.content exceeds the number "
                        "of toolUse blocks of previous turn.",
                    )
                uses = set()
            else:
                uses = {b["toolUse"]["toolUseId"] for b in content if "toolUse" in b}
            expected = "assistant" if expected == "user" else "user"
        return None


def _failure(failure: Failure) -> tuple[int, dict[str, str], bytes]:
    return (
        failure.status,
        {
            "Content-Type": "application/json",
            "x-amzn-ErrorType": f"{failure.code}:{failure.namespace}",
        },
        json.dumps({"message": failure.message}).encode("utf-8"),
    )


def _blocks(turn: list[Text | ToolCall]) -> Iterator[tuple[int, Text | ToolCall, str]]:
    for index, step in enumerate(turn):
        yield index, step, f"tooluse_{uuid.uuid4().hex[:22]}"


def _stream_frames(turn: list[Text | ToolCall]) -> Iterator[bytes]:
    yield event("messageStart", {"role": "assistant"})
    calls = False
    for index, step, use_id in _blocks(turn):
        if isinstance(step, Text):
            size = step.chunk or max(1, len(step.text))
            for start in range(0, len(step.text), size):
                piece = step.text[start : start + size]
                yield event(
                    "contentBlockDelta", {"contentBlockIndex": index, "delta": {"text": piece}}
                )
        else:
            calls = True
            start = {"toolUse": {"toolUseId": use_id, "name": step.name}}
            yield event("contentBlockStart", {"contentBlockIndex": index, "start": start})
            delta = {"toolUse": {"input": json.dumps(step.input)}}
            yield event("contentBlockDelta", {"contentBlockIndex": index, "delta": delta})
        yield event("contentBlockStop", {"contentBlockIndex": index})
    yield event("messageStop", {"stopReason": "tool_use" if calls else "end_turn"})
    usage = {"inputTokens": 12, "outputTokens": 5, "totalTokens": 17}
    yield event("metadata", {"usage": usage, "metrics": {"latencyMs": 7}})


def _converse_body(turn: list[Text | ToolCall]) -> bytes:
    content: list[dict[str, Any]] = []
    calls = False
    for _, step, use_id in _blocks(turn):
        if isinstance(step, Text):
            content.append({"text": step.text})
        else:
            calls = True
            content.append(
                {"toolUse": {"toolUseId": use_id, "name": step.name, "input": step.input}}
            )
    answer = {
        "output": {"message": {"role": "assistant", "content": content}},
        "stopReason": "tool_use" if calls else "end_turn",
        "usage": {"inputTokens": 12, "outputTokens": 5, "totalTokens": 17},
        "metrics": {"latencyMs": 7},
    }
    return json.dumps(answer).encode("utf-8")


def _signature_matches(
    method: str,
    raw_path: str,
    headers: Any,
    body: bytes,
    authorization: str,
    known: Credentials,
    region: str,
) -> bool:
    """Recompute the SigV4 signature with botocore's signer over the signed headers."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials as BotoCredentials

    names = _SIGNED_HEADERS.search(authorization)
    signature = _SIGNATURE.search(authorization)
    stamp = headers.get("X-Amz-Date", "")
    if names is None or signature is None or not stamp:
        return False
    signed = {name: headers.get(name, "") for name in names["names"].split(";")}
    request = AWSRequest(
        method=method, url=f"http://{headers.get('Host', '')}{raw_path}", data=body, headers=signed
    )
    request.context["timestamp"] = stamp
    key_id = _CREDENTIAL.search(authorization)
    assert key_id is not None
    signer = SigV4Auth(
        BotoCredentials(key_id["key"], known.secret_access_key, known.session_token),
        "bedrock",
        region,
    )
    canonical = signer.canonical_request(request)
    expected = signer.signature(signer.string_to_sign(request, canonical), request)
    return bool(expected == signature["sig"])


@contextmanager
def bedrock_double(
    turns: Iterable[Turn] = (),
    *,
    credentials: Callable[[str], Credentials | None] | None = None,
    models: Iterable[str] = DEFAULT_MODELS,
    region: str = "us-east-1",
    pause: float = 0.0,
) -> Iterator[BedrockDouble]:
    """Serve a double on 127.0.0.1 until the block ends (``pause``: seconds between frames)."""
    double = BedrockDouble(turns, credentials=credentials, models=models, region=region)

    class Handler(QuietHandler):
        protocol_version = "HTTP/1.1"  # keep-alive and chunked frames, as botocore expects

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, answer_headers, answer = double.answer(
                self.command, self.path, self.headers, body
            )
            self.send_response(status)
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            for name, value in answer_headers.items():
                self.send_header(name, value)
            if isinstance(answer, bytes):
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                return
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for frame in answer:
                self.wfile.write(f"{len(frame):x}\r\n".encode("ascii") + frame + b"\r\n")
                self.wfile.flush()
                if pause:
                    time.sleep(pause)  # the service's pacing, in the server's thread
            self.wfile.write(b"0\r\n\r\n")

        do_GET = do_POST

    with serving(Handler, name="bedrock-double") as port:
        double.url = f"http://127.0.0.1:{port}"
        yield double
