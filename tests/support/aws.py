"""AWS for tests without AWS: an environment that reaches only the local doubles.

boto3 reads its endpoints, region, retries and credentials from the environment;
:func:`isolate_aws` points it at the doubles and away from anything on the machine (a
developer's ~/.aws, their keys, the instance metadata service).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.demo.sts import DemoSts
from tests.support.bedrock_double import Credentials

REGION = "us-east-1"
KEY_ID = "AKIAEXAMPLEKEYID0001"  # a long-term key the Bedrock double may be told to know
SECRET = "example-secret-access-key-0001"
_CLEARED = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_BEARER_TOKEN_BEDROCK",
    "AWS_DEFAULT_REGION",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
    "AWS_CA_BUNDLE",
    "AGENTCORE_AWS_ROLE_ARN",
)


def isolate_aws(monkeypatch: pytest.MonkeyPatch, home: Path, **env: str) -> dict[str, str]:
    """An AWS environment with no credentials, one attempt per call, and ``env`` on top."""
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    values = {
        "AWS_CONFIG_FILE": str(home / "aws-config-absent"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials-absent"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_RETRY_MODE": "standard",
        "AWS_MAX_ATTEMPTS": "1",  # one request per call: the doubles count them
        "AWS_REGION": REGION,
        **env,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def credentials_from(sts: DemoSts) -> Any:
    """The Bedrock double's key lookup: the credentials this STS double issued."""

    def lookup(key_id: str) -> Credentials | None:
        issued = sts.issued(key_id)
        if issued is None:
            return None
        return Credentials(issued.secret_access_key, issued.session_token, sts.is_expired(issued))

    return lookup


def user_says(text: str) -> list[dict[str, Any]]:
    """A one-message conversation for a strands model."""
    return [{"role": "user", "content": [{"text": text}]}]


async def answer_of(model: Any, text: str) -> str:
    """Ask a strands model once, directly; the text it streamed back."""
    pieces = []
    async for event in model.stream(user_says(text)):
        delta = event.get("contentBlockDelta", {}).get("delta", {})
        pieces.append(delta.get("text", ""))
    return "".join(pieces)


class CountingRefreshes:
    """A sign-in (``AuthSession``) that counts the refresh grants asked of it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.refreshes = 0

    @property
    def id_token(self) -> str | None:
        return self.inner.id_token

    async def refresh_now(self) -> str:
        self.refreshes += 1
        return await self.inner.refresh_now()
