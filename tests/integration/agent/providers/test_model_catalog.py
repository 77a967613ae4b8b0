"""The model picker's lists, from each provider's real client against a loopback double."""

from __future__ import annotations

from typing import Any

import pytest

from gui.agent.model_catalog import ModelEntry, list_models, supports_tools
from gui.agent.model_errors import no_aws_credentials
from gui.config import validate
from gui.errors import ModelUnavailable
from tests.support.anthropic_double import anthropic_double
from tests.support.bedrock_control_double import TEAM_PROFILE, bedrock_control_double
from tests.support.http_server import refused_port
from tests.support.model_double import Refuse
from tests.support.openai_double import openai_double

BEDROCK = validate({"model": "bedrock:us.amazon.nova-pro-v1:0"})


@pytest.fixture
def aws(provider_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    provider_env.setenv("AWS_REGION", "us-east-1")
    provider_env.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    provider_env.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    return provider_env


def names(entries: list[ModelEntry]) -> list[str]:
    return [entry.name for entry in entries]


async def test_bedrock_lists_profiles_then_on_demand_models_that_take_tools(
    aws: pytest.MonkeyPatch,
):
    with bedrock_control_double() as double:
        aws.setenv("AWS_ENDPOINT_URL_BEDROCK", double.url)
        entries = await list_models(BEDROCK)
    assert names(entries) == [
        "Global Anthropic Claude Sonnet 4.5",
        "Team Sonnet",
        "US Anthropic Claude 3 Haiku",
        "US Nova Pro",
        "Amazon Nova Pro",
        "Anthropic Claude 3 Haiku",
        "Cohere Command R+",
        "Meta Llama 3.1 70B Instruct",
        "Mistral AI Mistral Large (24.02)",
    ]
    assert entries[0].config_id == "bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0"
    assert entries[1].config_id == f"bedrock:{TEAM_PROFILE}"
    assert all(entry.provider == "bedrock" for entry in entries)
    assert double.key_ids() == {"AKIDEXAMPLE"}  # the chat's credentials, signed
    pages = [query for path, query, _ in double.requests if path == "/inference-profiles"]
    assert [q.get("nextToken", [""])[0] for q in pages if q["type"] == ["SYSTEM_DEFINED"]] == [
        "",
        "2",
        "4",
    ]


async def test_bedrock_can_list_models_without_tool_use_too(aws: pytest.MonkeyPatch):
    with bedrock_control_double() as double:
        aws.setenv("AWS_ENDPOINT_URL_BEDROCK", double.url)
        entries = await list_models(BEDROCK, include_all=True)
    assert {"US DeepSeek-R1", "Amazon Titan Text G1 - Express"} <= set(names(entries))
    assert not {"Anthropic Claude", "Amazon Nova Canvas"} & set(names(entries))


async def test_bedrock_uses_the_session_the_chat_uses(aws: pytest.MonkeyPatch):
    import boto3

    def exchanged(env: Any) -> Any:  # e.g. credentials from the web-identity exchange
        return boto3.Session(
            aws_access_key_id="ASIAEXCHANGED",
            aws_secret_access_key="secret",
            aws_session_token="token",
            region_name="us-east-1",
        )

    with bedrock_control_double() as double:
        aws.setenv("AWS_ENDPOINT_URL_BEDROCK", double.url)
        await list_models(BEDROCK, bedrock_session=exchanged)
    assert double.key_ids() == {"ASIAEXCHANGED"}


@pytest.mark.parametrize(
    ("refusal", "says"),
    [
        ((403, "AccessDeniedException", "not authorized"), "may not list models"),
        ((403, "ExpiredTokenException", "The security token has expired"), "expired"),
    ],
)
async def test_bedrock_refusals_say_what_to_do(
    aws: pytest.MonkeyPatch, refusal: tuple[int, str, str], says: str
):
    with bedrock_control_double(refuse=refusal) as double:
        aws.setenv("AWS_ENDPOINT_URL_BEDROCK", double.url)
        with pytest.raises(ModelUnavailable) as caught:
            await list_models(BEDROCK)
    assert says in caught.value.message


async def test_bedrock_without_credentials_says_how_to_get_them(provider_env: pytest.MonkeyPatch):
    provider_env.setenv("AWS_REGION", "us-east-1")
    with pytest.raises(ModelUnavailable) as caught:
        await list_models(BEDROCK)
    assert caught.value.message == no_aws_credentials().message


async def test_anthropic_lists_its_models_through_the_settable_base_url():
    models = [("claude-sonnet-4-6", "Claude Sonnet 4.6"), ("claude-haiku-4-5", "Claude Haiku 4.5")]
    with anthropic_double(models=models) as double:
        profile = validate(
            {"model": "anthropic:claude-sonnet-4-6", "anthropic_base_url": double.url}
        )
        entries = await list_models(profile)
    assert entries == [
        ModelEntry("anthropic:claude-sonnet-4-6", "Claude Sonnet 4.6", "anthropic"),
        ModelEntry("anthropic:claude-haiku-4-5", "Claude Haiku 4.5", "anthropic"),
    ]
    [request] = double.requests
    assert request.path == "/v1/models" and request.headers["x-api-key"]


async def test_a_wrong_anthropic_key_is_named():
    with anthropic_double() as double:
        double.models_refusal = Refuse(401, message="invalid x-api-key")
        profile = validate({"model": "anthropic:claude-x", "anthropic_base_url": double.url})
        with pytest.raises(ModelUnavailable) as caught:
            await list_models(profile)
    assert "rejected the API key" in caught.value.message


async def test_openai_compatible_endpoints_list_their_chat_models():
    listed = ["text-embedding-3-small", "llama3.1:8b", "gpt-4o", "tts-1", "dall-e-3"]
    with openai_double(models=listed) as double:
        profile = validate({"model": "openai:gpt-4o", "openai_base_url": double.url})
        entries = await list_models(profile)
    assert [e.config_id for e in entries] == ["openai:gpt-4o", "openai:llama3.1:8b"]


async def test_an_unreachable_endpoint_is_named():
    base = f"http://127.0.0.1:{refused_port()}/v1"
    profile = validate({"model": "openai:gpt-4o", "openai_base_url": base})
    with pytest.raises(ModelUnavailable) as caught:
        await list_models(profile)
    assert caught.value.message.startswith("Cannot reach")


async def test_offline_is_its_own_list():
    [entry] = await list_models(validate({"model": "offline"}))
    assert entry.config_id == "offline"


@pytest.mark.parametrize(
    ("model_id", "takes_tools"),
    [
        ("us.anthropic.claude-3-5-haiku-20241022-v1:0", True),
        ("global.anthropic.claude-sonnet-4-6", True),
        ("anthropic.claude-v2:1", False),
        ("apac.amazon.nova-lite-v1:0", True),
        ("amazon.titan-text-express-v1", False),
        ("meta.llama3-2-90b-instruct-v1:0", True),
        ("meta.llama3-2-3b-instruct-v1:0", False),
        ("deepseek.r1-v1:0", False),
        ("openai.gpt-oss-120b-1:0", True),
    ],
)
def test_tool_use_by_model_family(model_id: str, takes_tools: bool):
    assert supports_tools(model_id) is takes_tools
