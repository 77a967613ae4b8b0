"""The one retry policy: delays, what counts as busy, Retry-After, the total bound."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from strands.types.exceptions import ModelThrottledException

from gui.agent.events import ModelBusy
from gui.agent.retry import (
    MIN_DELAY,
    ON_BUSY,
    BusyRetry,
    RetryPolicy,
    bedrock_client_config,
    is_busy,
    retry_after,
)
from tests.support.clock import FakeClock


class RateLimitError(Exception):
    """Named like the SDKs' own (matched by name)."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        super().__init__("429")
        self.status_code = 429
        self.response = SimpleNamespace(headers=headers or {})


class ClientError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.response = {"Error": {"Code": code, "Message": "…"}}


class OverloadedError(Exception):
    pass


def wrapped(inner: BaseException) -> ModelThrottledException:
    try:
        raise inner
    except BaseException as exc:
        try:
            raise ModelThrottledException(str(exc)) from exc
        except ModelThrottledException as outer:
            return outer


@pytest.mark.parametrize(
    ("attempt", "left", "hint", "expected"),
    [
        (1, 60.0, None, 2.0),
        (2, 60.0, None, 4.0),
        (3, 60.0, None, 8.0),
        (5, 60.0, None, 20.0),  # capped at max_delay
        (9, 60.0, None, 20.0),
        (3, 5.0, None, 5.0),  # cut to what is left
        (1, 60.0, 7.5, 7.5),  # the provider's Retry-After
        (1, 60.0, 90.0, 60.0),  # … but never past the budget
        (1, 60.0, 0.0, 0.0),
        (1, MIN_DELAY / 2, None, None),  # too little left: give up
        (1, 0.0, 1.0, None),
    ],
)
def test_delays_double_up_to_a_cap_and_stay_within_the_budget(
    attempt: int, left: float, hint: float | None, expected: float | None
):
    assert RetryPolicy(budget=60).delay(attempt, left, hint) == expected


@pytest.mark.parametrize(
    "exc",
    [
        ModelThrottledException("slow down"),
        wrapped(RateLimitError()),
        OverloadedError("529"),
        ClientError("ThrottlingException"),
        ClientError("ServiceUnavailableException"),
        type("APIStatusError", (Exception,), {"status_code": 529})(),
        # Anthropic's overload reported mid-stream: HTTP 200, the error in the event's body
        type(
            "APIStatusError",
            (Exception,),
            {"status_code": 200, "body": {"type": "error", "error": {"type": "overloaded_error"}}},
        )(),
    ],
)
def test_busy_answers_are_recognised(exc: BaseException):
    assert is_busy(exc)


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("bad"),
        ClientError("AccessDeniedException"),
        ClientError("ValidationException"),
        type("AuthenticationError", (Exception,), {"status_code": 401})(),
    ],
)
def test_other_errors_are_not_retried(exc: BaseException):
    assert not is_busy(exc)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),
        ({"retry-after": "-1"}, None),
        ({"retry-after": "99999"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_from_the_wrapped_response(
    headers: dict[str, str], expected: float | None
):
    assert retry_after(wrapped(RateLimitError(headers))) == expected


def test_botocore_makes_one_attempt():
    assert bedrock_client_config().retries == {"total_max_attempts": 1, "mode": "standard"}


class Waits:
    """A sleep that moves the fake clock instead of waiting."""

    def __init__(self, clock: FakeClock, request_time: float = 0.0) -> None:
        self.clock = clock
        self.request_time = request_time
        self.slept: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds + self.request_time)  # the next request takes time too


def model_call(exc: BaseException | None, state: dict[str, Any]) -> SimpleNamespace:
    """What strands hands an AfterModelCallEvent callback."""
    return SimpleNamespace(exception=exc, retry=False, invocation_state=state)


@pytest.mark.parametrize(("budget", "request_time"), [(60.0, 0.0), (60.0, 1.5), (3.0, 0.2)])
async def test_a_model_that_stays_busy_is_given_up_within_the_budget(
    budget: float, request_time: float
):
    clock = FakeClock()
    waits = Waits(clock, request_time)
    hook = BusyRetry(RetryPolicy(budget), clock=clock, sleep=waits)
    shown: list[ModelBusy] = []
    began = clock()
    while True:
        event = model_call(ModelThrottledException("busy"), {ON_BUSY: shown.append})
        await hook._after_model_call(event)
        if not event.retry:
            break
    assert clock() - began <= budget + request_time
    assert clock() - began >= budget - MIN_DELAY - request_time
    assert [busy.attempt for busy in shown] == list(range(1, len(shown) + 1))
    assert [busy.retry_in_seconds for busy in shown] == waits.slept


async def test_a_success_starts_a_fresh_budget():
    clock = FakeClock()
    hook = BusyRetry(RetryPolicy(10.0), clock=clock, sleep=Waits(clock))
    for _ in range(3):
        await hook._after_model_call(model_call(ModelThrottledException("busy"), {}))
    await hook._after_model_call(model_call(None, {}))
    shown: list[ModelBusy] = []
    event = model_call(ModelThrottledException("busy"), {ON_BUSY: shown.append})
    await hook._after_model_call(event)
    assert event.retry and shown == [ModelBusy(2.0, 1)]


async def test_other_failures_and_earlier_retries_are_left_alone():
    clock = FakeClock()
    waits = Waits(clock)
    hook = BusyRetry(RetryPolicy(10.0), clock=clock, sleep=waits)
    failed = model_call(ValueError("broken"), {})
    await hook._after_model_call(failed)
    already = model_call(ModelThrottledException("busy"), {})
    already.retry = True
    await hook._after_model_call(already)
    assert not failed.retry and waits.slept == []
