"""The providers' clients as built for the chat: no retries of their own, Anthropic's proxy."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.agent.models import build_model, choose
from gui.config import validate
from tests.support.model_double import isolate_provider_env


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_provider_env(monkeypatch, tmp_path)


async def test_bedrock_client_makes_one_attempt(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    model = await build_model(choose(validate({"model": "bedrock:us.amazon.nova-pro-v1:0"})))
    assert model.client.meta.config.retries["total_max_attempts"] == 1  # no retry


async def test_anthropic_goes_through_the_proxy_without_retries(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "key")
    choice = choose(
        validate(
            {
                "model": "anthropic:claude-sonnet-4-6",
                "anthropic_base_url": "https://llm-proxy.corp.example",
            }
        )
    )
    assert choice.label == "Anthropic · claude-sonnet-4-6 at llm-proxy.corp.example"
    model = await build_model(choice)
    assert str(model.client.base_url).startswith("https://llm-proxy.corp.example")
    assert model.client.max_retries == 0


async def test_openai_makes_one_attempt():
    choice = choose(
        validate({"model": "openai:llama3", "openai_base_url": "http://127.0.0.1:11434/v1"})
    )
    model = await build_model(choice)
    assert model.client_args["max_retries"] == 0
    assert model.client_args["base_url"] == "http://127.0.0.1:11434/v1"
