"""gui.errors: the one walk over what an exception wraps; a library's noise about a gone stream."""

from __future__ import annotations

import itertools
import logging
import sys

import anyio
import pytest
from starlette.requests import ClientDisconnect

from gui.errors import MAX_CAUSES, OtherEndGoneFilter, causes, other_end_gone


def test_causes_unwrap_nested_groups():
    inner = ValueError("x")
    group = BaseExceptionGroup("outer", [ExceptionGroup("inner", [inner]), KeyError("k")])
    leaves = [e for e in causes(group) if not isinstance(e, BaseExceptionGroup)]
    assert [type(e) for e in leaves] == [ValueError, KeyError]
    assert list(causes(inner)) == [inner]


def test_causes_follow_cause_then_context_then_reason_and_args():
    reason = OSError("refused")
    wrapped = ConnectionError("wrapped")
    wrapped.reason = reason  # type: ignore[attr-defined]  # urllib3 style
    context = KeyError("while handling")
    cause = ValueError("cause")
    outer = RuntimeError("outer", wrapped)
    outer.__cause__ = cause
    outer.__context__ = context
    assert list(causes(outer)) == [outer, cause, context, wrapped, reason]


def test_causes_visit_each_exception_once_and_stop_on_long_chains():
    a, b = ValueError("a"), ValueError("b")
    a.__cause__, b.__cause__ = b, a  # a loop
    assert list(causes(a)) == [a, b]
    chain = [ValueError(str(i)) for i in range(MAX_CAUSES * 2)]
    for outer, inner in itertools.pairwise(chain):
        outer.__cause__ = inner
    assert len(list(causes(chain[0]))) == MAX_CAUSES


def test_causes_see_through_raise_from_none():
    try:
        try:
            raise KeyError("original")
        except KeyError:
            raise ValueError("mapped") from None
    except ValueError as exc:
        assert [type(e) for e in causes(exc)] == [ValueError, KeyError]


# --- a library's noise when the other end of a stream had gone ---------------------------


def _record(logger: logging.Logger, message: str, error: BaseException) -> logging.LogRecord:
    try:
        raise error
    except BaseException:
        return logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, message, (), sys.exc_info()
        )


@pytest.mark.parametrize(
    "error", [anyio.ClosedResourceError(), anyio.BrokenResourceError(), ClientDisconnect()]
)
def test_an_error_that_only_says_the_other_end_had_gone_is_demoted(error: BaseException) -> None:
    logger = logging.getLogger("mcp.server.streamable_http")
    gone = _record(logger, "Error handling POST request", error)
    assert other_end_gone(error)
    assert OtherEndGoneFilter().filter(gone) is logger.isEnabledFor(logging.DEBUG)
    assert gone.levelno == logging.DEBUG and gone.exc_info is None  # no traceback either
    assert gone.getMessage().startswith("Error handling POST request (the other end had gone")


def test_any_other_error_record_is_left_alone() -> None:
    logger = logging.getLogger("mcp.client.streamable_http")
    other = _record(logger, "Real trouble", ValueError("x"))
    assert not other_end_gone(other.exc_info[1] if other.exc_info else None)
    assert OtherEndGoneFilter().filter(other) is True
    assert other.levelno == logging.ERROR and other.exc_info is not None
