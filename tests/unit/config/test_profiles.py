"""Named profiles in config.toml (issue 19, item 1).

The top-level keys stay the ``default`` profile, so a file from before profiles works
unchanged; ``[profiles.NAME]`` tables add more; ``default_profile`` records ``profile
use``; ``--profile`` and ``AGENTCORE_PROFILE`` choose one for a run.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gui.config import (
    DEFAULT_PROFILE,
    Profile,
    load_profile,
    read_profiles,
    validate,
)
from gui.config.writing import (
    RememberedInConfig,
    profile_exists,
    remove_profile,
    save_profile,
    set_default_profile,
)
from gui.errors import ConfigError

# Exactly what a person's file looked like before profiles existed.
OLD_FILE = """\
# AgentCore Chat settings
auth0_domain = "dev.us.auth0.com"
client_id = "dev-client"   # from the Auth0 dashboard
audience = "urn:dev:gateway"
gateway_url = "https://dev-gw.example.com/mcp"
model = "offline"
language = "ja"
approval_mode = "every"

[always_allow]
"https://dev-gw.example.com/mcp" = ["people___getProfile"]
"""

TWO_PROFILES = (
    OLD_FILE
    + """
[profiles.prod]
auth0_domain = "prod.us.auth0.com"
client_id = "prod-client"
gateway_url = "https://prod-gw.example.com/mcp"

