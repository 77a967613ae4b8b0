"""The user's profile: which provider, client, gateway and model to use.

Read from a TOML file in the platform's config folder, then overridden by
environment variables (the article's ``AUTH0_DOMAIN``, ``AUTH0_CLIENT_ID``,
``AUTH0_AUDIENCE``, plus ``OIDC_ISSUER``, ``GATEWAY_URL``, ``AGENT_MODEL``,
``OPENAI_BASE_URL``, ``AGENTCORE_CA_FILE``, ``AGENTCORE_AWS_ROLE_ARN``), then by command-line
flags. Every bad value raises
:class:`~gui.errors.ConfigError` naming the setting and what is wrong.

Writing the file (Settings, "always allow" answers) is :mod:`gui.config.writing`;
the OS file locks it and the sign-in share are :mod:`gui.config.file_lock`.

Imports: the standard library, :mod:`gui.errors`, :mod:`gui.untrusted`;
platformdirs lazily (only the default path needs it).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gui.errors import ConfigError
from gui.untrusted import is_loopback_host

APP_NAME = "agentcore-chat"
DEFAULT_SCOPES = "openid profile email offline_access invoke:mcp"
DEFAULT_MODEL = "bedrock:global.anthropic.claude-sonnet-4-6"
MODEL_KINDS = ("bedrock", "anthropic", "openai", "offline")
LANGUAGES = ("", "en", "ja")
SWITCHES = ("on", "off")
# When to ask before a tool runs (gui/agent/approval.py Mode): the first is the default.
APPROVAL_MODES = ("changes", "every", "never")
# How the sign-in page and `login` sign in (gui/auth): the first is the default.
SIGN_IN_METHODS = ("device", "browser")
# The TOML table of "always allow" answers: gateway URL -> tool names. Keyed by gateway
# because tool names mean something only on the gateway that listed them.
ALWAYS_ALLOW_TABLE = "always_allow"
ALWAYS_ALLOW_COMMENT = "Tools you chose to always allow, per gateway (Settings can revoke them)"
WRITE_LOCK_TIMEOUT = 10.0  # seconds; a write holds the lock for milliseconds

# setting name -> environment variable, in the order they are documented
ENV_VARS: dict[str, str] = {
    "auth0_domain": "AUTH0_DOMAIN",
    "issuer": "OIDC_ISSUER",
    "client_id": "AUTH0_CLIENT_ID",
    "audience": "AUTH0_AUDIENCE",
    "scopes": "OIDC_SCOPES",
    "gateway_url": "GATEWAY_URL",
    "model": "AGENT_MODEL",
    "openai_base_url": "OPENAI_BASE_URL",
    "ca_file": "AGENTCORE_CA_FILE",
    "aws_role_arn": "AGENTCORE_AWS_ROLE_ARN",
}

# An IAM role ARN (any partition); the path and name use IAM's characters.
_ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", re.ASCII)
_HOST_RE = re.compile(
    r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
)


@dataclass(frozen=True)
class Profile:
    """A validated set of settings. Empty strings mean "not set"."""

    issuer: str = ""
    auth0_domain: str = ""
    client_id: str = ""
    audience: str = ""
    scopes: str = DEFAULT_SCOPES
    gateway_url: str = ""
    model: str = DEFAULT_MODEL
    openai_base_url: str = ""
    #: An extra CA certificate file (PEM) trusted on top of the OS store, e.g. a proxy's.
    ca_file: str = ""
    #: An IAM role to assume with the sign-in's ID token for Amazon Bedrock (no AWS keys).
    aws_role_arn: str = ""
    language: str = ""
    approval_mode: str = APPROVAL_MODES[0]
    keep_history: str = "on"  # "off": no conversation is saved
    #: "device" (a code approved in any browser) or "browser" (this computer's browser).
    sign_in_method: str = SIGN_IN_METHODS[0]

    @property
    def keeps_history(self) -> bool:
        """True unless the person turned "Keep history" off."""
        return self.keep_history != "off"

    @property
    def provider_name(self) -> str:
        """The name to put on the sign-in button: "Auth0" for Auth0 tenants."""
        host = urlsplit(self.issuer).hostname or ""
        if self.auth0_domain or host.endswith(".auth0.com"):
            return "Auth0"
        return host or "your provider"

    @property
    def model_kind(self) -> str:
        """``bedrock``, ``anthropic``, ``openai`` or ``offline``."""
        return self.model.split(":", 1)[0]

    @property
    def model_name(self) -> str:
        """What follows the ``kind:`` prefix (empty for ``offline``)."""
        return self.model.split(":", 1)[1] if ":" in self.model else ""

    def require_sign_in(self) -> None:
        """Raise ConfigError unless the settings needed to sign in are present."""
        if not self.issuer:
            raise ConfigError("OIDC_ISSUER or AUTH0_DOMAIN", "not set; say which provider to use")
        if not self.client_id:
            raise ConfigError("AUTH0_CLIENT_ID", "not set; give the application's client id")

    def require_gateway(self) -> None:
        """Raise ConfigError unless a gateway URL is set."""
        if not self.gateway_url:
            raise ConfigError("GATEWAY_URL", "not set; give the AgentCore Gateway's MCP URL")

    def to_file_values(self) -> dict[str, str]:
        """The values worth saving to the config file (non-default, non-empty)."""
        values = dataclasses.asdict(self)
        if values["auth0_domain"]:
            values.pop("issuer")  # derived from the domain
        defaults = dataclasses.asdict(Profile())
        return {k: v for k, v in values.items() if v and v != defaults[k]}


def config_path() -> Path:
    """Where the TOML config file lives on this platform."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def check_url(setting: str, value: str) -> str:
    """Validate a URL setting: https, or http only to a loopback host."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(setting, f"{value!r} is not an http(s) URL")
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ConfigError(
            setting, f"{value!r} uses plain http://; only https:// is allowed except for loopback"
        )
    if parts.username or parts.password:
        raise ConfigError(setting, "must not contain a user name or password")
    return value


def _check_domain(value: str) -> str:
    domain = value.strip()
    for prefix in ("https://", "http://"):
        if domain.startswith(prefix):
            domain = domain[len(prefix) :]
    domain = domain.rstrip("/")
    if not _HOST_RE.match(domain):
        raise ConfigError("AUTH0_DOMAIN", f"{value!r} is not a host name like example.us.auth0.com")
    return domain


def _check_model(value: str) -> str:
    kind, _, name = value.partition(":")
    if kind not in MODEL_KINDS:
        raise ConfigError(
            "AGENT_MODEL",
            f"{value!r}: start with one of bedrock:, anthropic:, openai: or say offline",
        )
    if kind != "offline" and not name.strip():
        raise ConfigError("AGENT_MODEL", f"{value!r}: name the model after '{kind}:'")
    return value


def _check_token_list(setting: str, value: str) -> str:
    words = value.split()
    if not words:
        raise ConfigError(setting, "must not be empty")
    return " ".join(words)


def validate(raw: Mapping[str, Any]) -> Profile:
    """Build a Profile from raw values, raising ConfigError for the first bad one."""
    known = {f.name for f in dataclasses.fields(Profile)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(unknown[0], "is not a known setting")
    values: dict[str, str] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigError(key, f"must be text, not {type(value).__name__}")
        values[key] = value.strip()

    if values.get("auth0_domain"):
        values["auth0_domain"] = _check_domain(values["auth0_domain"])
        if not values.get("issuer"):
            values["issuer"] = f"https://{values['auth0_domain']}/"
    if values.get("issuer"):
        check_url("OIDC_ISSUER", values["issuer"])
    if values.get("client_id") and re.search(r"\s", values["client_id"]):
        raise ConfigError("AUTH0_CLIENT_ID", "must not contain spaces")
    if "scopes" in values:
        values["scopes"] = _check_token_list("scopes", values["scopes"])
    if values.get("gateway_url"):
        check_url("GATEWAY_URL", values["gateway_url"])
    if values.get("openai_base_url"):
        check_url("OPENAI_BASE_URL", values["openai_base_url"])
    if values.get("ca_file"):
        from gui.net import check_ca_file

        check_ca_file(values["ca_file"])
    if values.get("aws_role_arn") and not _ROLE_ARN_RE.match(values["aws_role_arn"]):
        raise ConfigError(
            "AGENTCORE_AWS_ROLE_ARN",
            f"{values['aws_role_arn']!r} is not an IAM role ARN like "
            "arn:aws:iam::123456789012:role/agentcore-chat-bedrock",
        )
    if values.get("model"):
        _check_model(values["model"])
    else:
        values.pop("model", None)
    if values.get("approval_mode", APPROVAL_MODES[0]) not in APPROVAL_MODES:
        raise ConfigError(
            "approval_mode", f"{values['approval_mode']!r}: use {', '.join(APPROVAL_MODES)}"
        )
    values["approval_mode"] = values.get("approval_mode") or APPROVAL_MODES[0]
    if values.get("language", "") not in LANGUAGES:
        raise ConfigError("language", f"{values['language']!r}: use en, ja or leave empty")
    if values.get("sign_in_method", SIGN_IN_METHODS[0]) not in SIGN_IN_METHODS:
        raise ConfigError(
            "sign_in_method", f"{values['sign_in_method']!r}: use {' or '.join(SIGN_IN_METHODS)}"
        )
    values["sign_in_method"] = values.get("sign_in_method") or SIGN_IN_METHODS[0]
    if not values.get("keep_history"):
        values.pop("keep_history", None)
    elif values["keep_history"] not in SWITCHES:
        raise ConfigError("keep_history", f"{values['keep_history']!r}: use on or off")
    return Profile(**values)


def read_file(path: Path) -> dict[str, Any]:
    """Read the TOML file; a missing file is an empty one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(str(path), f"cannot be read ({exc.strerror})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"is not valid TOML ({exc})") from exc
    return data


def from_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The settings given by environment variables."""
    values = {key: environ[var] for key, var in ENV_VARS.items() if environ.get(var)}
    # OIDC_ISSUER wins over AUTH0_DOMAIN; keep the domain only to name the provider.
    return values


def load_profile(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> Profile:
    """File, then environment, then flags: the later wins. Raises ConfigError."""
    path = config_path() if path is None else path
    environ = os.environ if environ is None else environ
    merged: dict[str, Any] = dict(read_file(path))
    merged.pop(ALWAYS_ALLOW_TABLE, None)  # not a profile value: see RememberedInConfig
    layers = [from_env(environ), {k: v for k, v in (overrides or {}).items() if v}]
    for layer in layers:
        if layer.get("auth0_domain") and not layer.get("issuer"):
            merged.pop("issuer", None)  # a new domain replaces an issuer from below
        if layer.get("issuer") and not layer.get("auth0_domain"):
            merged.pop("auth0_domain", None)
        merged.update(layer)
    return validate(merged)
