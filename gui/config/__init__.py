"""The user's profiles: which provider, client, gateway and model to use.

Read from a TOML file in the platform's config folder, then overridden by
environment variables (the article's ``AUTH0_DOMAIN``, ``AUTH0_CLIENT_ID``,
``AUTH0_AUDIENCE``, plus ``OIDC_ISSUER``, ``GATEWAY_URL``, ``AGENT_MODEL``,
``OPENAI_BASE_URL``, ``ANTHROPIC_BASE_URL``, ``AGENTCORE_CA_FILE``, ``AGENTCORE_AWS_ROLE_ARN``,
``MODEL_RETRY_SECONDS``, ``TOOL_SEARCH_THRESHOLD``), then by command-line flags. Every bad
value raises
:class:`~gui.errors.ConfigError` naming the setting and what is wrong.

Named profiles: the file's top-level keys are the profile called ``default`` (a
single-profile file from before profiles works unchanged), and each ``[profiles.NAME]``
table is another, with its own provider, client, gateway, model and approval settings
and its own ``always_allow`` table. Nothing is inherited between profiles except the
window's ``language``, which is app-wide and lives at the top only. Which profile is
used: ``--profile NAME`` (``overrides["profile"]``), else ``AGENTCORE_PROFILE``, else the
file's ``default_profile`` key (``agentcore-chat profile use``), else ``default``::

    default_profile = "prod"        # optional
    auth0_domain = "dev.us.auth0.com"   # the "default" profile
    client_id = "..."
    [always_allow]                  # the default profile's answers
    [profiles.prod]
    auth0_domain = "prod.us.auth0.com"
    [profiles.prod.always_allow]    # prod's answers

Writing the file (Settings, profiles, "always allow" answers) is :mod:`gui.config.writing`;
the OS file locks it and the sign-in share are :mod:`gui.config.file_lock`.

Imports: the standard library, :mod:`gui.errors`, :mod:`gui.untrusted`;
platformdirs lazily (only the default path needs it).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gui.errors import ConfigError
from gui.untrusted import is_loopback_host

APP_NAME = "agentcore-chat"
DEFAULT_SCOPES = "openid profile email offline_access invoke:mcp"
# Always asked for beside a gateway's own scopes: who you are, and staying signed in.
SIGN_IN_SCOPES = ("openid", "profile", "email", "offline_access")
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
DEFAULT_PROFILE = "default"  # the name of the profile the top-level keys describe
PROFILES_TABLE = "profiles"  # [profiles.NAME] tables: the other profiles
DEFAULT_PROFILE_KEY = "default_profile"  # which profile is used when none is named
PROFILE_ENV = "AGENTCORE_PROFILE"
PROFILE_OVERRIDE = "profile"  # the ``--profile`` flag's key in load_profile's overrides
APP_WIDE = ("language",)  # settings every profile shares: top-level keys only
# Top-level keys that are not the default profile's settings.
_NOT_SETTINGS = (ALWAYS_ALLOW_TABLE, PROFILES_TABLE, DEFAULT_PROFILE_KEY)

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
    "anthropic_base_url": "ANTHROPIC_BASE_URL",
    "model_retry_seconds": "MODEL_RETRY_SECONDS",
    "tool_search_threshold": "TOOL_SEARCH_THRESHOLD",
}
# Numeric settings, kept as text like the others: name -> (largest value, whole numbers only)
NUMBERS: dict[str, tuple[float, bool]] = {
    "model_retry_seconds": (600.0, False),
    "tool_search_threshold": (100_000.0, True),
}

# An IAM role ARN (any partition); the path and name use IAM's characters.
_ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", re.ASCII)
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
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
    #: A corporate proxy for the Anthropic API (as ``openai_base_url`` is for OpenAI's).
    anthropic_base_url: str = ""
    #: How long, in all, one model call waits and retries while the provider is busy.
    model_retry_seconds: str = "60"
    #: More gateway tools than this, and the model starts with a tool search (0: never).
    tool_search_threshold: str = "40"

    @property
    def retry_seconds(self) -> float:
        """``model_retry_seconds`` as a number (validated)."""
        return float(self.model_retry_seconds or 0)

    @property
    def search_threshold(self) -> int:
        """``tool_search_threshold`` as a number (validated); 0 turns the local search off."""
        return int(self.tool_search_threshold or 0)

    #: Which profile of the file this is (:data:`DEFAULT_PROFILE`: the top-level keys).
    name: str = DEFAULT_PROFILE

    @property
    def is_default(self) -> bool:
        """True for the profile the file's top-level keys describe."""
        return self.name == DEFAULT_PROFILE

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
        values.pop("name")  # where the values go, not one of them
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


