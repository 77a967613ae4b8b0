"""What a model provider's failure means for the person, as one typed error naming the fix.

botocore raises a class per service error (``AccessDeniedException``, ``ValidationException``,
``ExpiredTokenException``, …, all subclasses of ``ClientError``), the anthropic and openai
SDKs raise ``AuthenticationError``, ``NotFoundError``, ``APIConnectionError`` and the like,
and strands wraps some of them (``ModelThrottledException``). :func:`map_model_error` walks
the exception and its causes and returns one error of this tree, each with a one-line
message that says what to do::

    ModelUnavailable (gui.errors)
    ├── ModelCredentialsMissing    no AWS credentials or API key: how to sign in or set the role
    ├── ModelCredentialsExpired    expired AWS credentials: e.g. `aws sso login --profile X`
    ├── ModelCredentialsRejected   keys or an API key the provider does not accept
    ├── ModelAccessDenied          this identity may not use this model here: who to ask
    ├── ModelNotFound              no such model here: the inference-profile id to try
    ├── ModelUnreachable           the endpoint cannot be reached
    ├── ModelThrottled                  throttled, or the service is briefly unavailable
    └── WebIdentityRefused         STS would not exchange the sign-in for the role
    ChatError (gui.errors)
    └── ModelRequestRejected       a validation error: the service's own reason, one line

Classes are matched by name (and a ``ClientError`` by its ``Error.Code``), so no provider
library is imported here. Server text (a service's reason) passes ``untrusted.one_line``.
No Qt; imports only gui.errors and gui.untrusted.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Protocol
from urllib.parse import urlsplit

from gui.errors import AppError, ChatError, ModelUnavailable, causes
from gui.untrusted import one_line

log = logging.getLogger(__name__)

REASON_LIMIT = 300  # characters of a service's own reason kept in a message
ROLE_SETTING = "aws_role_arn (AGENTCORE_AWS_ROLE_ARN)"


class ModelCredentialsMissing(ModelUnavailable):
    """The provider needs credentials or a key and none were found."""


class ModelCredentialsExpired(ModelUnavailable):
    """The AWS credentials found have expired (an SSO session, temporary keys)."""


class ModelCredentialsRejected(ModelUnavailable):
    """The provider does not accept the credentials or API key it was given."""


class ModelAccessDenied(ModelUnavailable):
    """The identity is valid but may not use this model (here)."""


class ModelNotFound(ModelUnavailable):
    """The provider knows no such model (in this region)."""


class ModelUnreachable(ModelUnavailable):
    """The provider's endpoint could not be reached."""


class ModelThrottled(ModelUnavailable):
    """The provider is throttling or briefly unavailable; a later try may work."""


class WebIdentityRefused(ModelUnavailable):
    """AWS STS would not exchange the sign-in's ID token for the configured role."""


