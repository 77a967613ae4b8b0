"""The model side over the wire: the demo sign-in and gateway, a local STS and a local Bedrock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.demo.sts import DemoSts
from tests.support.aws import KEY_ID, SECRET, credentials_from, isolate_aws
from tests.support.bedrock_double import BedrockDouble, bedrock_double
from tests.support.clock import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    """The credentials' clock, shared by STS and the app, stepped by the tests."""
    import time

    return FakeClock(start=time.time())


@pytest.fixture
def sts(stack: DemoStack, clock: FakeClock) -> Iterator[DemoSts]:
    """STS that trusts the demo provider for the demo client id, any demo user."""
    with DemoSts(
        jwks_url=f"{stack.idp.issuer}.well-known/jwks.json",
        issuer=stack.idp.issuer,
        audience=DEMO_CLIENT_ID,
        subject_pattern="demo|*",
        clock=clock,
    ) as server:
        yield server


@pytest.fixture
def bedrock(
    sts: DemoSts, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[BedrockDouble]:
    """A Bedrock that accepts only what the STS double issued; boto3 pointed at both."""
    with bedrock_double(credentials=credentials_from(sts)) as double:
        isolate_aws(
            monkeypatch,
            tmp_path,
            AWS_ENDPOINT_URL_STS=sts.url,
            AWS_ENDPOINT_URL_BEDROCK_RUNTIME=double.url,
        )
        yield double


@pytest.fixture
def keyed_bedrock(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[BedrockDouble]:
    """A Bedrock that knows one long-term key, given in an AWS profile named ``dev``."""
    from tests.support.bedrock_double import Credentials

    known = {KEY_ID: Credentials(SECRET)}
    with bedrock_double(credentials=known.get) as double:
        env = isolate_aws(monkeypatch, tmp_path, AWS_ENDPOINT_URL_BEDROCK_RUNTIME=double.url)
        Path(env["AWS_SHARED_CREDENTIALS_FILE"]).write_text(
            f"[dev]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n"
        )
        monkeypatch.setenv("AWS_PROFILE", "dev")
        yield double