def _check_number(setting: str, value: str) -> str:
    largest, whole = NUMBERS[setting]
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= largest or (whole and not number.is_integer()):
        kind = "a whole number" if whole else "a number of seconds"
        raise ConfigError(setting, f"{value!r}: give {kind} from 0 to {largest:g}")
    return str(int(number)) if number.is_integer() else str(number)


def _check_token_list(setting: str, value: str) -> str:
    words = value.split()
    if not words:
        raise ConfigError(setting, "must not be empty")
    return " ".join(words)


def scopes_with(gateway_scopes: Iterable[str]) -> str:
    """The scopes to ask for: :data:`SIGN_IN_SCOPES` and the gateway's own, each once.

    No gateway scope given: :data:`DEFAULT_SCOPES`.
    """
    extra = [scope for text in gateway_scopes for scope in text.split()]
    if not extra:
        return DEFAULT_SCOPES
    return " ".join(dict.fromkeys([*SIGN_IN_SCOPES, *extra]))


def check_profile_name(name: str) -> str:
    """``name`` if it can name a profile (letters, digits, ``-`` and ``_``); ConfigError if not."""
    if not isinstance(name, str) or not _NAME_RE.match(name):
        shown = ascii(name)[:60] if isinstance(name, str) else type(name).__name__
        raise ConfigError(
            "profile", f"{shown} is not a profile name: use letters, digits, - and _ (up to 40)"
        )
    return name


