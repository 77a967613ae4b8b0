"""Bedrock through the app's own sign-in: ID token -> STS -> signed Bedrock calls, no AWS keys.

Everything is on the wire: the demo provider signs in Alice, the STS double checks her ID
token against the provider's JWKS and issues role credentials, and the Bedrock double
accepts only requests signed with those (SigV4 recomputed with the issued secret).
"""

from __future__ import annotations

import dataclasses
import time

import pytest

from gui.agent import models
from gui.agent.aws_identity import WebIdentityCredentials
from gui.agent.events import Done, ToolFinished, ToolStarted
from gui.agent.model_errors import ModelCredentialsMissing, WebIdentityRefused
from gui.agent.session import ChatSession
from gui.auth.session import AuthSession
from gui.demo.idp import DEMO_CLIENT_ID
from gui.demo.stack import DemoStack
from gui.demo.sts import DEMO_ROLE_ARN, DemoSts
from tests.support.aws import REGION, CountingRefreshes, answer_of
from tests.support.bedrock_double import BedrockDouble, Text, ToolCall
from tests.support.chat import collect
from tests.support.clock import FakeClock

MODEL = "global.anthropic.claude-sonnet-4-6"


def bedrock_profile(stack: DemoStack, role_arn: str = DEMO_ROLE_ARN):
    return dataclasses.replace(stack.profile, model=f"bedrock:{MODEL}", aws_role_arn=role_arn)


async def test_bedrock_answers_with_credentials_from_the_sign_in(
    stack: DemoStack, session: AuthSession, sts: DemoSts, bedrock: BedrockDouble
):
    bedrock.script([Text("Hello from Bedrock", chunk=5)])
    choice = models.choose(bedrock_profile(stack))
    model = await models.build_model(choice, sign_in=session)

    assert await answer_of(model, "hi") == "Hello from Bedrock"
    [request] = bedrock.requests
    issued = sts.issued(request.access_key_id)
    assert issued is not None and issued.subject == "demo|alice"
    assert request.signature_checked and request.model_id == MODEL
    # The exchange was one unsigned call, named for the person ('|' is not allowed).
    [call] = sts.calls
    assert (call.outcome, call.signed, call.session_name) == ("issued", False, "demo-alice")


async def test_the_agent_calls_a_gateway_tool_through_bedrock(
    stack: DemoStack, session: AuthSession, sts: DemoSts, bedrock: BedrockDouble
):
    bedrock.script(
        [Text("Looking it up. "), ToolCall("people___getProfile", {"name": "neruneruo"})],
        [Text("neruneruo is 30 and works in development.")],
    )
    chat = ChatSession(bedrock_profile(stack), session)
    try:
        events = await collect(chat.ask("How old is neruneruo?"))
    finally:
        await chat.aclose()
    started = next(e for e in events if isinstance(e, ToolStarted))
    finished = next(e for e in events if isinstance(e, ToolFinished))
    assert started.tool == "people___getProfile" and not finished.is_error
    done = events[-1]
    assert isinstance(done, Done) and "30" in done.text
    first, second = bedrock.requests
    assert first.access_key_id == second.access_key_id and second.signature_checked
    result = second.body["messages"][-1]["content"][0]["toolResult"]
    assert "development" in str(result["content"])


async def test_credentials_renew_before_expiry_with_a_fresh_id_token(
    session: AuthSession, sts: DemoSts, bedrock: BedrockDouble, clock: FakeClock
):
    bedrock.script([Text("one")], [Text("two")], [Text("three")])
    sign_in = CountingRefreshes(session)
    identity = WebIdentityCredentials(DEMO_ROLE_ARN, sign_in, region=REGION, clock=clock)
    first = await identity.start()
    from strands.models.bedrock import BedrockModel

    model = BedrockModel(boto_session=identity.boto_session(), model_id=MODEL)
    assert await answer_of(model, "1") == "one"

    clock.advance(3600 - 700)  # 700 s left: more than the renewal margin
    assert await answer_of(model, "2") == "two"
    assert (identity.exchanges, sign_in.refreshes) == (1, 0)

    clock.advance(200)  # 500 s left: renewed before the next request is signed
    assert await answer_of(model, "3") == "three"
    # One renewal, with an ID token from the refresh grant.
    assert (identity.exchanges, sign_in.refreshes) == (2, 1)
    second = identity.current
    assert second is not None and second.access_key_id != first.access_key_id
    assert bedrock.key_ids() == [first.access_key_id, first.access_key_id, second.access_key_id]
    assert sts.issued(first.access_key_id) is not None  # still valid, simply not used again


async def test_sign_out_forgets_the_credentials(
    stack: DemoStack, session: AuthSession, sts: DemoSts, bedrock: BedrockDouble
):
    bedrock.script([Text("before")], [Text("after")])
    choice = models.choose(bedrock_profile(stack))
    model = await models.build_model(choice, sign_in=session)
    assert await answer_of(model, "1") == "before"

    await session.sign_out()
    with pytest.raises(Exception) as failure:
        await answer_of(model, "2")
    error = models.model_error(failure.value, choice)
    assert isinstance(error, ModelCredentialsMissing) and "sign in" in error.message
    assert len(bedrock.requests) == 1  # nothing was sent with the old credentials
    assert sts.issued_count() == 1  # and none were asked for


@pytest.mark.parametrize(
    ("sts_change", "expected"),
    [
        ({"subject_pattern": "demo|bob"}, "may not assume"),
        ({"audience": "another-client"}, "Incorrect token audience"),
        ({"issuer": "https://elsewhere.example/"}, "IAM OIDC identity provider"),
    ],
)
async def test_sts_refusals_say_what_to_fix(
    stack: DemoStack,
    session: AuthSession,
    sts: DemoSts,
    bedrock: BedrockDouble,
    sts_change: dict[str, str],
    expected: str,
):
    for name, value in sts_change.items():
        setattr(sts, name, value)
    with pytest.raises(WebIdentityRefused) as refused:
        await models.build_model(models.choose(bedrock_profile(stack)), sign_in=session)
    assert expected in refused.value.message
    assert DEMO_ROLE_ARN in refused.value.message
    assert bedrock.requests == []


async def test_the_access_token_is_not_an_id_token_for_sts(
    stack: DemoStack, session: AuthSession, sts: DemoSts, bedrock: BedrockDouble
):
    """The exchange uses the ID token (aud = client id), which is what IAM registers."""
    assert sts.audience == DEMO_CLIENT_ID
    access = await session.access_token()
    identity = WebIdentityCredentials(DEMO_ROLE_ARN, session, region=REGION)
    with pytest.raises(WebIdentityRefused, match="Incorrect token audience"):
        await identity._assume_in_thread(access)


async def test_an_id_token_sts_finds_expired_is_renewed_once_then_the_clock_is_blamed(
    session: AuthSession, sts: DemoSts, bedrock: BedrockDouble
):
    skewed = iter([time.time() + 7200])  # STS's clock is ahead for the first exchange only
    sts.token_clock = lambda: next(skewed, time.time())
    sign_in = CountingRefreshes(session)
    identity = WebIdentityCredentials(DEMO_ROLE_ARN, sign_in, region=REGION)
    await identity.start()
    assert sign_in.refreshes == 1 and [c.outcome for c in sts.calls] == [
        "ExpiredTokenException",
        "issued",
    ]

    identity.forget()
    sts.token_clock = lambda: time.time() + 7200  # now always ahead: a wrong clock somewhere
    with pytest.raises(WebIdentityRefused, match="clock"):
        await identity.start()
    assert sign_in.refreshes == 2