class ModelRequestRejected(ChatError):
    """The provider refused the request as invalid; ``reason`` is its own words."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class ChoiceLike(Protocol):
    """What is known of the configured model (``gui.agent.models.ModelChoice``)."""

    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def base_url(self) -> str: ...
    @property
    def aws_role_arn(self) -> str: ...


# ClientError codes, grouped by what they mean for the person.
_EXPIRED_CODES = frozenset({"ExpiredTokenException", "ExpiredToken", "RequestExpired"})
_REJECTED_CODES = frozenset(
    {
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "MissingAuthenticationTokenException",
        "MissingAuthenticationToken",
    }
)
_BUSY_CODES = frozenset(
    {
        "ThrottlingException",
        "throttlingException",
        "TooManyRequestsException",
        "ModelNotReadyException",
        "ServiceUnavailableException",
        "serviceUnavailableException",
        "InternalServerException",
        "internalServerException",
        "ModelTimeoutException",
    }
)
_SSO_EXPIRED = frozenset({"SSOTokenLoadError", "UnauthorizedSSOTokenError", "TokenRetrievalError"})
_NO_CREDENTIALS = frozenset(
    {
        "NoCredentialsError",
        "PartialCredentialsError",
        "CredentialRetrievalError",
        "NoAuthTokenError",
    }
)
_UNREACHABLE = frozenset(
    {
        "EndpointConnectionError",
        "ConnectTimeoutError",
        "ConnectionClosedError",
        "ProxyConnectionError",
        "SSLError",
        "APIConnectionError",
        "APITimeoutError",
    }
)
_MODEL_ID_INVALID = "model identifier is invalid"
_NEEDS_PROFILE = "on-demand throughput isn"  # "…isn’t supported" (curly or straight quote)
_GEO_PREFIXES = ("us.", "eu.", "apac.", "jp.", "au.", "ca.", "us-gov.", "global.")


def _class_names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


def client_error_code(exc: BaseException) -> str | None:
    """The ``Error.Code`` of a botocore ``ClientError`` (or a subclass), else None."""
    if "ClientError" not in _class_names(exc):
        return None
    response = getattr(exc, "response", None)
    error = response.get("Error", {}) if isinstance(response, dict) else {}
    return str(error.get("Code") or "") if isinstance(error, dict) else ""


def _service_reason(exc: BaseException) -> str:
    """The service's own message: botocore's ``Error.Message`` or an SDK error body's message."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error", {})
        if isinstance(error, dict) and error.get("Message"):
            return one_line(error["Message"], REASON_LIMIT)
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return one_line(inner["message"], REASON_LIMIT)
    message = getattr(exc, "message", None)
    return one_line(message if isinstance(message, str) else str(exc), REASON_LIMIT)


def _region(chain: Iterable[BaseException], env: Mapping[str, str]) -> str:
    """The Bedrock region: strands notes it on the error; else the environment's."""
    for exc in chain:
        for note in getattr(exc, "__notes__", None) or ():
            found = re.search(r"Bedrock region: ([a-z0-9-]+)", str(note))
            if found:
                return found.group(1)
    return env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or ""


def _in_region(region: str) -> str:
    return f" in {region}" if region else ""


def inference_profile_ids(model_id: str, region: str) -> list[str]:
    """Inference-profile ids to suggest for a bare foundation-model id (none if prefixed)."""
    if not model_id or model_id.startswith(_GEO_PREFIXES) or model_id.startswith("arn:"):
        return []
    geo = {"us": "us", "ca": "us", "eu": "eu", "ap": "apac"}.get(region.split("-", 1)[0], "us")
    return [f"{geo}.{model_id}", f"global.{model_id}"]


def _aws_identity_hint(choice: ChoiceLike | None, env: Mapping[str, str]) -> str:
    if choice is not None and choice.aws_role_arn:
        return f"the role {choice.aws_role_arn}"
    profile = env.get("AWS_PROFILE")
    return f"the AWS profile {profile}" if profile else "your AWS identity"


def no_aws_credentials() -> ModelCredentialsMissing:
    """Bedrock found no AWS credentials: the three ways to give it some."""
    return ModelCredentialsMissing(
        f"Amazon Bedrock needs AWS credentials: set {ROLE_SETTING} to use your sign-in, "
        "or sign in to AWS (`aws sso login --profile NAME`, then AWS_PROFILE=NAME; or "
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or set AWS_BEARER_TOKEN_BEDROCK to a "
        "Bedrock API key."
    )


def _expired(choice: ChoiceLike | None, env: Mapping[str, str], where: str) -> AppError:
    if choice is not None and choice.aws_role_arn:
        return ModelCredentialsExpired(
            f"{where}: the AWS credentials from your sign-in expired. Sign in again."
        )
    profile = env.get("AWS_PROFILE")
    login = f"`aws sso login --profile {profile}`" if profile else "`aws sso login --profile NAME`"
    return ModelCredentialsExpired(
        f"{where}: your AWS credentials have expired. Renew them, e.g. with {login}, and try again."
    )


