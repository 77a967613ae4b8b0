"""Each configuration error names the setting and what is wrong; layers override in order."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from gui.config import DEFAULT_SCOPES, Profile, load_profile, validate
from gui.config.writing import RememberedInConfig, read_always_allowed, save_profile
from gui.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_nothing_is_set(tmp_path: Path):
    profile = load_profile(path=tmp_path / "missing.toml", environ={})
    assert profile.scopes == DEFAULT_SCOPES
    assert profile.model_kind == "bedrock"
    with pytest.raises(ConfigError, match="OIDC_ISSUER or AUTH0_DOMAIN"):
        profile.require_sign_in()


def test_article_variables_work_unchanged(tmp_path: Path):
    env = {
        "AUTH0_DOMAIN": "example.us.auth0.com",
        "AUTH0_CLIENT_ID": "abc123",
        "AUTH0_AUDIENCE": "urn:gw:api",
    }
    profile = load_profile(path=tmp_path / "none.toml", environ=env)
    assert profile.issuer == "https://example.us.auth0.com/"
    assert profile.client_id == "abc123"
    assert profile.audience == "urn:gw:api"
    assert profile.provider_name == "Auth0"
    profile.require_sign_in()


def test_oidc_issuer_wins_over_auth0_domain(tmp_path: Path):
    env = {"AUTH0_DOMAIN": "a.auth0.com", "OIDC_ISSUER": "https://login.example.com/realms/x"}
    assert load_profile(path=tmp_path / "n.toml", environ=env).issuer == (
        "https://login.example.com/realms/x"
    )


def test_file_then_environment_then_flags(tmp_path: Path):
    path = write(
        tmp_path,
        'issuer = "https://file.example.com/"\nclient_id = "file"\nmodel = "offline"\n',
    )
    env = {"AUTH0_CLIENT_ID": "env", "GATEWAY_URL": "https://gw.example.com/mcp"}
    profile = load_profile(path=path, environ=env, overrides={"client_id": "flag", "model": None})
    assert profile.issuer == "https://file.example.com/"
    assert profile.client_id == "flag"
    assert profile.gateway_url == "https://gw.example.com/mcp"
    assert profile.model == "offline"


def test_a_domain_from_the_environment_replaces_an_issuer_from_the_file(tmp_path: Path):
    path = write(tmp_path, 'issuer = "https://old.example.com/"\n')
    profile = load_profile(path=path, environ={"AUTH0_DOMAIN": "new.eu.auth0.com"})
    assert profile.issuer == "https://new.eu.auth0.com/"


@pytest.mark.parametrize(
    ("raw", "setting", "problem"),
    [
        ({"issuer": "http://login.example.com/"}, "OIDC_ISSUER", "plain http://"),
        ({"issuer": "ftp://x/"}, "OIDC_ISSUER", "not an http(s) URL"),
        ({"issuer": "https://user:pw@x.example.com/"}, "OIDC_ISSUER", "user name or password"),
        ({"gateway_url": "http://10.0.0.5/mcp"}, "GATEWAY_URL", "plain http://"),
        ({"gateway_url": "gateway.example.com"}, "GATEWAY_URL", "not an http(s) URL"),
        ({"openai_base_url": "http://192.168.1.2:11434/v1"}, "OPENAI_BASE_URL", "plain http://"),
        ({"auth0_domain": "not a domain!"}, "AUTH0_DOMAIN", "not a host name"),
        ({"client_id": "has space"}, "AUTH0_CLIENT_ID", "spaces"),
        ({"model": "gpt-4"}, "AGENT_MODEL", "start with one of"),
        ({"model": "bedrock:"}, "AGENT_MODEL", "name the model"),
        ({"scopes": "   "}, "scopes", "must not be empty"),
        ({"language": "fr"}, "language", "use en, ja"),
        ({"colour": "blue"}, "colour", "not a known setting"),
        ({"client_id": 42}, "client_id", "must be text"),
    ],
)
def test_bad_values_name_the_setting(raw: dict, setting: str, problem: str):
    with pytest.raises(ConfigError) as caught:
        validate(raw)
    assert caught.value.setting == setting
    assert problem in caught.value.message
    assert caught.value.message.startswith(setting)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/", "http://localhost:3000/mcp", "http://[::1]:9/", "http://127.8.0.1/"],
)
def test_plain_http_is_allowed_for_loopback(url: str):
    assert validate({"issuer": url, "gateway_url": url}).issuer == url


def test_auth0_domain_given_as_url_is_accepted():
    assert validate({"auth0_domain": "https://t.auth0.com/"}).issuer == "https://t.auth0.com/"


def test_invalid_toml_names_the_file(tmp_path: Path):
    path = write(tmp_path, "issuer = \n")
    with pytest.raises(ConfigError, match="is not valid TOML") as caught:
        load_profile(path=path, environ={})
    assert str(path) in caught.value.message


def test_save_then_load_round_trips(tmp_path: Path):
    profile = validate(
        {
            "auth0_domain": "t.us.auth0.com",
            "client_id": 'quote"back\\slash',
            "audience": "urn:x",
            "gateway_url": "https://gw.example.com/mcp",
            "model": "openai:llama3",
            "openai_base_url": "http://127.0.0.1:11434/v1",
            "language": "ja",
        }
    )
    path = save_profile(profile, tmp_path / "sub" / "config.toml")
    assert load_profile(path=path, environ={}) == profile
    assert "issuer" not in path.read_text()  # derived from the domain, not stored twice


def test_provider_name_for_other_providers():
    assert Profile(issuer="https://login.example.com/").provider_name == "login.example.com"


# --- tool approval ---------------------------------------------------------------------------


def test_approval_mode_defaults_to_changes_and_is_checked(tmp_path: Path):
    assert load_profile(path=tmp_path / "none.toml", environ={}).approval_mode == "changes"
    path = write(tmp_path, 'approval_mode = "every"\n')
    assert load_profile(path=path, environ={}).approval_mode == "every"
    with pytest.raises(ConfigError, match="approval_mode") as caught:
        validate({"approval_mode": "sometimes"})
    assert "changes, every, never" in caught.value.message


def test_always_allow_is_per_gateway_and_survives_saving_the_profile(tmp_path: Path):
    path = write(tmp_path, 'client_id = "abc"\n')
    a, b = "https://a.example.com/mcp", "https://b.example.com/mcp"
    RememberedInConfig(a, path).add("tickets___deleteTicket")
    RememberedInConfig(a, path).add("people___x")
    RememberedInConfig(b, path).add("other___tool")
    assert read_always_allowed(a, path) == ["people___x", "tickets___deleteTicket"]
    # Saving the settings keeps the answers; loading the profile ignores the table.
    save_profile(Profile(issuer="https://login.example.com/", client_id="xyz"), path)
    profile = load_profile(path=path, environ={})
    assert profile.client_id == "xyz"
    assert RememberedInConfig(a, path).load() == {"people___x", "tickets___deleteTicket"}
    RememberedInConfig(a, path).remove("tickets___deleteTicket")
    assert read_always_allowed(a, path) == ["people___x"]
    assert read_always_allowed(b, path) == ["other___tool"]
    assert load_profile(path=path, environ={}).client_id == "xyz"  # still intact


def test_always_allow_on_a_broken_file_refuses_rather_than_overwrites(tmp_path: Path):
    path = write(tmp_path, "client_id = \n")
    assert read_always_allowed("https://a.example.com/mcp", path) == []
    with pytest.raises(ConfigError):
        RememberedInConfig("https://a.example.com/mcp", path).add("t___x")
    assert path.read_text(encoding="utf-8") == "client_id = \n"


def test_writing_an_always_answer_keeps_every_other_setting(tmp_path: Path):
    path = write(tmp_path, 'client_id = "abc"\nlanguage = "ja"\nfuture_flag = true\nsize = 3\n')
    RememberedInConfig("https://a.example.com/mcp", path).add("t___x")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["client_id"] == "abc" and data["language"] == "ja"
    assert data["future_flag"] is True and data["size"] == 3
    assert data["always_allow"] == {"https://a.example.com/mcp": ["t___x"]}
