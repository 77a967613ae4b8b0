"""Consent waiters: futures woken by the person or the server, never missed, never polled."""

from __future__ import annotations

import asyncio

import pytest

from gui.gateway.consent import CANCELLED, DECLINED, PERSON, SERVER, ConsentWaits, action_of


async def test_the_person_or_the_server_wakes_the_waiter() -> None:
    waits = ConsentWaits()
    first, second = waits.wait("a"), waits.wait("b")
    assert waits.pending() == ["a", "b"] and not first.done()
    assert waits.complete("a") is True
    assert waits.complete("b", SERVER) is True
    assert (await first, await second) == (PERSON, SERVER)
    assert waits.pending() == []


async def test_a_completion_before_anyone_waits_is_not_missed() -> None:
    waits = ConsentWaits()
    assert waits.complete("early", SERVER) is False
    assert await waits.wait("early") == SERVER
    assert not waits.wait("early").done()  # remembered once, not forever


async def test_a_cancelled_waiter_is_forgotten() -> None:
    waits = ConsentWaits()
    waiter = waits.wait("a")
    waiter.cancel()
    await asyncio.sleep(0)  # done callbacks run on the next loop pass
    assert waits.pending() == []
    assert waits.complete("a") is False


async def test_a_url_request_may_be_declined_or_cancelled() -> None:
    waits = ConsentWaits()
    declined, cancelled, connected = waits.wait("d"), waits.wait("c"), waits.wait("a")
    assert (
        waits.answer("d", "decline") and waits.answer("c", "cancel") and waits.answer("a", "accept")
    )
    outcomes = [await declined, await cancelled, await connected]
    assert outcomes == [DECLINED, CANCELLED, PERSON]
    assert [action_of(o) for o in [*outcomes, SERVER, "nobody"]] == [
        "decline",
        "cancel",
        "accept",
        "accept",
        "cancel",
    ]
    with pytest.raises(ValueError):
        waits.answer("x", "maybe")
