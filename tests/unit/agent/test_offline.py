"""The offline router as a strands Model: the stream events it sends for each turn."""

from __future__ import annotations

import json
from typing import Any

from gui.agent import models
from gui.agent.offline import OfflineRouterModel
from gui.config import Profile

SPECS: list[Any] = [
    {
        "name": "people___getProfile",
        "description": "Look up one employee's profile: age, department and job title.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "User name, e.g. 'alice'."}
                },
                "required": ["name"],
            }
        },
    }
]


async def events_for(messages: list[Any]) -> list[dict[str, Any]]:
    return [event async for event in OfflineRouterModel().stream(messages, SPECS)]


def text_of(events: list[dict[str, Any]]) -> str:
    return "".join(
        e["contentBlockDelta"]["delta"].get("text", "") for e in events if "contentBlockDelta" in e
    )


async def test_a_question_becomes_one_tool_use():
    events = await events_for([{"role": "user", "content": [{"text": "How old is neruneruo?"}]}])
    start = next(e for e in events if "contentBlockStart" in e)["contentBlockStart"]["start"]
    assert start["toolUse"]["name"] == "people___getProfile"
    delta = next(e for e in events if "contentBlockDelta" in e)["contentBlockDelta"]["delta"]
    assert json.loads(delta["toolUse"]["input"]) == {"name": "neruneruo"}
    assert {"messageStop": {"stopReason": "tool_use"}} in events


async def test_a_tool_result_becomes_the_rendered_answer():
    use = {"toolUseId": "t1", "name": "people___getProfile", "input": {"name": "neruneruo"}}
    result = {"toolUseId": "t1", "status": "success", "content": [{"text": '{"age": 30}'}]}
    events = await events_for(
        [
            {"role": "user", "content": [{"text": "How old is neruneruo?"}]},
            {"role": "assistant", "content": [{"toolUse": use}]},
            {"role": "user", "content": [{"toolResult": result}]},
        ]
    )
    answer = text_of(events)
    assert "**people · getProfile** (name: neruneruo) answered" in answer
    assert "- **age**: 30" in answer and "no language model was used" in answer
    assert {"messageStop": {"stopReason": "end_turn"}} in events
    assert sum("contentBlockDelta" in e for e in events) > 1  # streamed in pieces


async def test_no_match_lists_the_tools_and_a_missing_argument_is_asked_for():
    nothing = text_of(await events_for([{"role": "user", "content": [{"text": "weather?"}]}]))
    assert "could not match" in nothing and "people · getProfile" in nothing
    missing = text_of(await events_for([{"role": "user", "content": [{"text": "profile"}]}]))
    assert "I need **name**" in missing


async def test_the_offline_choice_builds_a_router_that_says_it_is_not_a_language_model():
    # What the window shows comes from the choice; what answers is the built model: they
    # must agree, and both must say plainly that no language model is involved.
    choice = models.choose(Profile(model="offline"))
    built = await models.build_model(choice, environ={})
    assert isinstance(built, OfflineRouterModel)
    assert (choice.label, choice.is_language_model) == (built.label, built.is_language_model)
    assert built.is_language_model is False
    assert "not a language model" in built.label
    answer = text_of(await events_for([{"role": "user", "content": [{"text": "weather?"}]}]))
    assert "could not match" in answer
