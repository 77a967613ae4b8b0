"""The pieces of the web-identity exchange that need no server: names, claims, the setting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gui.agent.aws_identity import role_session_name, token_claims
from gui.config import load_profile
from gui.errors import ConfigError

STS_PATTERN = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("auth0|65f2ab0c1d2e3f4a5b6c7d8e", "auth0-65f2ab0c1d2e3f4a5b6c7d8e"),
        ("google-oauth2|1234567890", "google-oauth2-1234567890"),
        ("waad|a.b@example.com", "waad-a.b@example.com"),
        ("x", "user-x"),
        ("山田", "--"),
    ],
)
def test_role_session_names_fit_sts(subject: str, expected: str):
    assert role_session_name(subject) == expected
    assert STS_PATTERN.fullmatch(expected)


def test_long_subjects_keep_a_hash_so_two_people_never_share_a_name():
    one, two = "samlp|" + "a" * 100, "samlp|" + "a" * 99 + "b"
    assert len(role_session_name(one)) == 64 and STS_PATTERN.fullmatch(role_session_name(one))
    assert role_session_name(one) != role_session_name(two)
    assert role_session_name(one) == role_session_name(one)


def test_token_claims_of_something_that_is_no_jwt_are_empty():
    assert token_claims("not-a-jwt") == {}
    assert token_claims("a.!!!.c") == {}


def test_the_role_arn_setting_comes_from_the_environment_and_is_checked(tmp_path: Path):
    arn = "arn:aws:iam::123456789012:role/chat/agentcore-chat-bedrock"
    profile = load_profile(tmp_path / "none.toml", {"AGENTCORE_AWS_ROLE_ARN": arn})
    assert profile.aws_role_arn == arn
    assert profile.to_file_values() == {"aws_role_arn": arn}
    with pytest.raises(ConfigError) as bad:
        load_profile(tmp_path / "none.toml", {"AGENTCORE_AWS_ROLE_ARN": "agentcore-chat-bedrock"})
    assert bad.value.setting == "AGENTCORE_AWS_ROLE_ARN"