def _bedrock_error(
    code: str,
    cause: BaseException,
    chain: list[BaseException],
    choice: ChoiceLike | None,
    env: Mapping[str, str],
    where: str,
) -> AppError | None:
    model = choice.name if choice is not None else ""
    region = _region(chain, env)
    reason = _service_reason(cause)
    if code == "AccessDeniedException":
        who = _aws_identity_hint(choice, env)
        return ModelAccessDenied(
            f"{where}: AWS denied {who} access to {model or 'the model'}{_in_region(region)} "
            f"({code}). Ask your AWS administrator to enable this model in Bedrock's model "
            "access and to allow bedrock:InvokeModel* on it for that identity."
        )
    if code in _EXPIRED_CODES:
        return _expired(choice, env, where)
    if code in _REJECTED_CODES:
        if "Signature expired" in reason or "Signature not yet current" in reason:
            return ModelCredentialsRejected(
                f"{where}: AWS refused the request's time stamp. Check this computer's clock."
            )
        if choice is not None and choice.aws_role_arn:
            fix = "Sign in again"
        else:
            fix = "Check AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        return ModelCredentialsRejected(
            f"{where}: AWS did not accept the credentials ({code}). {fix}."
        )
    if code in _BUSY_CODES:
        return ModelThrottled(f"{where} is busy or briefly unavailable. Try again in a moment.")
    if code == "ResourceNotFoundException" or (
        code == "ValidationException"
        and (_MODEL_ID_INVALID in reason or _NEEDS_PROFILE in reason.replace("’", "'"))
    ):
        return _not_found(model, region, where)
    if code in ("ValidationException", "ServiceQuotaExceededException", "ModelErrorException"):
        return ModelRequestRejected(f"{where} rejected the request: {reason}", reason)
    return None


def _not_found(model: str, region: str, where: str) -> ModelNotFound:
    suggestions = inference_profile_ids(model, region)
    if suggestions:
        ids = " or ".join(f"bedrock:{s}" for s in suggestions)
        fix = f"Use an inference-profile id instead, e.g. {ids}."
    else:
        fix = (
            "Check the id: `aws bedrock list-inference-profiles"
            f"{' --region ' + region if region else ''}` lists the ones you can use."
        )
    return ModelNotFound(f"{where}: no model {model or '(none)'}{_in_region(region)}. {fix}")


def _key_fix(choice: ChoiceLike | None) -> str:
    kind = choice.kind if choice is not None else ""
    if kind == "anthropic":
        return "Check ANTHROPIC_API_KEY."
    if kind == "openai" and choice is not None and choice.base_url:
        host = urlsplit(choice.base_url).netloc
        return f"Check OPENAI_API_KEY: it must be a key the server at {host} accepts."
    return "Check OPENAI_API_KEY." if kind == "openai" else "Check the key you set."


def _host_of(cause: BaseException, choice: ChoiceLike | None) -> str:
    kwargs = getattr(cause, "kwargs", None)
    url = kwargs.get("endpoint_url") if isinstance(kwargs, dict) else None
    if not url:
        try:
            url = str(cause.request.url)  # type: ignore[attr-defined]  # anthropic/openai
        except Exception:  # httpx raises when an error has no request
            url = choice.base_url if choice is not None else ""
    return urlsplit(str(url or "")).netloc


