"""The demo gateway's showcase target through our GatewayClient, in both protocol eras:
progress, a URL-mode request, a rich form, every kind of result, a task, a target that
appears later, and sessions that expire (gui/demo/gateway/showcase.py, app.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from gui.auth.session import AuthSession
from gui.demo.stack import DemoStack
from gui.gateway.calls import ConsentAsked, ConsentSettled, Progress, TaskUpdate
from gui.gateway.client import GatewayClient
from gui.gateway.connection import AUTO, LEGACY, MODERN
from gui.gateway.content import AudioPart, ImagePart, LinkPart, ResourcePart, TextPart
from gui.gateway.forms import ACCEPT, FormAnswer, FormRequest
from tests.support.consent import visit_consent_page
from tests.support.raw_mcp import mcp_session
from tests.support.waiting import until_listening, wait_until

ERAS = [pytest.param(AUTO, id="2026-07-28"), pytest.param(LEGACY, id="2025-11-25")]


@pytest.fixture(params=ERAS)
async def client(
    request: pytest.FixtureRequest, stack: DemoStack, session: AuthSession
) -> AsyncIterator[GatewayClient]:
    """Alice's gateway client, offering 2026-07-28 first (AUTO) or the handshake only."""
    assert stack.gateway is not None
    stack.gateway.showcase.progress_seconds = 0.3  # the demo's few seconds, shortened
    stack.gateway.showcase.task_seconds = 0.4
    gateway = GatewayClient(stack.profile.gateway_url, session, protocol=request.param)
    yield gateway
    await gateway.aclose()


async def test_progress_arrives_during_the_call(client: GatewayClient):
    events: list = []
    result = await client.call_tool(
        "reports___buildReport", {"quarter": "Q2"}, on_event=events.append
    )
    steps = [e for e in events if isinstance(e, Progress)]
    assert [(p.progress, p.total) for p in steps] == [(n, 6) for n in range(1, 7)]
    assert steps[0].message == "Reading the sales figures" and steps[-1].fraction == 1.0
    assert "Sales report, Q2" in result.text


async def test_the_lunch_form_has_a_multi_select_titled_choices_and_typed_defaults(
    client: GatewayClient, stack: DemoStack
):
    asked: list[FormRequest] = []

    async def answer(request: FormRequest) -> FormAnswer:
        asked.append(request)
        # Typed as people type: titles for choices, text for numbers; sent as the schema says.
        content = {"dishes": "Grilled salmon, pasta", "room": "Board room (12 seats)"}
        content |= {"people": "6", "date": "2026-03-02", "contact": "alice@example.com"}
        return FormAnswer(ACCEPT, content)

    client.form_handler = answer
    result = await client.call_tool("orders___orderLunch", {"meeting": "Sales weekly"})
    assert not result.is_error, result.text
    [form] = asked
    assert form.tool == "orders · Order lunch for a meeting" and form.server == client.host
    fields = {f.name: f for f in form.fields}
    assert fields["dishes"].kind == "multi" and fields["dishes"].default == ("veg-curry",)
    assert fields["dishes"].label_of("salmon") == "Grilled salmon"
    assert (fields["dishes"].min_items, fields["dishes"].max_items) == (1, 3)
    assert fields["room"].kind == "enum" and fields["room"].label_of("r-202").startswith("Board")
    assert fields["diet"].label_of("vegan") == "Vegan"  # legacy enumNames
    assert (fields["people"].minimum, fields["people"].maximum, fields["people"].default) == (
        1,
        20,
        4,
    )
    assert fields["date"].format == "date" and fields["contact"].format == "email"
    assert stack.gateway is not None
    [order] = stack.gateway.showcase.orders
    assert order["dishes"] == ["salmon", "pasta"] and order["people"] == 6
    assert order["room"] == "r-202"


async def test_a_url_request_waits_for_the_person_and_the_drive_is_read_after_consent(
    client: GatewayClient,
):
    events: list = []

    def on_event(event: object) -> None:
        events.append(event)
        if isinstance(event, ConsentAsked):
            # The person allows it in the browser, then says so (on 2025-11-25 the server
            # says so first: notifications/elicitation/complete).
            asyncio.get_running_loop().run_in_executor(None, visit_consent_page, event.url)

    async def connected_when_granted() -> None:
        await wait_until(lambda: any(isinstance(e, ConsentAsked) for e in events), 10, "link")
        asked = next(e for e in events if isinstance(e, ConsentAsked))
        await asyncio.sleep(0.5)  # the page's Allow has been pressed by now
        client.consents.complete(asked.elicitation_id)  # "I've connected" (no-op if settled)

    helper = asyncio.ensure_future(connected_when_granted())
    result = await client.call_tool("drive___listFiles", {}, on_event=on_event)
    await helper
    assert not result.is_error, result.text
    assert "Q3-plan.docx" in result.text
    [asked] = [e for e in events if isinstance(e, ConsentAsked)]
    assert asked.host == "127.0.0.1" and "Example Drive" in asked.message
    [settled] = [e for e in events if isinstance(e, ConsentSettled)]
    assert settled.action == "accept"
    again: list = []
    await client.call_tool("drive___listFiles", {}, on_event=again.append)
    assert not any(isinstance(e, ConsentAsked) for e in again)  # connected now


async def test_declining_the_url_request_reads_nothing(client: GatewayClient):
    def on_event(event: object) -> None:
        if isinstance(event, ConsentAsked):
            client.consents.answer(event.elicitation_id, "decline")

    result = await client.call_tool("drive___listFiles", {}, on_event=on_event)
    assert not result.is_error and "declined" in result.text


