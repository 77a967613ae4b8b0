"""The mapping from provider failures to typed errors, case by case (no network).

The same errors arrive over the wire in tests/integration/agent/test_model_errors.py; here
the exceptions are built directly, including the botocore classes that need no server
(an expired SSO session, a missing region) and strands' wrappers.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    SSOTokenLoadError,
    UnauthorizedSSOTokenError,
)
from strands.types.exceptions import ContextWindowOverflowException, ModelThrottledException

from gui.agent.model_errors import (
    REASON_LIMIT,
    ModelCredentialsExpired,
    ModelCredentialsMissing,
    ModelCredentialsRejected,
    ModelThrottled,
    ModelUnreachable,
    WebIdentityRefused,
    inference_profile_ids,
    map_model_error,
    map_web_identity_error,
)
from gui.agent.models import ModelChoice
from gui.errors import AppError, ChatError, ModelUnavailable, NotSignedIn

ROLE = "arn:aws:iam::123456789012:role/agentcore-chat-bedrock"
BEDROCK = ModelChoice("bedrock", "m", "Amazon Bedrock · m", True)
BEDROCK_VIA_ROLE = ModelChoice("bedrock", "m", "Amazon Bedrock · m", True, aws_role_arn=ROLE)


def client_error(code: str, message: str = "", operation: str = "ConverseStream") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


def wrapped(inner: BaseException) -> BaseException:
    """As strands hands it on: raised from inside another exception."""
    try:
        try:
            raise inner
        except BaseException as exc:
            raise RuntimeError("event loop failed") from exc
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    ("exc", "env", "kind", "says"),
    [
        (
            UnauthorizedSSOTokenError(),
            {"AWS_PROFILE": "corp"},
            ModelCredentialsExpired,
            "`aws sso login --profile corp`",
        ),
        (
            SSOTokenLoadError(error_msg="gone"),
            {},
            ModelCredentialsExpired,
            "`aws sso login --profile NAME`",
        ),
        (NoCredentialsError(), {}, ModelCredentialsMissing, "aws_role_arn"),
        (NoRegionError(), {}, ModelUnavailable, "AWS_REGION"),
        (
            EndpointConnectionError(
                endpoint_url="https://bedrock-runtime.eu-west-1.amazonaws.com/x"
            ),
            {},
            ModelUnreachable,
            "bedrock-runtime.eu-west-1.amazonaws.com",
        ),
        (ModelThrottledException("slow down"), {}, ModelThrottled, "busy"),
        (client_error("ServiceUnavailableException"), {}, ModelThrottled, "Try again"),
        (client_error("ExpiredTokenException"), {}, ModelCredentialsExpired, "aws sso login"),
        (
            client_error("InvalidSignatureException", "Signature expired: 20260101T000000Z"),
            {},
            ModelCredentialsRejected,
            "clock",
        ),
    ],
)
def test_bedrock_failures(exc: BaseException, env: dict, kind: type, says: str):
    error = map_model_error(wrapped(exc), BEDROCK, env)
    assert type(error) is kind and says in error.message


def test_with_the_role_expired_or_rejected_credentials_mean_sign_in_again():
    for code in ("ExpiredTokenException", "UnrecognizedClientException"):
        error = map_model_error(client_error(code), BEDROCK_VIA_ROLE, {})
        assert "Sign in again" in error.message and "AWS_PROFILE" not in error.message


def test_access_denied_names_the_role_and_the_noted_region():
    denied = client_error("AccessDeniedException", "You don't have access to the model")
    denied.add_note("└ Bedrock region: ap-northeast-1")
    error = map_model_error(denied, BEDROCK_VIA_ROLE, {"AWS_REGION": "us-east-1"})
    assert ROLE in error.message and "ap-northeast-1" in error.message


def test_context_overflow_and_our_own_errors_pass_through():
    overflow = map_model_error(ContextWindowOverflowException("too long"), BEDROCK, {})
    assert type(overflow) is ChatError and "Start a new one" in overflow.message
    ours = NotSignedIn()
    assert map_model_error(wrapped(ours), BEDROCK, {}) is ours


def test_an_unknown_failure_says_try_again_without_its_text():
    error = map_model_error(RuntimeError("secret details"), BEDROCK, {})
    assert type(error) is ChatError and "secret details" not in error.message
    assert "Try again" in error.message


def test_a_services_reason_is_one_bounded_line():
    reason = "first line\nsecond line " + "x" * 1000
    error = map_model_error(client_error("ValidationException", reason), BEDROCK, {})
    assert "\n" not in error.message and "first line second line" in error.message
    assert len(error.reason) <= REASON_LIMIT + 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("model", "region", "expected"),
    [
        ("anthropic.claude-sonnet-4-6", "us-west-2", ["us.", "global."]),
        ("anthropic.claude-sonnet-4-6", "eu-central-1", ["eu.", "global."]),
        ("anthropic.claude-sonnet-4-6", "ap-northeast-1", ["apac.", "global."]),
        ("global.anthropic.claude-sonnet-4-6", "us-east-1", []),
        ("arn:aws:bedrock:us-east-1:123456789012:inference-profile/x", "us-east-1", []),
    ],
)
def test_inference_profile_suggestions(model: str, region: str, expected: list[str]):
    assert inference_profile_ids(model, region) == [prefix + model for prefix in expected]


@pytest.mark.parametrize(
    ("code", "kind", "says"),
    [
        ("InvalidIdentityToken", WebIdentityRefused, "IAM OIDC identity provider for https://idp/"),
        ("AccessDenied", WebIdentityRefused, "trust policy"),
        ("ExpiredTokenException", WebIdentityRefused, "clock"),
        ("IDPCommunicationError", ModelUnreachable, "could not reach your sign-in provider"),
        ("RegionDisabledException", WebIdentityRefused, "activate"),
        ("Throttling", WebIdentityRefused, "(Throttling)"),
    ],
)
def test_sts_refusals(code: str, kind: type, says: str):
    error = map_web_identity_error(
        client_error(code, "reason", "AssumeRoleWithWebIdentity"), ROLE, "https://idp/"
    )
    assert type(error) is kind and says in error.message


def test_an_unreachable_sts_names_its_host():
    exc = EndpointConnectionError(endpoint_url="https://sts.us-east-1.amazonaws.com/")
    error = map_web_identity_error(exc, ROLE)
    assert isinstance(error, ModelUnreachable) and "sts.us-east-1.amazonaws.com" in error.message
    assert isinstance(map_web_identity_error(RuntimeError("x"), ROLE), AppError)
