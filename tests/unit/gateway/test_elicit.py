"""Answering elicitation/create: forms through the front end, links through the person."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import SimpleNamespace

from gui.gateway.calls import CallScope, ConsentAsked, ConsentSettled, current_call
from gui.gateway.consent import ConsentWaits
from gui.gateway.elicit import Elicitor
from gui.gateway.forms import ACCEPT, FormAnswer, FormRequest

SCHEMA = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}


@contextlib.asynccontextmanager
async def no_pause() -> AsyncIterator[None]:
    yield


def elicitor() -> tuple[Elicitor, ConsentWaits]:
    waits = ConsentWaits()
    return Elicitor(server="gw.example.com", consents=waits, pause=no_pause), waits


def link(eid: str | None = "e1") -> SimpleNamespace:
    return SimpleNamespace(
        mode="url", url="https://id.example.com/c", message="Connect", elicitation_id=eid
    )


def form() -> SimpleNamespace:
    return SimpleNamespace(mode="form", message="How many?", requested_schema=SCHEMA)


async def test_a_link_without_a_call_or_front_end_is_cancelled():
    answer, _ = elicitor()
    assert (await answer(None, link())).action == "cancel"
    token = current_call.set(CallScope("t", "T", "gw"))
    try:
        assert (await answer(None, link())).action == "cancel"
    finally:
        current_call.reset(token)


async def test_a_link_is_announced_on_its_call_and_settled_by_the_server():
    answer, waits = elicitor()
    events: list[object] = []
    token = current_call.set(CallScope("t", "T", "gw", events.append))
    try:
        pending = asyncio.ensure_future(answer(None, link(None)))
        await asyncio.sleep(0)
        [asked] = events
        assert isinstance(asked, ConsentAsked) and asked.elicitation_id.startswith("url-")
        assert (asked.host, asked.message) == ("id.example.com", "Connect")
        waits.complete(asked.elicitation_id, "server")
        assert (await pending).action == "accept"
        assert events[-1] == ConsentSettled(asked.elicitation_id, "accept", "server")
    finally:
        current_call.reset(token)


async def test_a_call_that_ends_first_dismisses_its_link_and_form():
    answer, _ = elicitor()
    events: list[object] = []
    scope = CallScope("t", "T", "gw", events.append)
    started = asyncio.Event()

    async def slow_form(request: FormRequest) -> FormAnswer:
        started.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    answer.form_handler = slow_form
    token = current_call.set(scope)
    try:
        pending_link = asyncio.ensure_future(answer(None, link()))
        pending_form = asyncio.ensure_future(answer(None, form()))
        await started.wait()
        scope.close()
        assert (await pending_link).action == "cancel"
        assert (await pending_form).action == "cancel"
        assert events[-1] == ConsentSettled("e1", "cancel", "nobody")
    finally:
        current_call.reset(token)


async def test_a_form_names_who_asks_and_sends_typed_content_only():
    answer, _ = elicitor()
    seen: list[FormRequest] = []
    replies = iter([{"n": "7"}, {"n": "seven"}])

    async def handler(request: FormRequest) -> FormAnswer:
        seen.append(request)
        return FormAnswer(ACCEPT, next(replies))

    answer.form_handler = handler
    token = current_call.set(CallScope("tickets___create", "tickets · create", "gw"))
    try:
        good = await answer(None, form())
        bad = await answer(None, form())
    finally:
        current_call.reset(token)
    assert (good.action, good.content) == ("accept", {"n": 7})
    assert (bad.action, bad.content) == ("cancel", None)  # never sent invalid
    assert (seen[0].server, seen[0].tool) == ("gw.example.com", "tickets · create")


async def test_without_a_handler_a_form_is_cancelled():
    answer, _ = elicitor()
    assert (await answer(None, form())).action == "cancel"
