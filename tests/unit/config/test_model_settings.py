"""The model-side settings: Anthropic's base URL, the retry budget, the tool-search threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.config import Profile, load_profile, validate
from gui.config.writing import save_profile
from gui.errors import ConfigError


def test_defaults():
    profile = Profile()
    assert profile.retry_seconds == 60.0
    assert profile.search_threshold == 40
    assert profile.anthropic_base_url == ""


@pytest.mark.parametrize(
    ("raw", "seconds", "threshold"),
    [
        ({"model_retry_seconds": "30"}, 30.0, 40),
        ({"model_retry_seconds": 12.5}, 12.5, 40),  # a TOML number
        ({"model_retry_seconds": "0"}, 0.0, 40),  # never retry
        ({"tool_search_threshold": 0}, 60.0, 0),  # never search
        ({"tool_search_threshold": "100"}, 60.0, 100),
        ({"model_retry_seconds": ""}, 60.0, 40),  # empty: the default
    ],
)
def test_numbers_are_accepted_as_text_or_numbers(raw: dict, seconds: float, threshold: int):
    profile = validate(raw)
    assert (profile.retry_seconds, profile.search_threshold) == (seconds, threshold)


@pytest.mark.parametrize(
    ("raw", "setting"),
    [
        ({"model_retry_seconds": "soon"}, "model_retry_seconds"),
        ({"model_retry_seconds": "-1"}, "model_retry_seconds"),
        ({"model_retry_seconds": "nan"}, "model_retry_seconds"),
        ({"model_retry_seconds": "601"}, "model_retry_seconds"),
        ({"tool_search_threshold": "2.5"}, "tool_search_threshold"),
        ({"tool_search_threshold": True}, "tool_search_threshold"),
        ({"anthropic_base_url": "http://proxy.corp.example/v1"}, "ANTHROPIC_BASE_URL"),
        ({"anthropic_base_url": "ftp://proxy"}, "ANTHROPIC_BASE_URL"),
    ],
)
def test_bad_values_name_the_setting(raw: dict, setting: str):
    with pytest.raises(ConfigError) as caught:
        validate(raw)
    assert caught.value.setting == setting


def test_environment_and_file_round_trip(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("model_retry_seconds = 20\ntool_search_threshold = 10\n", encoding="utf-8")
    env = {"ANTHROPIC_BASE_URL": "https://llm-proxy.corp.example", "TOOL_SEARCH_THRESHOLD": "25"}
    profile = load_profile(path, env)
    assert profile.anthropic_base_url == "https://llm-proxy.corp.example"
    assert (profile.retry_seconds, profile.search_threshold) == (20.0, 25)
    save_profile(profile, path)
    assert load_profile(path, {}) == profile