def map_model_error(
    exc: BaseException,
    choice: ChoiceLike | None = None,
    environ: Mapping[str, str] | None = None,
) -> AppError:
    """One typed error, with a one-line message naming the fix, for a provider's failure."""
    env = os.environ if environ is None else environ
    where = choice.label if choice is not None else "The model"
    chain = list(causes(exc))
    for cause in chain:
        if isinstance(cause, AppError):
            return cause
        names = _class_names(cause)
        kind = type(cause).__name__
        code = client_error_code(cause)
        if code is not None:
            mapped = _bedrock_error(code, cause, chain, choice, env, where)
            if mapped is not None:
                return mapped
            return ModelUnavailable(f"{where} answered with an error ({code or 'unknown'}).")
        if names & _NO_CREDENTIALS:
            return no_aws_credentials()
        if kind == "NoRegionError":
            return ModelUnavailable(
                "Amazon Bedrock needs a region: set AWS_REGION (e.g. us-east-1) "
                "or give your AWS profile a region."
            )
        if names & _SSO_EXPIRED:
            return _expired(choice, env, where)
        if names & _UNREACHABLE:
            host = _host_of(cause, choice)
            at = f" at {host}" if host else ""
            return ModelUnreachable(
                f"Cannot reach {where}{at}. Check your network connection or proxy."
            )
        if kind in ("ModelThrottledException", "RateLimitError"):
            return ModelThrottled(f"{where} is busy (rate limited). Try again in a moment.")
        if kind == "ContextWindowOverflowException":
            return ChatError("The conversation is too long for the model. Start a new one.")
        if kind == "AuthenticationError":
            return ModelCredentialsRejected(f"{where} rejected the API key. {_key_fix(choice)}")
        if kind == "PermissionDeniedError":
            return ModelAccessDenied(
                f"{where}: this API key may not use {choice.name if choice else 'the model'}. "
                "Ask the key's owner for access to it."
            )
        if kind == "NotFoundError":
            model = choice.name if choice is not None and choice.name else "asked for"
            return ModelNotFound(
                f"{where}: the provider does not know the model {model}. Check the model name."
            )
        if kind in ("BadRequestError", "UnprocessableEntityError"):
            reason = _service_reason(cause)
            return ModelRequestRejected(f"{where} rejected the request: {reason}", reason)
        if kind == "InternalServerError":
            return ModelThrottled(f"{where} had an internal error. Try again in a moment.")
    log.debug("Unmapped model failure: %s", type(exc).__name__)
    return ChatError(f"{where} failed ({type(exc).__name__}). Try again.")


def map_web_identity_error(exc: BaseException, role_arn: str, issuer: str = "") -> AppError:
    """One typed error for a failed STS ``AssumeRoleWithWebIdentity`` call."""
    for cause in causes(exc):
        if isinstance(cause, AppError):
            return cause
        code = client_error_code(cause)
        if code is None:
            if _class_names(cause) & _UNREACHABLE:
                host = _host_of(cause, None)
                return ModelUnreachable(
                    f"Cannot reach AWS STS{' at ' + host if host else ''} to exchange your "
                    "sign-in for AWS credentials. Check your network connection or proxy."
                )
            continue
        reason = _service_reason(cause)
        provider = f" for {issuer}" if issuer else ""
        if code in ("InvalidIdentityToken", "IDPRejectedClaim"):
            return WebIdentityRefused(
                f"AWS did not accept your sign-in for {role_arn}: {reason}. The AWS account "
                f"needs an IAM OIDC identity provider{provider} with this app's client id as "
                "audience (see resources/aws)."
            )
        if code == "AccessDenied":
            return WebIdentityRefused(
                f"Your sign-in may not assume {role_arn}. Ask your AWS administrator to let "
                "the role's trust policy accept this identity provider, audience and user."
            )
        if code in _EXPIRED_CODES:
            return WebIdentityRefused(
                "AWS found your sign-in's ID token expired. Check this computer's clock, "
                "then sign in again."
            )
        if code == "IDPCommunicationError":
            return ModelUnreachable(f"AWS could not reach your sign-in provider: {reason}")
        if code == "RegionDisabledException":
            return WebIdentityRefused(
                f"AWS STS is not activated in this region: {reason}. Ask your AWS administrator "
                "to activate it, or set AWS_REGION to another region."
            )
        return WebIdentityRefused(f"AWS STS refused the exchange ({code}): {reason}")
    return ChatError(f"Exchanging your sign-in for AWS credentials failed ({type(exc).__name__}).")