async def test_the_brand_kit_has_every_kind_of_part(client: GatewayClient):
    result = await client.call_tool("brand___getBrandKit")
    kinds = [type(part) for part in result.parts]
    assert kinds == [
        TextPart,
        ImagePart,
        AudioPart,
        LinkPart,
        LinkPart,
        ResourcePart,
        ResourcePart,
        TextPart,
    ]
    image = next(p for p in result.parts if isinstance(p, ImagePart))
    assert (image.width, image.height, image.mime) == (96, 32, "image/png") and image.data
    links = [p for p in result.parts if isinstance(p, LinkPart)]
    assert [link.openable for link in links] == [True, False]
    assert links[0].name == "Brand guidelines" and "logo" in links[0].description
    blob = next(p for p in result.parts if isinstance(p, ResourcePart) and p.blob)
    assert blob.name == "brand-kit.zip" and blob.blob.startswith(b"PK")
    assert "#2563EB" not in result.text and "#2563EB" in result.for_model  # assistant only
    assert '"lambdaMs": 42' in result.detail  # the gateway's _meta.debug


async def test_the_export_runs_as_a_task_with_its_status(client: GatewayClient):
    events: list = []
    result = await client.call_tool("exports___exportArchive", on_event=events.append)
    updates = [e for e in events if isinstance(e, TaskUpdate)]
    assert updates[-1].status == "completed"
    assert any("Packing" in u.message for u in updates)
    assert "archive is ready" in result.text


async def test_a_target_appears_after_the_first_showcase_call(client: GatewayClient):
    heard: list[list[str]] = []
    client.watch_tools(lambda tools: heard.append([t.name for t in tools]))
    before = [t.name for t in await client.list_tools()]
    assert "inventory___countStock" not in before
    await until_listening(client)
    await client.call_tool("brand___getBrandKit")
    await wait_until(lambda: heard, 10, "the new tool list")
    assert "inventory___countStock" in heard[-1]
    result = await client.call_tool("inventory___countStock", {"item": "desks"})
    assert '"count": 17' in result.text


async def test_a_change_made_while_nobody_listened_is_heard_once_listening_again(
    stack: DemoStack, session: AuthSession, monkeypatch: pytest.MonkeyPatch
):
    # What we saw (2026-07-28): the gateway sends a tool-list change only to a listen it
    # holds at that moment. The listen dropped, the gateway added a target before we
    # listened again, and the new tool never showed. The drop is the only fake here.
    import httpx2
    import mcp.client.subscriptions as subscriptions

    from gui.gateway import connection

    real_listen = subscriptions.listen
    back = asyncio.Event()
    listens = 0

    @contextlib.asynccontextmanager
    async def listen(mcp_session: Any, **kinds: Any) -> AsyncIterator[Any]:
        nonlocal listens
        listens += 1
        if listens == 1:
            raise httpx2.ReadError("the stream dropped before its ack")
        await back.wait()  # the test decides when the listen is back
        async with real_listen(mcp_session, **kinds) as changes:
            yield changes

    monkeypatch.setattr(subscriptions, "listen", listen)
    monkeypatch.setattr(connection, "_RELISTEN_DELAY", 0.0)
    client = GatewayClient(stack.profile.gateway_url, session, protocol=MODERN)
    heard: list[list[str]] = []
    client.watch_tools(lambda tools: heard.append([t.name for t in tools]))
    try:
        assert "inventory___countStock" not in [t.name for t in await client.list_tools()]
        await client.call_tool("brand___getBrandKit")  # a target appears; nobody listens
        back.set()
        await wait_until(lambda: heard, 10, "the new tool list")
        assert "inventory___countStock" in heard[-1]
    finally:
        await client.aclose()


async def test_a_target_appears_after_a_while_when_configured(stack: DemoStack, session):
    assert stack.gateway is not None
    client = GatewayClient(stack.profile.gateway_url, session, protocol=AUTO)
    heard: list[list[str]] = []
    client.watch_tools(lambda tools: heard.append([t.name for t in tools]))
    try:
        await client.connect()
        await until_listening(client)
        stack.gateway.showcase.reveal_after = 0.3
        await client.list_tools()  # the first request since it was set starts the clock
        await wait_until(lambda: heard, 10, "the new tool list")
        assert "inventory___countStock" in heard[-1]
    finally:
        await client.aclose()


async def test_an_expired_session_is_renewed_silently(stack: DemoStack, session):
    assert stack.gateway is not None
    client = GatewayClient(stack.profile.gateway_url, session, protocol=LEGACY)
    try:
        await client.call_tool("people___listDepartments")
        stack.gateway.expire_sessions()  # as AgentCore does an hour after initialize
        result = await client.call_tool("people___getProfile", {"name": "alice"})
        assert not result.is_error
        assert (client.sessions_opened, client.sessions_renewed) == (2, 1)
        assert stack.gateway.expired_session_count() == 1
        assert stack.gateway.session_count() == 2
    finally:
        await client.aclose()


async def test_a_2026_client_counts_one_session_per_connection(stack: DemoStack, session):
    assert stack.gateway is not None
    client = GatewayClient(stack.profile.gateway_url, session, protocol=AUTO)
    try:
        for _ in range(3):
            await client.call_tool("people___listDepartments")
        assert client.protocol_version == "2026-07-28"
        assert stack.gateway.session_count() == 1  # its one server/discover
    finally:
        await client.aclose()


async def test_without_task_augmentation_a_2025_call_is_refused(stack: DemoStack):
    from mcp.shared.exceptions import MCPError

    token = stack.idp.mint_access_token()
    assert stack.gateway is not None
    async with mcp_session(stack.gateway.url, token) as raw:
        listed = {tool.name: tool for tool in (await raw.list_tools()).tools}
        assert listed["exports___exportArchive"].execution.task_support == "required"
        with pytest.raises(MCPError, match="requires task augmentation"):
            await raw.call_tool("exports___exportArchive", {})
