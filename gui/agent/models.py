"""Which model answers: Amazon Bedrock, Anthropic, an OpenAI-compatible server, or offline.

``profile.model`` says which (``bedrock:<model-id>``, ``anthropic:<model>``,
``openai:<model>`` with ``profile.openai_base_url``, or ``offline``; Anthropic may go
through a proxy at ``profile.anthropic_base_url``). The clients are built with their own
retries off: :mod:`gui.agent.retry` is the one retry policy.
:func:`choose` describes the choice for the view at once and cheaply;
:func:`build_model` checks that the provider can be used — raising
``ModelUnavailable`` that names what to set — and builds the strands model.
strands, boto3, anthropic and openai are imported only inside functions: each
costs hundreds of milliseconds and the window shows first; so is
:mod:`gui.agent.offline`, which imports strands (and never this module: the label both
show lives in :mod:`gui.agent.phrases`). :func:`model_error` looks along
:func:`gui.errors.causes` for the provider's error that strands wrapped.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from gui.agent.phrases import OFFLINE_LABEL
from gui.agent.retry import SDK_RETRIES, bedrock_client_config
from gui.aio import run_blocking
from gui.config import Profile
from gui.errors import AppError, ModelUnavailable

log = logging.getLogger(__name__)

CREDENTIALS_TIMEOUT = 30.0  # boto3 may ask the instance metadata service; never hang on it
LOCAL_API_KEY = "not-needed"  # local OpenAI-compatible servers ignore the key but want one
MAX_TOKENS = 4096


@dataclass(frozen=True)
class ModelChoice:
    """The configured provider, described for the view (nothing loaded yet)."""

    kind: str  # bedrock | anthropic | openai | offline
    name: str  # the model id (empty for offline)
    label: str  # e.g. "Amazon Bedrock · global.anthropic.claude-sonnet-4-6"
    is_language_model: bool
    base_url: str = ""
    aws_role_arn: str = ""  # Bedrock with credentials from the sign-in (aws_identity.py)


def choose(profile: Profile) -> ModelChoice:
    """Describe ``profile.model``; cheap and without I/O."""
    kind, name = profile.model_kind, profile.model_name
    if kind == "bedrock":
        label = f"Amazon Bedrock · {name}"
        return ModelChoice(kind, name, label, True, aws_role_arn=profile.aws_role_arn)
    if kind == "anthropic":
        base = profile.anthropic_base_url
        where = f" at {urlsplit(base).netloc}" if base else ""
        return ModelChoice(kind, name, f"Anthropic · {name}{where}", True, base_url=base)
    if kind == "openai":
        base = profile.openai_base_url
        where = f" at {urlsplit(base).netloc}" if base else ""
        label = f"OpenAI-compatible · {name}{where}" if base else f"OpenAI · {name}"
        return ModelChoice(kind, name, label, True, base_url=base)
    if kind == "offline":
        return ModelChoice(kind, "", OFFLINE_LABEL, False)
    raise ModelUnavailable(
        f"Unknown model provider '{kind}': use bedrock, anthropic, openai or offline."
    )


async def build_model(
    choice: ModelChoice, environ: Mapping[str, str] | None = None, *, sign_in: object = None
) -> Any:
    """The strands model for ``choice``; ModelUnavailable names what is missing.

    Built in a worker thread: boto3 and the HTTP clients of the providers load
    service data and CA stores for tens of milliseconds, too long for the GUI loop.
    ``sign_in`` (an AuthSession) gives Bedrock its credentials when ``aws_role_arn`` is set.
    """
    env = dict(os.environ if environ is None else environ)
    if choice.kind == "bedrock" and choice.aws_role_arn:
        from gui.agent.aws_identity import web_identity_model

        return await web_identity_model(choice, sign_in, env)
    try:
        return await run_blocking(lambda: _build(choice, env), within=CREDENTIALS_TIMEOUT)
    except TimeoutError:
        raise ModelUnavailable(
            f"{choice.label}: setting up the provider took longer than "
            f"{CREDENTIALS_TIMEOUT:g} s (looking up credentials?)."
        ) from None


def _build(choice: ModelChoice, env: Mapping[str, str]) -> Any:
    try:
        if choice.kind == "offline":
            from gui.agent.offline import OfflineRouterModel

            return OfflineRouterModel()
        if choice.kind == "bedrock":
            session = bedrock_session(env)
            from strands.models.bedrock import BedrockModel

            return BedrockModel(
                boto_session=session,
                boto_client_config=bedrock_client_config(),
                model_id=choice.name,
            )
        if choice.kind == "anthropic":
            key = require_anthropic_key(env)
            from strands.models.anthropic import AnthropicModel

            return AnthropicModel(
                client_args=anthropic_client_args(choice, key),
                model_id=choice.name,
                max_tokens=MAX_TOKENS,
            )
        if choice.kind == "openai":
            client_args = openai_client_args(choice, env)
            from strands.models.openai import OpenAIModel

            return OpenAIModel(client_args={**client_args, **SDK_RETRIES}, model_id=choice.name)
    except ImportError as exc:
        raise ModelUnavailable(
            f"{choice.label} is not available in this installation ({exc.name} is missing)."
        ) from None
    raise ModelUnavailable(f"Unknown model provider '{choice.kind}'.")


def bedrock_session(env: Mapping[str, str]) -> Any:
    """A boto3 session with a region and credentials, or ModelUnavailable saying what to set.

    Blocking (boto3 may ask the instance metadata service): call it in a thread.
    """
    import boto3
    from botocore.exceptions import BotoCoreError, ProfileNotFound

    try:
        session = boto3.Session()
    except ProfileNotFound:
        raise ModelUnavailable(
            f"AWS_PROFILE names a profile that does not exist ({env.get('AWS_PROFILE', '')}). "
            "Set AWS_PROFILE to a profile from ~/.aws/config, or unset it."
        ) from None
    region = session.region_name or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if not region:
        raise ModelUnavailable(
            "Amazon Bedrock needs a region: set AWS_REGION (e.g. us-east-1) "
            "or give your AWS profile a region."
        )
    if env.get("AWS_BEARER_TOKEN_BEDROCK"):
        return session  # a Bedrock API key stands in for credentials
    try:
        credentials = session.get_credentials()
    except BotoCoreError:
        credentials = None
    if credentials is None:
        from gui.agent.model_errors import no_aws_credentials

        raise no_aws_credentials()
    return session


def require_anthropic_key(env: Mapping[str, str]) -> str:
    """ANTHROPIC_API_KEY, or ModelUnavailable naming it."""
    key = env.get("ANTHROPIC_API_KEY", "").strip()
    if not key:
        raise ModelUnavailable("The Anthropic provider needs an API key: set ANTHROPIC_API_KEY.")
    return key


def anthropic_client_args(choice: ModelChoice, key: str) -> dict[str, Any]:
    """Client arguments for Anthropic: the key, the proxy's base URL if set, no own retries."""
    args: dict[str, Any] = {"api_key": key, **SDK_RETRIES}
    if choice.base_url:
        args["base_url"] = choice.base_url
    return args


def openai_client_args(choice: ModelChoice, env: Mapping[str, str]) -> dict[str, Any]:
    """Client arguments for an OpenAI(-compatible) endpoint.

    A local server (Ollama, LM Studio, vLLM) at ``openai_base_url`` needs no key, but the
    client insists on one, so a placeholder is used when OPENAI_API_KEY is unset.
    """
    key = env.get("OPENAI_API_KEY", "").strip()
    if choice.base_url:
        return {"base_url": choice.base_url, "api_key": key or LOCAL_API_KEY}
    if not key:
        raise ModelUnavailable(
            "The OpenAI provider needs an API key: set OPENAI_API_KEY, or set "
            "OPENAI_BASE_URL to a local OpenAI-compatible server (Ollama, LM Studio, vLLM)."
        )
    return {"api_key": key}


def model_error(exc: BaseException, choice: ModelChoice | None = None) -> AppError:
    """One typed error, with a message naming the fix, for whatever the provider raised."""
    from gui.agent.model_errors import map_model_error

    return map_model_error(exc, choice)
