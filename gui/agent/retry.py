"""The one retry policy for a busy model: bounded in total time, and shown while it waits.

::

    provider: 429 / overloaded ─► strands raises (ModelThrottledException, …)
        └─► AfterModelCallEvent(exception) ─► BusyRetry
               ├─ busy, and time left: ModelBusy(retry_in_seconds, attempt) goes to the
               │     question (invocation_state[ON_BUSY]), then a sleep, then event.retry
               └─ otherwise: nothing; strands raises and the question fails with the
                     mapped error (gui.agent.models.model_error)

Invariants:

- These are the only retries. The providers' clients are built with their own retries
  off (:data:`SDK_RETRIES`, :func:`bedrock_client_config`) and strands' ModelRetryStrategy
  is given one attempt (``Agent(retry_strategy=None)``), so layers do not multiply.
- From a model call's first "busy" answer, waiting and retrying end within
  ``budget`` seconds (``Profile.model_retry_seconds``): a delay is cut to the time left
  and no retry starts after the deadline. A call that succeeds starts a fresh budget.
- The wait is an ``asyncio.sleep`` in the question's task: Stop cancels the task and so
  the wait, at once.
- The provider's ``Retry-After`` is honoured when it fits in the budget.

No strands import at module level (the hook subscribes by importing it in
``register_hooks``, called when the agent is built); imports only :mod:`gui.errors`
and :mod:`gui.agent.events`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gui.agent.events import ModelBusy
from gui.errors import causes

log = logging.getLogger(__name__)

#: Key in strands' invocation_state holding the callback a ModelBusy is reported to.
ON_BUSY = "agentcore_chat_on_busy"
#: Keyword arguments that turn the anthropic and openai clients' own retries off.
SDK_RETRIES: dict[str, Any] = {"max_retries": 0}
FIRST_DELAY = 2.0
MAX_DELAY = 20.0
MIN_DELAY = 0.25  # less time left than this: give up rather than retry at once
MAX_RETRY_AFTER = 3600.0  # a provider's hint beyond this is nonsense

# Provider errors that mean "busy, try later" (class names, so no library is imported).
_BUSY_CLASSES = frozenset(
    {
        "ModelThrottledException",  # strands: 429 on every provider, Bedrock ThrottlingException
        "RateLimitError",
        "OverloadedError",  # Anthropic 529
        "ServiceUnavailableError",  # Anthropic 503
        "ThrottlingException",
        "ServiceUnavailableException",  # Bedrock 503
        "ModelNotReadyException",  # Bedrock: the model is being loaded
        "TooManyRequestsException",
    }
)
_BUSY_CODES = frozenset({"ThrottlingException", "ServiceUnavailableException"})
_BUSY_STATUS = frozenset({429, 503, 529})
# Anthropic reports overload mid-stream as an SSE "error" event (the HTTP status was 200).
_BUSY_BODY_TYPES = frozenset({"overloaded_error", "rate_limit_error"})


def bedrock_client_config() -> Any:
    """botocore's Config for bedrock-runtime: one attempt (this module retries)."""
    from botocore.config import Config

    return Config(retries={"total_max_attempts": 1, "mode": "standard"})  # no retry


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps) says the provider is busy rather than broken."""
    for cause in causes(exc):
        if type(cause).__name__ in _BUSY_CLASSES:
            return True
        if getattr(cause, "status_code", None) in _BUSY_STATUS:
            return True
        response = getattr(cause, "response", None)
        if isinstance(response, dict):
            code = response.get("Error", {}).get("Code", "")
            if code in _BUSY_CODES:
                return True
        body = getattr(cause, "body", None)
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and error.get("type") in _BUSY_BODY_TYPES:
            return True
    return False


def retry_after(exc: BaseException) -> float | None:
    """The provider's ``Retry-After`` (or ``retry-after-ms``) in seconds, if it gave one."""
    for cause in causes(exc):
        headers = getattr(getattr(cause, "response", None), "headers", None)
        if headers is None or not hasattr(headers, "get"):
            continue
        for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
            raw = headers.get(name)
            try:
                seconds = float(raw) * scale if raw is not None else None
            except (TypeError, ValueError):
                seconds = None  # an HTTP date: rare for these APIs, use our own delay
            if seconds is not None and 0 <= seconds <= MAX_RETRY_AFTER:
                return seconds
    return None


@dataclass(frozen=True)
class RetryPolicy:
    """When to try a busy model again: doubling delays, all within ``budget`` seconds."""

    budget: float
    first_delay: float = FIRST_DELAY
    max_delay: float = MAX_DELAY

    def delay(self, attempt: int, left: float, hint: float | None = None) -> float | None:
        """Seconds to wait before retry ``attempt`` (1 for the first); None: give up.

        ``left`` is what remains of the budget; ``hint`` the provider's Retry-After.
        """
        if left < MIN_DELAY:
            return None
        if hint is None:
            hint = min(self.first_delay * 2 ** (attempt - 1), self.max_delay)
        return max(0.0, min(hint, left))


class BusyRetry:
    """A strands hook: retries a model call the provider refused as busy, per the policy.

    Counts attempts and the deadline per model call; a call that ends without an
    exception (or with another error) resets them.
    """

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = asyncio.sleep,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._sleep = sleep
        self._attempt = 0
        self._deadline: float | None = None

    def register_hooks(self, registry: Any, **kwargs: Any) -> None:
        """Subscribe to the end of every model call."""
        from strands.hooks import AfterInvocationEvent, AfterModelCallEvent

        registry.add_callback(AfterModelCallEvent, self._after_model_call)
        registry.add_callback(AfterInvocationEvent, lambda event: self._reset())

    def _reset(self) -> None:
        self._attempt = 0
        self._deadline = None

    async def _after_model_call(self, event: Any) -> None:
        exc = event.exception
        if event.retry:
            return  # another hook asked for a retry already
        if exc is None or not is_busy(exc):
            self._reset()
            return
        now = self._clock()
        if self._deadline is None:
            self._deadline = now + self.policy.budget
        self._attempt += 1
        wait = self.policy.delay(self._attempt, self._deadline - now, retry_after(exc))
        if wait is None:
            log.debug("Model still busy after %d attempts; giving up", self._attempt)
            self._reset()
            return
        log.debug("Model busy (%s); retry %d in %.1f s", type(exc).__name__, self._attempt, wait)
        report: Callable[[ModelBusy], None] | None = event.invocation_state.get(ON_BUSY)
        if report is not None:
            report(ModelBusy(retry_in_seconds=wait, attempt=self._attempt))
        await self._sleep(wait)
        event.retry = True
