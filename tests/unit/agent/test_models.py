"""Model providers: labels, credential checks that name what to set, error mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.agent.models import (
    LOCAL_API_KEY,
    OFFLINE_LABEL,
    ModelChoice,
    build_model,
    choose,
    model_error,
    openai_client_args,
)
from gui.config import Profile
from gui.errors import ChatError, ModelUnavailable
from tests.support.fresh_python import run_python
from tests.support.model_double import isolate_provider_env


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No provider credentials anywhere: no variables, empty AWS files, no metadata service."""
    isolate_provider_env(monkeypatch, tmp_path)
    return monkeypatch


def profile(model: str, **values: str) -> Profile:
    return Profile(model=model, **values)


@pytest.mark.parametrize(
    ("model", "base_url", "label", "is_llm"),
    [
        (
            "bedrock:global.anthropic.claude-sonnet-4-6",
            "",
            "Amazon Bedrock · global.anthropic.claude-sonnet-4-6",
            True,
        ),
        ("anthropic:claude-sonnet-4-6", "", "Anthropic · claude-sonnet-4-6", True),
        ("openai:gpt-5", "", "OpenAI · gpt-5", True),
        (
            "openai:llama3.2",
            "http://localhost:11434/v1",
            "OpenAI-compatible · llama3.2 at localhost:11434",
            True,
        ),
        ("offline", "", OFFLINE_LABEL, False),
    ],
)
def test_choose_describes_the_provider(model: str, base_url: str, label: str, is_llm: bool):
    choice = choose(profile(model, openai_base_url=base_url))
    assert (choice.label, choice.is_language_model) == (label, is_llm)


async def test_bedrock_without_credentials_names_the_variables(clean_env: pytest.MonkeyPatch):
    clean_env.setenv("AWS_REGION", "us-east-1")
    with pytest.raises(ModelUnavailable) as caught:
        await build_model(choose(profile("bedrock:some-model")))
    assert "AWS_PROFILE" in caught.value.message
    assert "AWS_ACCESS_KEY_ID" in caught.value.message


async def test_bedrock_without_a_region_names_aws_region(clean_env: pytest.MonkeyPatch):
    clean_env.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", "example-secret")
    with pytest.raises(ModelUnavailable, match="AWS_REGION"):
        await build_model(choose(profile("bedrock:some-model")))


async def test_bedrock_with_an_unknown_profile_says_so(clean_env: pytest.MonkeyPatch):
    clean_env.setenv("AWS_PROFILE", "no-such-profile")
    with pytest.raises(ModelUnavailable, match="AWS_PROFILE names a profile that does not exist"):
        await build_model(choose(profile("bedrock:some-model")))


async def test_bedrock_with_credentials_builds_the_model(clean_env: pytest.MonkeyPatch):
    clean_env.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    clean_env.setenv("AWS_SECRET_ACCESS_KEY", "example-secret")
    clean_env.setenv("AWS_REGION", "eu-west-1")
    model = await build_model(choose(profile("bedrock:global.anthropic.claude-sonnet-4-6")))
    assert model.get_config()["model_id"] == "global.anthropic.claude-sonnet-4-6"


async def test_anthropic_needs_its_api_key(clean_env: pytest.MonkeyPatch):
    with pytest.raises(ModelUnavailable, match="ANTHROPIC_API_KEY"):
        await build_model(choose(profile("anthropic:claude-sonnet-4-6")))
    clean_env.setenv("ANTHROPIC_API_KEY", "sk-ant-example")
    model = await build_model(choose(profile("anthropic:claude-sonnet-4-6")))
    assert model.get_config()["model_id"] == "claude-sonnet-4-6"


async def test_openai_needs_a_key_unless_it_is_a_local_server(clean_env: pytest.MonkeyPatch):
    with pytest.raises(ModelUnavailable, match="OPENAI_API_KEY"):
        await build_model(choose(profile("openai:gpt-5")))
    local = choose(profile("openai:llama3.2", openai_base_url="http://127.0.0.1:11434/v1"))
    assert openai_client_args(local, {}) == {
        "base_url": "http://127.0.0.1:11434/v1",
        "api_key": LOCAL_API_KEY,
    }
    model = await build_model(local)
    assert model.get_config()["model_id"] == "llama3.2"


async def test_offline_builds_the_router():
    model = await build_model(choose(profile("offline")))
    assert type(model).__name__ == "OfflineRouterModel"


def test_model_errors_are_mapped_by_kind_through_wrappers():
    class NoCredentialsError(Exception):
        pass

    class ClientError(Exception):
        response = {"Error": {"Code": "AccessDeniedException"}}  # noqa: RUF012

    class EventLoopException(Exception):
        pass

    choice = ModelChoice("bedrock", "m", "Amazon Bedrock · m", True)
    wrapped = EventLoopException("loop failed")
    wrapped.__cause__ = NoCredentialsError("raw text")
    assert "AWS_PROFILE" in model_error(wrapped, choice).message
    denied = model_error(ClientError("raw"), choice)
    assert isinstance(denied, ModelUnavailable) and "AccessDeniedException" in denied.message
    other = model_error(RuntimeError("secret details"), choice)
    assert isinstance(other, ChatError) and "secret details" not in other.message


def test_importing_the_chat_cores_loads_no_heavy_library():
    code = (
        "import sys, gui.agent.session, gui.agent.models, gui.agent.events, gui.gateway.tools, "
        "gui.agent.router; heavy = ('strands', 'boto3', 'anthropic', 'openai', 'mcp'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    loaded = run_python(code)
    assert loaded.stdout.strip() == ""