[profiles.prod.always_allow]
"https://prod-gw.example.com/mcp" = ["tickets___list"]
"""
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_old_single_profile_file_works_unchanged(tmp_path: Path):
    path = write(tmp_path, OLD_FILE)
    profile = load_profile(path=path, environ={})
    assert profile == Profile(
        issuer="https://dev.us.auth0.com/",
        auth0_domain="dev.us.auth0.com",
        client_id="dev-client",
        audience="urn:dev:gateway",
        gateway_url="https://dev-gw.example.com/mcp",
        model="offline",
        language="ja",
        approval_mode="every",
    )
    assert profile.name == DEFAULT_PROFILE and profile.is_default
    assert RememberedInConfig(profile.gateway_url, path, profile.name).load() == {
        "people___getProfile"
    }
    # Reading changes nothing, and saving the same values writes the same file.
    save_profile(profile, path)
    assert path.read_text(encoding="utf-8") == OLD_FILE
    listed = read_profiles(path)
    assert listed.default == DEFAULT_PROFILE
    assert listed.names == [DEFAULT_PROFILE]


def test_a_named_profile_is_its_table_plus_the_shared_language(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES)
    prod = load_profile(path=path, environ={}, overrides={"profile": "prod"})
    assert prod.name == "prod"
    assert prod.issuer == "https://prod.us.auth0.com/"
    assert prod.client_id == "prod-client"
    assert prod.audience == ""  # not inherited from the default profile
    assert prod.model == Profile().model
    assert prod.approval_mode == Profile().approval_mode
    assert prod.language == "ja"  # app-wide
    assert load_profile(path=path, environ={}).name == DEFAULT_PROFILE


def test_the_flag_wins_over_the_environment_which_wins_over_the_file(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES.replace("# AgentCore", 'default_profile = "prod"\n#'))
    assert load_profile(path=path, environ={}).name == "prod"
    env = {"AGENTCORE_PROFILE": "default"}
    assert load_profile(path=path, environ=env).name == "default"
    assert load_profile(path=path, environ=env, overrides={"profile": "prod"}).name == "prod"


def test_environment_settings_apply_to_the_chosen_profile(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES)
    env = {"AGENTCORE_PROFILE": "prod", "GATEWAY_URL": "https://other.example.com/mcp"}
    profile = load_profile(path=path, environ=env)
    assert (profile.name, profile.gateway_url) == ("prod", "https://other.example.com/mcp")


@pytest.mark.parametrize(
    ("text", "requested", "problem"),
    [
        (OLD_FILE, "prod", "there is no profile 'prod' (profiles: default)"),
        (OLD_FILE, "bad name!", "is not a profile name"),
        ('default_profile = "gone"\n', None, "names 'gone', which is not a profile"),
        ("[profiles.default]\nclient_id = 'x'\n", None, "is the top-level settings"),
        ("[profiles.x]\nlanguage = 'ja'\n", "x", "shared by every profile"),
        ("profiles = 3\n", None, "must be a table"),
    ],
)
def test_a_bad_profile_choice_or_table_says_what_is_wrong(
    tmp_path: Path, text: str, requested: str | None, problem: str
):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        load_profile(path=path, environ={}, overrides={"profile": requested})


def test_name_is_not_a_setting_of_the_file():
    with pytest.raises(ConfigError, match="name: is not a known setting"):
        validate({"name": "x"})
    assert "name" not in Profile(name="prod", client_id="c").to_file_values()


def test_read_profiles_lists_each_with_its_own_problem(tmp_path: Path):
    path = write(
        tmp_path,
        TWO_PROFILES + '\n[profiles.broken]\ngateway_url = "http://gw.example.com/mcp"\n',
    )
    listed = read_profiles(path)
    assert listed.names == ["default", "prod", "broken"]
    assert listed.get("prod").profile.client_id == "prod-client"  # type: ignore[union-attr]
    broken = listed.get("broken")
    assert broken is not None and broken.profile is None
    assert "plain http://" in broken.problem


def test_saving_a_named_profile_writes_its_table_and_the_language_at_the_top(tmp_path: Path):
    path = write(tmp_path, OLD_FILE)
    work = Profile(
        name="work",
        issuer="https://login.example.com/",
        client_id="work-client",
        gateway_url="https://work-gw.example.com/mcp",
        language="en",
    )
    save_profile(work, path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["profiles"]["work"] == {
        "issuer": "https://login.example.com/",
        "client_id": "work-client",
        "gateway_url": "https://work-gw.example.com/mcp",
    }
    assert data["language"] == "en"
    assert data["client_id"] == "dev-client"  # the default profile is untouched
    assert "# from the Auth0 dashboard" in path.read_text(encoding="utf-8")
    assert load_profile(path=path, environ={}, overrides={"profile": "work"}) == work
    assert profile_exists("work", path) and not profile_exists("other", path)


def test_always_allow_answers_are_kept_per_profile(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES)
    gateway = "https://prod-gw.example.com/mcp"
    prod = RememberedInConfig(gateway, path, "prod")
    default = RememberedInConfig(gateway, path, DEFAULT_PROFILE)
    assert prod.load() == {"tickets___list"}
    assert default.load() == set()
    prod.add("people___getProfile")
    default.add("tickets___delete")
    assert prod.load() == {"tickets___list", "people___getProfile"}
    assert default.load() == {"tickets___delete"}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["always_allow"][gateway] == ["tickets___delete"]
    assert data["profiles"]["prod"]["always_allow"][gateway] == [
        "people___getProfile",
        "tickets___list",
    ]
    # Saving prod's settings keeps its answers.
    save_profile(load_profile(path=path, environ={}, overrides={"profile": "prod"}), path)
    assert prod.load() == {"tickets___list", "people___getProfile"}


def test_use_and_remove(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES)
    set_default_profile("prod", path)
    assert read_profiles(path).default == "prod"
    assert load_profile(path=path, environ={}).name == "prod"
    with pytest.raises(ConfigError, match="no profile 'nope'"):
        set_default_profile("nope", path)
    assert remove_profile("prod", path) is True  # it was the default: the key goes too
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert "profiles" not in data and "default_profile" not in data
    assert path.read_text(encoding="utf-8").rstrip() == OLD_FILE.rstrip()
    path.write_text(OLD_FILE, encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be removed"):
        remove_profile(DEFAULT_PROFILE, path)
    with pytest.raises(ConfigError, match="no profile 'prod'"):
        remove_profile("prod", path)
    set_default_profile(DEFAULT_PROFILE, path)  # nothing to record: the file stays as it is
    assert path.read_text(encoding="utf-8") == OLD_FILE


def test_an_answer_for_a_profile_removed_meanwhile_is_dropped(tmp_path: Path):
    path = write(tmp_path, TWO_PROFILES)
    answers = RememberedInConfig("https://prod-gw.example.com/mcp", path, "prod")
    remove_profile("prod", path)
    answers.add("tickets___list")  # another process's late "always": it goes nowhere
    assert "profiles" not in tomllib.loads(path.read_text(encoding="utf-8"))
