"""Which models this person can use: the lists behind the model picker and ``… models``.

::

    list_models(profile, provider) ──► a worker thread (each listing is blocking I/O)
        bedrock    boto3 "bedrock" control plane, with the chat's own credentials
                   (gui.agent.models.bedrock_session, or the session the caller passes):
                   ListInferenceProfiles (system-defined and the account's own, paged)
                   + ListFoundationModels(byOutputModality=TEXT), kept when ACTIVE,
                   streaming, callable on demand (or through a profile) and able to use
                   tools (TOOL_USE: model families, from Bedrock's feature table)
        anthropic  GET {anthropic_base_url}/v1/models (the SDK pages through it)
        openai     GET {openai_base_url}/models, less embeddings, speech and images
        offline    the offline router

Each entry is ``ModelEntry(config_id, name, provider)``: ``config_id`` is what
``Profile.model`` takes (``bedrock:us.amazon.nova-pro-v1:0``). Inference profiles come
before foundation models (the cross-region ones are what Bedrock recommends).

A failure leaves as :class:`~gui.errors.ModelUnavailable` saying what to do, mapped
here where the libraries' errors enter. The clients make one attempt each (as for the
chat, see :mod:`gui.agent.retry`), and the whole listing is bounded by LIST_TIMEOUT.
boto3, anthropic and openai are imported inside functions only.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gui.agent import models
from gui.agent.model_errors import no_aws_credentials
from gui.agent.phrases import OFFLINE_LABEL
from gui.aio import run_blocking
from gui.config import Profile
from gui.errors import AppError, ModelUnavailable, causes

log = logging.getLogger(__name__)

LIST_TIMEOUT = 30.0
HTTP_TIMEOUT = 20.0
MAX_PAGES = 50  # a control plane that pages forever must not hang the picker

#: Bedrock model ids (without a profile's region prefix) whose Converse API takes tools.
#: From the Bedrock user guide's "Supported models and model features"; new families
#: are added here by hand, and ``include_all=True`` lists the rest as well.
TOOL_USE = re.compile(
    r"""^(
        anthropic\.claude-(3|sonnet|opus|haiku)
      | amazon\.nova-(micro|lite|pro|premier|2)
      | meta\.llama(3-1|3-2-(11|90)b|3-3|4)
      | mistral\.(mistral-large|mistral-small|pixtral)
      | cohere\.command-r
      | ai21\.jamba
      | deepseek\.v3
      | openai\.gpt-oss
      | qwen\.qwen3
      | writer\.palmyra-x
    )""",
    re.VERBOSE,
)
_REGION_PREFIX = re.compile(r"^(us|eu|apac|ap|us-gov|ca|jp|au|global)\.")
_NOT_CHAT = re.compile(
    r"embed|tts|whisper|dall-e|image|moderation|transcribe|audio|realtime|davinci|babbage"
)


@dataclass(frozen=True)
class ModelEntry:
    """One model the person can choose."""

    config_id: str  # for Profile.model, e.g. "bedrock:us.amazon.nova-pro-v1:0"
    name: str  # for people, e.g. "US Nova Pro"
    provider: str  # bedrock | anthropic | openai | offline


SessionFactory = Callable[[Mapping[str, str]], Any]


async def list_models(
    profile: Profile,
    provider: str | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    bedrock_session: SessionFactory | None = None,
    include_all: bool = False,
) -> list[ModelEntry]:
    """The models of ``provider`` (default: the profile's) this person can use.

    ``bedrock_session`` builds the boto3 session from the environment; by default the
    chat's own (:func:`gui.agent.models.bedrock_session`), so the listing uses the very
    credentials the chat will. ``include_all``: Bedrock models without tool use too.
    """
    kind = provider or profile.model_kind
    env = dict(os.environ if environ is None else environ)
    if kind == "offline":
        return [ModelEntry("offline", OFFLINE_LABEL, "offline")]
    listers: dict[str, Callable[[], list[ModelEntry]]] = {
        "bedrock": lambda: _bedrock(env, bedrock_session or models.bedrock_session, include_all),
        "anthropic": lambda: _anthropic(profile, env),
        "openai": lambda: _openai(profile, env),
    }
    if kind not in listers:
        raise ModelUnavailable(f"Unknown model provider '{kind}': use bedrock, anthropic, openai.")
    try:
        return await run_blocking(listers[kind], within=LIST_TIMEOUT)
    except TimeoutError:
        raise ModelUnavailable(
            f"Listing the models took longer than {LIST_TIMEOUT:g} s. Type a model id instead."
        ) from None


def supports_tools(model_id: str) -> bool:
    """Whether a Bedrock model (or an inference profile's model) takes tools in Converse."""
    return bool(TOOL_USE.match(_REGION_PREFIX.sub("", model_id)))


# -- Amazon Bedrock ---------------------------------------------------------------------


def _bedrock(env: Mapping[str, str], make: SessionFactory, include_all: bool) -> list[ModelEntry]:
    session = make(env)  # raises ModelUnavailable naming what to set
    region = session.region_name or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    try:
        from botocore.config import Config

        client = session.client(
            "bedrock",
            region_name=region,
            config=Config(
                retries={"total_max_attempts": 1, "mode": "standard"},
                connect_timeout=HTTP_TIMEOUT,
                read_timeout=HTTP_TIMEOUT,
            ),
        )
        profiles = [
            p for kind in ("SYSTEM_DEFINED", "APPLICATION") for p in _profiles(client, kind)
        ]
        foundation = client.list_foundation_models(byOutputModality="TEXT")["modelSummaries"]
    except AppError:
        raise
    except Exception as exc:
        raise _listing_error(exc, "Amazon Bedrock", region or "") from exc
    keep = supports_tools if not include_all else (lambda model_id: True)
    entries = [
        ModelEntry(f"bedrock:{p['inferenceProfileId']}", p["inferenceProfileName"], "bedrock")
        for p in sorted(profiles, key=lambda p: p.get("inferenceProfileName", ""))
        if p.get("status", "ACTIVE") == "ACTIVE" and keep(_profile_model(p))
    ]
    entries += [
        ModelEntry(f"bedrock:{m['modelId']}", f"{m['providerName']} {m['modelName']}", "bedrock")
        for m in sorted(foundation, key=lambda m: (m["providerName"], m["modelName"]))
        if _usable(m) and keep(m["modelId"])
    ]
    return entries


def _profiles(client: Any, kind: str) -> list[dict[str, Any]]:
    """Every inference profile of ``kind``, page by page; the account's own may be refused."""
    found: list[dict[str, Any]] = []
    token = ""
    for _ in range(MAX_PAGES):
        args: dict[str, Any] = {"typeEquals": kind, "maxResults": 1000}
        if token:
            args["nextToken"] = token
        try:
            page = client.list_inference_profiles(**args)
        except Exception as exc:
            if kind == "APPLICATION" and _aws_code(exc) == "AccessDeniedException":
                return found  # the account's own profiles are a bonus
            raise
        found += page.get("inferenceProfileSummaries", [])
        token = page.get("nextToken") or ""
        if not token:
            break
    return found


def _profile_model(profile: dict[str, Any]) -> str:
    """The foundation model an inference profile routes to (its first model's id)."""
    arns = [m.get("modelArn", "") for m in profile.get("models", [])]
    return arns[0].rsplit("/", 1)[-1] if arns else profile.get("inferenceProfileId", "")


def _usable(model: dict[str, Any]) -> bool:
    """Active, streaming, and callable on demand (profile-only ones come as profiles)."""
    return (
        model.get("modelLifecycle", {}).get("status", "ACTIVE") == "ACTIVE"
        and model.get("responseStreamingSupported", True) is not False
        and "ON_DEMAND" in model.get("inferenceTypesSupported", [])
    )


def _aws_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    return response.get("Error", {}).get("Code", "") if isinstance(response, dict) else ""


# -- Anthropic and OpenAI-compatible endpoints ------------------------------------------


def _anthropic(profile: Profile, env: Mapping[str, str]) -> list[ModelEntry]:
    key = models.require_anthropic_key(env)
    base = profile.anthropic_base_url
    try:
        import anthropic

        client = anthropic.Anthropic(
            api_key=key, base_url=base or None, max_retries=0, timeout=HTTP_TIMEOUT
        )
        listed = list(client.models.list(limit=100))
    except Exception as exc:
        raise _listing_error(exc, "Anthropic", base) from exc
    return [
        ModelEntry(f"anthropic:{m.id}", getattr(m, "display_name", "") or m.id, "anthropic")
        for m in listed
    ]


def _openai(profile: Profile, env: Mapping[str, str]) -> list[ModelEntry]:
    choice = models.ModelChoice("openai", "", "OpenAI", True, base_url=profile.openai_base_url)
    args = models.openai_client_args(choice, env)
    try:
        import openai

        client = openai.OpenAI(**args, max_retries=0, timeout=HTTP_TIMEOUT)
        listed = list(client.models.list())
    except Exception as exc:
        raise _listing_error(
            exc, "The OpenAI-compatible endpoint", profile.openai_base_url
        ) from exc
    return [
        ModelEntry(f"openai:{m.id}", m.id, "openai")
        for m in sorted(listed, key=lambda m: m.id)
        if not _NOT_CHAT.search(m.id.lower())
    ]


def _listing_error(exc: BaseException, where: str, detail: str) -> ModelUnavailable:
    """A listing's failure, saying what to do; matched by class name (no imports)."""
    for cause in causes(exc):
        kind = type(cause).__name__
        code = _aws_code(cause)
        if kind in ("NoCredentialsError", "PartialCredentialsError"):
            return no_aws_credentials()
        if code in ("AccessDeniedException", "UnrecognizedClientException"):
            return ModelUnavailable(
                f"{where} in {detail}: your AWS identity may not list models "
                "(bedrock:ListFoundationModels, bedrock:ListInferenceProfiles). "
                "Type a model id instead, or ask for those permissions."
            )
        if code in ("ExpiredTokenException", "ExpiredToken"):
            return ModelUnavailable(
                f"{where}: your AWS credentials have expired. Sign in to AWS again "
                "(e.g. `aws sso login`)."
            )
        if kind in ("EndpointConnectionError", "ConnectTimeoutError", "APIConnectionError"):
            return ModelUnavailable(f"Cannot reach {where}{' at ' + detail if detail else ''}.")
        if kind in ("AuthenticationError", "PermissionDeniedError"):
            return ModelUnavailable(f"{where} rejected the API key. Check the key you set.")
        if kind == "NotFoundError":
            return ModelUnavailable(f"{where} does not list its models. Type a model id instead.")
    log.debug("Listing models failed", exc_info=exc)
    return ModelUnavailable(f"Could not list the models of {where} ({type(exc).__name__}).")
