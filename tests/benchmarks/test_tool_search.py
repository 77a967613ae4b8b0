"""Tool-spec bytes the model is sent on a 300-tool gateway, with and without tool search.

Over the wire: strands' OpenAI and Anthropic models (the real SDKs) against the loopback
doubles, which record each request's body. The same question either way: "Is invoice
INV-2024-0042 paid?" — with search, the model first calls ``find_tools``, then the
invoice tool it found; without, it calls the tool at once. Printed per provider: the
tools part of the first request, of the whole question, and the whole request bodies.
Goal (issue #18): the first request's tool specs at most a tenth of what they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gui.agent.find_tools import NAME
from gui.agent.session import ChatSession
from gui.config import validate
from tests.support.anthropic_double import anthropic_double
from tests.support.chat import Say, StaticTokens, Use, collect
from tests.support.gateway_double import gateway_double
from tests.support.model_double import ModelDouble, isolate_provider_env
from tests.support.openai_double import openai_double

pytestmark = pytest.mark.benchmark

INVOICE = "billing___getInvoiceByNumber"
QUESTION = "Is invoice INV-2024-0042 paid?"
WITH_SEARCH = [
    [Use(NAME, {"query": "get an invoice by its number"})],
    [Use(INVOICE, {"invoiceId": "INV-2024-0042"})],
    [Say("INV-2024-0042 is paid.")],
]
WITHOUT = [[Use(INVOICE, {"invoiceId": "INV-2024-0042"})], [Say("INV-2024-0042 is paid.")]]
TARGET = 0.1


def tool_bytes(double: ModelDouble) -> list[int]:
    """Bytes of the ``tools`` array in each model request, as compact JSON."""
    return [
        len(json.dumps(r.body.get("tools", []), separators=(",", ":")).encode())
        for r in double.model_requests
    ]


async def run(provider: str, threshold: str, script: list) -> tuple[list[int], list[int], int]:
    serve = openai_double if provider == "openai" else anthropic_double
    gateway = gateway_double()
    with serve(turns=script) as double:
        model = "double-model" if provider == "openai" else "claude-double"
        profile = validate(
            {
                "gateway_url": "https://gateway.example.com/mcp",
                "model": f"{provider}:{model}",
                f"{provider}_base_url": double.url,
                "tool_search_threshold": threshold,
            }
        )
        session = ChatSession(profile, StaticTokens("t"), gateway=gateway)
        try:
            events = await collect(session.ask(QUESTION))
        finally:
            await session.aclose()
    assert events[-1].text == "INV-2024-0042 is paid.", events
    assert (INVOICE, {"invoiceId": "INV-2024-0042"}) in gateway.calls
    sizes = [r.raw_size for r in double.model_requests]
    offered = len(double.model_requests[0].body.get("tools", []))
    return tool_bytes(double), sizes, offered


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
async def test_tool_search_cuts_the_tool_specs_sent(
    provider: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    isolate_provider_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key-for-the-double")
    all_tools, all_sizes, all_offered = await run(provider, "0", WITHOUT)
    searched, search_sizes, search_offered = await run(provider, "40", WITH_SEARCH)
    ratio = searched[0] / all_tools[0]
    print(
        f"\n{provider}, 300 tools: first request offers {all_offered} tools in "
        f"{all_tools[0]:,} B of specs without search, {search_offered} in {searched[0]:,} B "
        f"with it ({ratio:.1%}).\n"
        f"  per question: tool specs {sum(all_tools):,} B in {len(all_tools)} requests "
        f"without, {sum(searched):,} B in {len(searched)} with search "
        f"({sum(searched) / sum(all_tools):.1%}); request bodies {sum(all_sizes):,} B vs "
        f"{sum(search_sizes):,} B ({sum(search_sizes) / sum(all_sizes):.1%})"
    )
    assert all_offered == 300 and search_offered == 1
    assert ratio <= TARGET