def validate(raw: Mapping[str, Any]) -> Profile:
    """Build a Profile from raw values, raising ConfigError for the first bad one."""
    known = {f.name for f in dataclasses.fields(Profile)} - {"name"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(unknown[0], "is not a known setting")
    values: dict[str, str] = {}
    for key, value in raw.items():
        if value is None:
            continue
        if key in NUMBERS and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # `model_retry_seconds = 30` in the file
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
    if values.get("anthropic_base_url"):
        check_url("ANTHROPIC_BASE_URL", values["anthropic_base_url"])
    for key in NUMBERS:
        if values.get(key):
            values[key] = _check_number(key, values[key])
        else:
            values.pop(key, None)
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


def profile_tables(data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The file's ``[profiles.NAME]`` tables, by name, in file order; ConfigError if malformed."""
    tables = data.get(PROFILES_TABLE, {})
    if not isinstance(tables, dict):
        raise ConfigError(PROFILES_TABLE, "must be a table of [profiles.NAME] tables")
    for name, table in tables.items():
        check_profile_name(name)
        if name == DEFAULT_PROFILE:
            raise ConfigError(
                f"[{PROFILES_TABLE}.{name}]",
                f"{DEFAULT_PROFILE!r} is the top-level settings; give this profile another name",
            )
        if not isinstance(table, dict):
            raise ConfigError(f"{PROFILES_TABLE}.{name}", "must be a [profiles.NAME] table")
    return tables


def profile_names(data: Mapping[str, Any]) -> list[str]:
    """Every profile in the file: ``default`` first, then the tables in file order."""
    return [DEFAULT_PROFILE, *profile_tables(data)]


def default_profile_name(data: Mapping[str, Any]) -> str:
    """The profile used when none is named (``profile use``); ConfigError if it is gone."""
    name = data.get(DEFAULT_PROFILE_KEY) or DEFAULT_PROFILE
    check_profile_name(name)
    if name not in profile_names(data):
        raise ConfigError(DEFAULT_PROFILE_KEY, f"names {name!r}, which is not a profile")
    return name


def file_values(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The settings the file gives profile ``name`` (app-wide ones included)."""
    if name == DEFAULT_PROFILE:
        return {k: v for k, v in data.items() if k not in _NOT_SETTINGS}
    tables = profile_tables(data)
    if name not in tables:
        known = ", ".join(profile_names(data))
        raise ConfigError("profile", f"there is no profile {name!r} (profiles: {known})")
    values = {k: v for k, v in tables[name].items() if k != ALWAYS_ALLOW_TABLE}
    for key in APP_WIDE:
        if key in values:
            raise ConfigError(
                f"{PROFILES_TABLE}.{name}.{key}", "is shared by every profile: set it at the top"
            )
        if key in data:
            values[key] = data[key]
    return values


def chosen_profile_name(
    data: Mapping[str, Any], environ: Mapping[str, str], requested: str | None = None
) -> str:
    """``--profile``, else ``AGENTCORE_PROFILE``, else the file's ``default_profile``."""
    name = requested or environ.get(PROFILE_ENV) or ""
    if not name:
        return default_profile_name(data)
    check_profile_name(name)
    if name not in profile_names(data):
        known = ", ".join(profile_names(data))
        raise ConfigError("profile", f"there is no profile {name!r} (profiles: {known})")
    return name


def load_profile(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, str | None] | None = None,
) -> Profile:
    """File, then environment, then flags: the later wins. Raises ConfigError.

    ``overrides["profile"]`` (the ``--profile`` flag) names the profile; see the module
    docstring for how one is chosen without it.
    """
    path = config_path() if path is None else path
    environ = os.environ if environ is None else environ
    flags = {k: v for k, v in (overrides or {}).items() if v}
    requested = flags.pop(PROFILE_OVERRIDE, None)
    data = read_file(path)
    name = chosen_profile_name(data, environ, requested)
    merged: dict[str, Any] = file_values(data, name)
    for layer in (from_env(environ), flags):
        if layer.get("auth0_domain") and not layer.get("issuer"):
            merged.pop("issuer", None)  # a new domain replaces an issuer from below
        if layer.get("issuer") and not layer.get("auth0_domain"):
            merged.pop("auth0_domain", None)
        merged.update(layer)
    return dataclasses.replace(validate(merged), name=name)


@dataclass(frozen=True)
class ProfileEntry:
    """One profile of the file: its settings, or why they cannot be used."""

    name: str
    profile: Profile | None
    problem: str = ""


@dataclass(frozen=True)
class Profiles:
    """Every profile in the file (file values only) and which one is the default."""

    default: str
    entries: tuple[ProfileEntry, ...]

    @property
    def names(self) -> list[str]:
        """The profiles' names, ``default`` first."""
        return [entry.name for entry in self.entries]

    def get(self, name: str) -> ProfileEntry | None:
        """The entry called ``name``, or None."""
        return next((entry for entry in self.entries if entry.name == name), None)


def read_profiles(path: Path | None = None) -> Profiles:
    """Every profile the file holds, each validated on its own; ConfigError if the file is bad."""
    path = config_path() if path is None else path
    data = read_file(path)
    entries = []
    for name in profile_names(data):
        try:
            profile = dataclasses.replace(validate(file_values(data, name)), name=name)
        except ConfigError as exc:
            entries.append(ProfileEntry(name, None, exc.message))
        else:
            entries.append(ProfileEntry(name, profile))
    try:
        default = default_profile_name(data)
    except ConfigError:
        default = DEFAULT_PROFILE
    return Profiles(default, tuple(entries))
