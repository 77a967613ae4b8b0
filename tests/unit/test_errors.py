"""gui.errors.causes: the one walk over what an exception wraps."""

from __future__ import annotations

import itertools

from gui.errors import MAX_CAUSES, causes


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
