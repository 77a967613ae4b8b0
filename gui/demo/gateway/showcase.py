"""The demo gateway's showcase: one tool for each thing a complete MCP client has to show.

::

    reports___buildReport     reports progress (notifications/progress) for a few seconds
    drive___listFiles         asks the person to connect Example Drive through a URL-mode
                              elicitation request (a link; accept / decline / cancel)
    orders___orderLunch       a form with a multi-select, titled choices, a date, bounds
    brand___getBrandKit       every kind of result: text, an image (a generated PNG), a
                              sound, resource links, an embedded text and a file, a note
                              for the assistant only, and the gateway's _meta.debug
    exports___exportArchive   taskSupport "required": runs as a task (showcase_tasks.py)
    inventory___countStock    appears later (tools/list_changed): after the first call of
                              a showcase tool, or ``reveal_after`` seconds after the first
                              request the gateway served

Each tool asks in the client's protocol (:func:`ask`): mid-call (``elicitation/create``) on
2025-11-25, as a 2026-07-28 input round (``resultType: "input_required"``, then the same
call again with the answers). A list change is announced both ways: to each 2025 session
on its stream, and on the 2026-07-28 ``subscriptions/listen`` bus.

Annotations are honest: the report, the drive, the brand kit, the export and the stock
count only read; ordering lunch changes data (an order), so the app asks first.

May import: mcp's server types, pydantic, ``consent`` (the consent book and page),
``media`` and ``showcase_tasks``. No Qt.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import weakref
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Annotated, Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.subscriptions import InMemorySubscriptionBus, ToolsListChanged
from mcp_types import (
    Annotations,
    AudioContent,
    BlobResourceContents,
    CallToolResult,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitRequestURLParams,
    ElicitResult,
    EmbeddedResource,
    Icon,
    ImageContent,
    InputRequiredResult,
    ResourceLink,
    TextContent,
    TextResourceContents,
    ToolAnnotations,
)
from pydantic import Field

from gui.demo.gateway import media
from gui.demo.gateway.consent import ConsentBook, subject_of
from gui.demo.gateway.showcase_tasks import MODERN, TaskRunner

__all__ = ["Showcase", "ask"]

DRIVE = "drive"
DRIVE_MESSAGE = "Connect your Example Drive account so the assistant can list your files."
LUNCH_MESSAGE = "What should we order for the meeting?"
_READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_READS_ELSEWHERE = ToolAnnotations(read_only_hint=True, open_world_hint=True)
_ORDERS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
)
_REPORT_STEPS = (
    "Reading the sales figures",
    "Adding up the regions",
    "Comparing with last year",
    "Drawing the charts",
    "Writing the summary",
    "Checking the numbers",
)
_DISHES = (
    ("veg-curry", "Vegetable curry"),
    ("salmon", "Grilled salmon"),
    ("pasta", "Pasta al pomodoro"),
    ("salad", "Caesar salad"),
)
_ROOMS = (("r-101", "Room 101 (4 seats)"), ("r-202", "Board room (12 seats)"))
LUNCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "dishes": {
            "type": "array",
            "title": "Dishes",
            "description": "Up to three dishes.",
            "items": {"anyOf": [{"const": v, "title": t} for v, t in _DISHES]},
            "minItems": 1,
            "maxItems": 3,
            "default": ["veg-curry"],
        },
        "room": {
            "type": "string",
            "title": "Room",
            "oneOf": [{"const": v, "title": t} for v, t in _ROOMS],
            "default": "r-101",
        },
        "people": {
            "type": "integer",
            "title": "People",
            "minimum": 1,
            "maximum": 20,
            "default": 4,
        },
        "date": {"type": "string", "title": "Date", "format": "date"},
        "contact": {"type": "string", "title": "Contact email", "format": "email"},
        "diet": {
            "type": "string",
            "title": "Dietary needs",
            "enum": ["none", "vegetarian", "vegan"],
            "enumNames": ["No restrictions", "Vegetarian", "Vegan"],
            "default": "none",
        },
        "notes": {"type": "string", "title": "Notes", "maxLength": 200},
    },
    "required": ["dishes", "room", "people", "date"],
}
_PALETTE = [(37, 99, 235), (22, 163, 74), (217, 119, 6), (220, 38, 38)]
_FILES = (
    ("Q3-plan.docx", "Quarterly plan"),
    ("team-photo.jpg", "Team outing"),
    ("budget.xlsx", "Budget"),
)

Counted = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def _icon(colour: tuple[int, int, int]) -> list[Icon]:
    png = media.swatch_png(16, 16, [colour])
    return [Icon(src=media.data_uri(png, "image/png"), mime_type="image/png", sizes=["16x16"])]


async def ask(
    ctx: Context, key: str, params: ElicitRequestFormParams | ElicitRequestURLParams
) -> ElicitResult | InputRequiredResult:
    """Ask the person, in the client's protocol: the answer, or (2026-07-28) the question.

    On 2026-07-28 a tool returns the :class:`InputRequiredResult` as it is; the client
    sends the call again with the answer under ``key``, which this then returns.
    """
    if ctx.protocol_version == MODERN:
        answer = (ctx.input_responses or {}).get(key)
        if answer is None:
            return InputRequiredResult(input_requests={key: ElicitRequest(params=params)})
        if isinstance(answer, ElicitResult):
            return answer
        return ElicitResult.model_validate(
            answer.model_dump(by_alias=True) if hasattr(answer, "model_dump") else answer
        )
    if isinstance(params, ElicitRequestURLParams):
        return await ctx.session.elicit_url(
            params.message, params.url, params.elicitation_id, related_request_id=ctx.request_id
        )
    return await ctx.session.elicit_form(
        params.message, params.requested_schema, related_request_id=ctx.request_id
    )


@dataclass(eq=False)  # a service: equal only to itself, and hashable
class Showcase:
    """The showcase tools of one demo gateway (they outlive its restarts, like its data)."""

    consents: ConsentBook
    _: KW_ONLY
    reveal_after: float | None = None
    progress_seconds: float = 3.0
    task_seconds: float = 3.0
    #: True once inventory___countStock has appeared.
    revealed: bool = field(init=False, default=False)
    #: Orders placed through the lunch form (copies).
    orders: list[dict[str, Any]] = field(init=False, default_factory=list)
    tasks: TaskRunner = field(init=False)
    _server: MCPServer | None = field(init=False, default=None)
    _bus: InMemorySubscriptionBus | None = field(init=False, default=None)
    _counted: Counted | None = field(init=False, default=None)
    # The 2025 sessions seen.
    _sessions: weakref.WeakSet[Any] = field(init=False, default_factory=weakref.WeakSet)
    _timer: asyncio.TimerHandle | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.tasks = TaskRunner({"exports___exportArchive": self._export})

    # -- wiring (server.py) ------------------------------------------------------------------

    def bus(self) -> InMemorySubscriptionBus:
        """A fresh ``subscriptions/listen`` bus for a new server (announces list changes)."""
        self._bus = InMemorySubscriptionBus()
        return self._bus

    def add_to(self, server: MCPServer, counted: Counted) -> None:
        """Register the showcase tools with ``server`` (built with :meth:`bus` and
        :meth:`middleware`); ``counted(name, fn)`` counts each call."""
        self._server, self._counted = server, counted
        for name, fn, title, hints, colour in self._tools():
            server.add_tool(
                counted(name, fn), name=name, title=title, annotations=hints, icons=_icon(colour)
            )
        if self.revealed:
            self._add_later_target()

    async def middleware(self, ctx: Any, call_next: Any) -> Any:
        """Notes each 2025 session (for list changes), starts the reveal timer, runs tasks."""
        if ctx.request_id is not None and ctx.protocol_version != MODERN:
            with contextlib.suppress(TypeError):
                self._sessions.add(ctx.session)
        if self.reveal_after is not None and self._timer is None and not self.revealed:
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(
                self.reveal_after, lambda: asyncio.ensure_future(self.reveal())
            )
        return await self.tasks(ctx, call_next)

    async def reveal(self) -> None:
        """Add the later target and say the list changed (to 2025 sessions and listeners)."""
        if self.revealed:
            return
        self.revealed = True
        self._add_later_target()
        for session in list(self._sessions):
            with contextlib.suppress(Exception):
                await session.send_tool_list_changed()
        if self._bus is not None:
            await self._bus.publish(ToolsListChanged())

    def _add_later_target(self) -> None:
        if self._server is None or self._counted is None:
            return
        self._server.add_tool(
            self._counted("inventory___countStock", count_stock),
            name="inventory___countStock",
            title="Count stock",
            annotations=_READS,
            icons=_icon((120, 80, 200)),
        )

    async def _after_call(self) -> None:
        if self.reveal_after is None:
            await self.reveal()

    # -- the tools ----------------------------------------------------------------------------

    def _tools(self) -> list[tuple[str, Callable[..., Any], str, ToolAnnotations, Any]]:
        return [
            ("reports___buildReport", self._build_report, "Build the quarterly report", _READS,
             (37, 99, 235)),
            ("drive___listFiles", self._list_files, "List my Example Drive files",
             _READS_ELSEWHERE, (22, 163, 74)),
            ("orders___orderLunch", self._order_lunch, "Order lunch for a meeting", _ORDERS,
             (217, 119, 6)),
            ("brand___getBrandKit", self._brand_kit, "Get the brand kit", _READS,
             (220, 38, 38)),
            ("exports___exportArchive", self._export_inline, "Export the ticket archive",
             _READS, (100, 116, 139)),
        ]  # fmt: skip

    async def _build_report(
        self,
        ctx: Context,
        quarter: Annotated[str, Field(description="Which quarter, e.g. 'Q3'.")] = "Q3",
    ) -> str:
        """Build the quarterly sales report. Takes a few seconds and says how far it got."""
        steps = len(_REPORT_STEPS)
        for done, what in enumerate(_REPORT_STEPS, start=1):
            await asyncio.sleep(self.progress_seconds / steps)
            await ctx.report_progress(done, steps, what)
        await self._after_call()
        return (
            f"## Sales report, {quarter.strip() or 'Q3'}\n\n"
            "| Region | Sales | vs last year |\n|---|---|---|\n"
            "| North | 1.2 M | +4 % |\n| South | 0.9 M | −2 % |\n| Online | 2.4 M | +11 % |\n"
        )

    async def _list_files(
        self,
        ctx: Context,
        folder: Annotated[str, Field(description="The folder, e.g. 'Shared'.")] = "Shared",
    ) -> dict[str, Any] | InputRequiredResult:
        """List the files in a folder of your Example Drive (a third-party service).

        The first time, you are asked to connect the drive in your browser.
        """
        subject = subject_of(ctx)
        if not self.consents.has_consented(subject, DRIVE):
            session = None if ctx.protocol_version == MODERN else ctx.session
            link = self.consents.link_for(subject, session, service=DRIVE, message=DRIVE_MESSAGE)
            answer = await ask(ctx, "connect-drive", link)
            if isinstance(answer, InputRequiredResult):
                return answer
            if answer.action != "accept":
                said = "declined" if answer.action == "decline" else "cancelled"
                return {"connected": False, "reason": f"The person {said} connecting the drive."}
            if not self.consents.has_consented(subject, DRIVE):
                raise ToolError(
                    "Example Drive is still not connected: open the link, choose Allow, "
                    "and ask again."
                )
        await self._after_call()
        files = [{"name": name, "title": title} for name, title in _FILES]
        return {"owner": subject, "folder": folder, "files": files}

    async def _order_lunch(
        self,
        ctx: Context,
        meeting: Annotated[str, Field(description="The meeting, e.g. 'Sales weekly'.")],
    ) -> dict[str, Any] | InputRequiredResult:
        """Order lunch for a meeting. Asks you for the dishes, room, head count and date."""
        form = ElicitRequestFormParams(message=LUNCH_MESSAGE, requested_schema=LUNCH_SCHEMA)
        answer = await ask(ctx, "lunch", form)
        if isinstance(answer, InputRequiredResult):
            return answer
        if answer.action != "accept" or answer.content is None:
            said = "declined" if answer.action == "decline" else "cancelled"
            return {"ordered": False, "reason": f"The person {said} the form."}
        content = dict(answer.content)
        dishes = content.get("dishes")
        allowed = {value for value, _ in _DISHES}
        if not isinstance(dishes, list) or not dishes or not set(dishes) <= allowed:
            raise ToolError("Choose one to three dishes from the menu.")
        people = content.get("people")
        if not isinstance(people, int) or isinstance(people, bool) or not 1 <= people <= 20:
            raise ToolError("The head count must be a whole number from 1 to 20.")
        order = {"meeting": meeting.strip(), **content}
        self.orders.append(dict(order))
        await self._after_call()
        return {"ordered": True, "order": order}

    async def _brand_kit(self) -> CallToolResult:
        """Get the company's brand kit: palette, logo, guidelines and a notification sound."""
        await self._after_call()
        png = media.swatch_png(96, 32, _PALETTE)
        wav = media.chime_wav()
        kit = media.kit_zip({"palette.css": _CSS, "README.txt": "Brand kit (demo).\n"})
        assistant_only = Annotations(audience=["assistant"])
        return CallToolResult(
            content=[
                TextContent(text="The brand kit: the palette, two links and the files below."),
                ImageContent(data=_b64(png), mime_type="image/png"),
                AudioContent(data=_b64(wav), mime_type="audio/wav"),
                ResourceLink(
                    uri="https://brand.example.com/guidelines",
                    name="guidelines",
                    title="Brand guidelines",
                    description="How to use the logo and the colours.",
                    mime_type="text/html",
                ),
                ResourceLink(
                    uri="demo://brand/fonts",
                    name="fonts",
                    title="Brand fonts",
                    description="The licensed fonts (inside the company network only).",
                ),
                EmbeddedResource(
                    resource=TextResourceContents(
                        uri="demo://brand/palette.css", mime_type="text/css", text=_CSS
                    )
                ),
                EmbeddedResource(
                    resource=BlobResourceContents(
                        uri="demo://brand/brand-kit.zip",
                        mime_type="application/zip",
                        blob=_b64(kit),
                    )
                ),
                TextContent(
                    text="Note for the assistant: the primary colour is #2563EB.",
                    annotations=assistant_only,
                ),
            ],
            _meta={"debug": {"target": "brand", "lambdaMs": 42, "cache": "miss"}},
        )

    async def _export(
        self, arguments: dict[str, Any], say: Callable[[str], None]
    ) -> CallToolResult:
        """The export's work (as a task, or inline)."""
        files = ("open tickets", "closed tickets", "attachments", "the index")
        for done, what in enumerate(files, start=1):
            say(f"Packing {what} ({done} of {len(files)})")
            await asyncio.sleep(self.task_seconds / len(files))
        await self._after_call()
        return CallToolResult(
            content=[
                TextContent(text="The ticket archive is ready (4 parts, 12 tickets)."),
                ResourceLink(
                    uri="demo://exports/tickets.zip",
                    name="tickets.zip",
                    title="Ticket archive",
                    description="Every ticket, as of now.",
                    mime_type="application/zip",
                ),
            ]
        )

    async def _export_inline(self) -> CallToolResult:
        """Export every support ticket into one archive. Takes a while: it runs as a task."""
        return await self._export({}, lambda _: None)


def count_stock(
    item: Annotated[str, Field(description="What to count, e.g. 'chairs'.")] = "chairs",
) -> dict[str, Any]:
    """Count the stock of an item in the warehouse (a target added while the app runs)."""
    stock = {"chairs": 42, "desks": 17, "monitors": 8}
    key = item.strip().lower()
    return {"item": key, "count": stock.get(key, 0)}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


_CSS = ":root { --primary: #2563eb; --success: #16a34a; --warning: #d97706; --danger: #dc2626; }\n"
