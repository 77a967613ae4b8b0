"""Provider failures over the wire become one line that says the fix.

Bedrock errors come from the Bedrock double as the service sends them (status,
``x-amzn-ErrorType``, JSON body), through botocore and strands; Anthropic and OpenAI
errors from a canned local server reached through the SDKs' base URLs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gui.agent import models
from gui.agent.model_errors import (
    ModelAccessDenied,
    ModelCredentialsExpired,
    ModelCredentialsMissing,
    ModelCredentialsRejected,
    ModelNotFound,
    ModelRequestRejected,
    ModelThrottled,
    ModelUnreachable,
)
from gui.config import Profile
from gui.errors import AppError
from tests.support.aws import KEY_ID, REGION, answer_of, isolate_aws, user_says
from tests.support.bedrock_double import (
    ACCESS_DENIED,
    NOT_FOUND,
    THROTTLED,
    BedrockDouble,
    Credentials,
)
from tests.support.http_server import Canned, canned_server, refused_port

MODEL = "global.anthropic.claude-sonnet-4-6"


async def failure_of(profile: Profile, *, tools: list[dict[str, Any]] | None = None) -> AppError:
    """Build the configured model, ask it once, and map what it raised."""
    choice = models.choose(profile)
    try:
        model = await models.build_model(choice)
        async for _ in model.stream(user_says("hi"), tool_specs=tools):
            pass
    except Exception as exc:  # what the chat session gets, mapped as it maps it
        error = models.model_error(exc, choice)
        print(type(error).__name__, error.message)  # shown with -s: the wording to review
        return error
    raise AssertionError("the model call did not fail")


def bedrock(model: str = MODEL) -> Profile:
    return Profile(model=f"bedrock:{model}")


# --- Bedrock ------------------------------------------------------------------------------


async def test_access_denied_names_model_region_and_who_to_ask(keyed_bedrock: BedrockDouble):
    keyed_bedrock.script(ACCESS_DENIED)
    error = await failure_of(bedrock())
    assert isinstance(error, ModelAccessDenied)
    assert MODEL in error.message and REGION in error.message
    assert "AWS profile dev" in error.message and "model access" in error.message
    assert "Try again" not in error.message


async def test_expired_credentials_say_how_to_renew_them(
    keyed_bedrock: BedrockDouble, monkeypatch: pytest.MonkeyPatch
):
    keyed_bedrock.credentials = {KEY_ID: Credentials("example-secret", expired=True)}.get
    error = await failure_of(bedrock())
    assert isinstance(error, ModelCredentialsExpired)
    assert "`aws sso login --profile dev`" in error.message
    assert keyed_bedrock.requests[0].status == 403


async def test_unknown_keys_and_wrong_secrets_are_rejected_credentials(
    keyed_bedrock: BedrockDouble,
):
    keyed_bedrock.credentials = {}.get  # the service knows no such key
    unknown = await failure_of(bedrock())
    assert isinstance(unknown, ModelCredentialsRejected)
    assert "UnrecognizedClientException" in unknown.message and "AWS_PROFILE" in unknown.message

    keyed_bedrock.credentials = {KEY_ID: Credentials("another-secret")}.get
    mismatch = await failure_of(bedrock())
    assert isinstance(mismatch, ModelCredentialsRejected)
    assert "InvalidSignatureException" in mismatch.message


@pytest.mark.parametrize(
    ("model_id", "suggestion"),
    [
        # A bare foundation-model id: Bedrock wants an inference profile for it.
        ("anthropic.claude-sonnet-4-6", "bedrock:us.anthropic.claude-sonnet-4-6"),
        ("anthropic.claude-opus-9", "bedrock:global.anthropic.claude-opus-9"),
        # A profile id that does not exist here: how to list the ones that do.
        ("eu.anthropic.claude-sonnet-4-6", "aws bedrock list-inference-profiles --region"),
    ],
)
async def test_unknown_model_ids_suggest_the_inference_profile(
    keyed_bedrock: BedrockDouble, model_id: str, suggestion: str
):
    error = await failure_of(bedrock(model_id))
    assert isinstance(error, ModelNotFound)
    assert suggestion in error.message and model_id in error.message


async def test_a_missing_model_resource_is_not_found(keyed_bedrock: BedrockDouble):
    keyed_bedrock.script(NOT_FOUND)
    assert isinstance(await failure_of(bedrock()), ModelNotFound)


async def test_validation_errors_keep_the_services_reason(keyed_bedrock: BedrockDouble):
    tool = {"name": "people.getProfile", "description": "d", "inputSchema": {"json": {}}}
    error = await failure_of(bedrock(), tools=[tool])
    assert isinstance(error, ModelRequestRejected)
    assert "regular expression pattern" in error.message
    assert error.reason in error.message


async def test_throttling_says_busy(keyed_bedrock: BedrockDouble):
    keyed_bedrock.script(THROTTLED)
    assert isinstance(await failure_of(bedrock()), ModelThrottled)


async def test_no_aws_credentials_says_the_three_ways(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    isolate_aws(monkeypatch, tmp_path)
    with pytest.raises(ModelCredentialsMissing) as missing:
        await models.build_model(models.choose(bedrock()))
    message = missing.value.message
    assert "aws_role_arn" in message and "aws sso login" in message
    assert "AWS_BEARER_TOKEN_BEDROCK" in message


async def test_an_unreachable_bedrock_endpoint_names_the_host(
    keyed_bedrock: BedrockDouble, monkeypatch: pytest.MonkeyPatch
):
    port = refused_port()
    monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", f"http://127.0.0.1:{port}")
    error = await failure_of(bedrock())
    assert isinstance(error, ModelUnreachable) and f"127.0.0.1:{port}" in error.message


async def test_a_working_call_still_answers(keyed_bedrock: BedrockDouble):
    from tests.support.bedrock_double import Text

    keyed_bedrock.script([Text("fine")])
    model = await models.build_model(models.choose(bedrock()))
    assert await answer_of(model, "hi") == "fine"
    assert keyed_bedrock.requests[0].signature_checked


# --- Anthropic and OpenAI-compatible endpoints ---------------------------------------------


def error_body(kind: str, message: str) -> bytes:
    return json.dumps({"type": "error", "error": {"type": kind, "message": message}}).encode()


def openai_error(message: str, code: str) -> bytes:
    return json.dumps(
        {"error": {"message": message, "type": "invalid_request_error", "code": code}}
    ).encode()


async def test_a_wrong_anthropic_key_names_the_variable(monkeypatch: pytest.MonkeyPatch):
    answers = {"/v1/messages": Canned(401, error_body("authentication_error", "invalid x-api-key"))}
    with canned_server(answers) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-wrong")
        error = await failure_of(Profile(model="anthropic:claude-sonnet-4-6"))
    assert isinstance(error, ModelCredentialsRejected) and "ANTHROPIC_API_KEY" in error.message
    assert "sk-ant-wrong" not in error.message


async def test_anthropic_validation_errors_keep_the_reason(monkeypatch: pytest.MonkeyPatch):
    reason = "max_tokens: 100000 > 64000, which is the maximum allowed"
    answers = {"/v1/messages": Canned(400, error_body("invalid_request_error", reason))}
    with canned_server(answers) as server:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
        error = await failure_of(Profile(model="anthropic:claude-sonnet-4-6"))
    assert isinstance(error, ModelRequestRejected) and reason in error.message


async def test_a_wrong_openai_key_names_the_variable_and_server(monkeypatch: pytest.MonkeyPatch):
    body = openai_error("Incorrect API key provided: sk-wrong.", "invalid_api_key")
    with canned_server({"/v1/chat/completions": Canned(401, body)}) as server:
        monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")
        profile = Profile(model="openai:gpt-5", openai_base_url=f"{server.url}/v1")
        error = await failure_of(profile)
    assert isinstance(error, ModelCredentialsRejected)
    assert "OPENAI_API_KEY" in error.message and server.url.split("//")[1] in error.message
    assert "sk-wrong" not in error.message


async def test_an_unknown_openai_model_is_not_found(monkeypatch: pytest.MonkeyPatch):
    body = openai_error("The model `gpt-9` does not exist", "model_not_found")
    with canned_server({"/v1/chat/completions": Canned(404, body)}) as server:
        profile = Profile(model="openai:gpt-9", openai_base_url=f"{server.url}/v1")
        error = await failure_of(profile)
    assert isinstance(error, ModelNotFound) and "gpt-9" in error.message


async def test_an_unreachable_openai_compatible_server_names_the_host():
    from strands.models.openai import OpenAIModel

    url = f"http://127.0.0.1:{refused_port()}/v1"
    choice = models.choose(Profile(model="openai:llama3.2", openai_base_url=url))
    model = OpenAIModel(
        client_args={"base_url": url, "api_key": "x", "max_retries": 0}, model_id="llama3.2"
    )
    with pytest.raises(Exception) as failure:
        await answer_of(model, "hi")
    error = models.model_error(failure.value, choice)
    assert isinstance(error, ModelUnreachable) and url.split("/")[2] in error.message
