"""Amazon Bedrock's control plane on loopback: the two listings the model picker reads.

``GET /foundation-models`` (filtered by ``byOutputModality`` / ``byInferenceType`` as
the service does) and ``GET /inference-profiles`` (``type`` filter, ``maxResults`` /
``nextToken`` paging), REST-JSON as botocore expects. Point boto3 at it with
``AWS_ENDPOINT_URL_BEDROCK`` (and dummy static keys): each request's SigV4
``Authorization`` header is recorded, so a test can see which credentials were used.
``refuse`` answers every request with an AWS error (e.g. ``AccessDeniedException``).

The catalogue mirrors what us-east-1 lists (a sample): on-demand and profile-only
models, a legacy one, a provisioned-only variant, embeddings and image models (other
modalities), models without tool use, system and application inference profiles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.http_server import QuietHandler, send_json, serving

REGION = "us-east-1"
ACCOUNT = "123456789012"
ARN = f"arn:aws:bedrock:{REGION}::foundation-model"


def _model(
    model_id: str,
    name: str,
    provider: str,
    *,
    inference: tuple[str, ...] = ("ON_DEMAND",),
    output: tuple[str, ...] = ("TEXT",),
    status: str = "ACTIVE",
) -> dict[str, Any]:
    return {
        "modelArn": f"{ARN}/{model_id}",
        "modelId": model_id,
        "modelName": name,
        "providerName": provider,
        "inputModalities": ["TEXT"],
        "outputModalities": list(output),
        "responseStreamingSupported": True,
        "customizationsSupported": [],
        "inferenceTypesSupported": list(inference),
        "modelLifecycle": {"status": status},
    }


FOUNDATION_MODELS = [
    _model("anthropic.claude-3-haiku-20240307-v1:0", "Claude 3 Haiku", "Anthropic"),
    _model(
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "Claude Sonnet 4.5",
        "Anthropic",
        inference=("INFERENCE_PROFILE",),
    ),
    _model("anthropic.claude-v2:1", "Claude", "Anthropic", status="LEGACY"),
    _model(
        "anthropic.claude-3-sonnet-20240229-v1:0:28k",
        "Claude 3 Sonnet",
        "Anthropic",
        inference=("PROVISIONED",),
    ),
    _model("amazon.nova-pro-v1:0", "Nova Pro", "Amazon"),
    _model("amazon.nova-canvas-v1:0", "Nova Canvas", "Amazon", output=("IMAGE",)),
    _model("amazon.titan-text-express-v1", "Titan Text G1 - Express", "Amazon"),
    _model("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", "Amazon", output=()),
    _model("meta.llama3-1-70b-instruct-v1:0", "Llama 3.1 70B Instruct", "Meta"),
    _model("mistral.mistral-large-2402-v1:0", "Mistral Large (24.02)", "Mistral AI"),
    _model("cohere.command-r-plus-v1:0", "Command R+", "Cohere"),
    _model("deepseek.r1-v1:0", "DeepSeek-R1", "DeepSeek", inference=("INFERENCE_PROFILE",)),
]


def _profile(profile_id: str, name: str, model_id: str, kind: str = "SYSTEM_DEFINED") -> dict:
    arn = (
        profile_id
        if profile_id.startswith("arn:")
        else f"arn:aws:bedrock:{REGION}:{ACCOUNT}:inference-profile/{profile_id}"
    )
    return {
        "inferenceProfileName": name,
        "description": f"Routes requests to {name}",
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2025-01-01T00:00:00Z",
        "inferenceProfileArn": arn,
        "models": [{"modelArn": f"{ARN}/{model_id}"}],
        "inferenceProfileId": profile_id,
        "status": "ACTIVE",
        "type": kind,
    }


TEAM_PROFILE = f"arn:aws:bedrock:{REGION}:{ACCOUNT}:application-inference-profile/team-sonnet"
INFERENCE_PROFILES = [
    _profile(
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "Global Anthropic Claude Sonnet 4.5",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
    ),
    _profile(
        "us.anthropic.claude-3-haiku-20240307-v1:0",
        "US Anthropic Claude 3 Haiku",
        "anthropic.claude-3-haiku-20240307-v1:0",
    ),
    _profile("us.amazon.nova-pro-v1:0", "US Nova Pro", "amazon.nova-pro-v1:0"),
    _profile("us.deepseek.r1-v1:0", "US DeepSeek-R1", "deepseek.r1-v1:0"),
    _profile(
        "us.meta.llama3-2-1b-instruct-v1:0",
        "US Meta Llama 3.2 1B Instruct",
        "meta.llama3-2-1b-instruct-v1:0",
    ),
    _profile(
        TEAM_PROFILE, "Team Sonnet", "anthropic.claude-sonnet-4-5-20250929-v1:0", "APPLICATION"
    ),
]


@dataclass
class BedrockControlDouble:
    """The running double: base URL, what it lists, what it was asked."""

    url: str = ""
    foundation_models: list[dict[str, Any]] = field(default_factory=lambda: FOUNDATION_MODELS)
    inference_profiles: list[dict[str, Any]] = field(default_factory=lambda: INFERENCE_PROFILES)
    page_size: int = 2  # inference profiles per page (the service's default is larger)
    refuse: tuple[int, str, str] | None = None  # (status, error type, message)
    requests: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)

    def key_ids(self) -> set[str]:
        """The access key ids the requests were signed with."""
        ids = set()
        for _, _, authorization in self.requests:
            _, _, rest = authorization.partition("Credential=")
            if rest:
                ids.add(rest.split("/", 1)[0])
        return ids

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if path == "/foundation-models":
            models = self.foundation_models
            if "byOutputModality" in query:
                models = [
                    m for m in models if query["byOutputModality"][0] in m["outputModalities"]
                ]
            if "byInferenceType" in query:
                wanted = query["byInferenceType"][0]
                models = [m for m in models if wanted in m["inferenceTypesSupported"]]
            return 200, {"modelSummaries": models}
        if path == "/inference-profiles":
            kind = query.get("type", ["SYSTEM_DEFINED"])[0]
            profiles = [p for p in self.inference_profiles if p["type"] == kind]
            start = int(query.get("nextToken", ["0"])[0])
            size = min(self.page_size, int(query.get("maxResults", ["1000"])[0]))
            body: dict[str, Any] = {"inferenceProfileSummaries": profiles[start : start + size]}
            if start + size < len(profiles):
                body["nextToken"] = str(start + size)
            return 200, body
        return 404, {"message": f"No route for {path}"}


@contextmanager
def bedrock_control_double(**kwargs: Any) -> Iterator[BedrockControlDouble]:
    """Serve the listings on 127.0.0.1 until the block ends; ``.url`` is the endpoint."""
    double = BedrockControlDouble(**kwargs)

    class Handler(QuietHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            double.requests.append((parts.path, query, self.headers.get("Authorization", "")))
            extra: dict[str, str] = {}
            if double.refuse is not None:
                status, kind, message = double.refuse
                payload: dict[str, Any] = {"message": message}
                extra["x-amzn-ErrorType"] = kind
            else:
                status, payload = double.answer(parts.path, query)
            send_json(self, status, payload, extra)

    with serving(Handler) as port:
        double.url = f"http://127.0.0.1:{port}"
        yield double
