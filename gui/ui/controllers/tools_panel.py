"""The tools panel made to work: the gateway's list, its icons, its changes, the protocol.

:class:`ToolsPanelController` belongs to the chat controller. It lists the session's
tools into :class:`~gui.ui.widgets.tools_panel.ToolsPanelView` (on start and on
Refresh), shows them again whenever the gateway says the list changed (the session's
``watch_tools``: ``notifications/tools/list_changed``), names the MCP protocol version
agreed in the footer, and loads each tool's icon: the source :func:`gui.gateway.icons.best_icon`
picks (https or data only), loaded off the event loop by :func:`~gui.gateway.icons.load_icon`
(size-capped), decoded to a small ``QImage`` in a worker thread too. The list shows at
once; :meth:`~ToolsPanelController.load` then waits up to ``ICON_WAIT`` for the icons, so
whoever awaits it (the chat's start) does not leave their loading half done.

May import Qt, the tools panel widget, the gateway's icon loader (plain asyncio), gui.aio
and the errors; the session only for its type.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import KW_ONLY, InitVar, dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageReader

from gui.aio import run_blocking
from gui.errors import AppError
from gui.ui.controllers.tasks import TaskKeeper

if TYPE_CHECKING:
    from gui.agent.protocol import ChatSessionLike
    from gui.ui.widgets.tools_panel import ToolsPanelView

log = logging.getLogger(__name__)

ICON_SIDE = 24  # pixels: the icon drawn beside a tool's title
MAX_ICON_PIXELS = 4096 * 4096  # an icon claiming more than this is not decoded
ICON_WAIT = 2.0  # seconds load() waits for the icons after showing the list


@dataclass(eq=False, repr=False)
class ToolsPanelController(QObject):
    """Fills one tools panel from one chat session and keeps it current."""

    panel: ToolsPanelView
    session: ChatSessionLike
    _: KW_ONLY
    on_error: Callable[[AppError], None]  # a listing failed (shown in the panel too)
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self._tasks = TaskKeeper()
        self._loading: set[str] = set()  # icons asked for (by tool name)
        self._unwatch: Callable[[], None] | None = None
        self.panel.refresh_requested.connect(self._on_panel_refresh_requested)

    async def load(self, *, refresh: bool = False) -> None:
        """List the tools (``refresh``: ask the gateway again) and show them."""
        if self._unwatch is None:
            self._unwatch = self.session.watch_tools(self._on_session_tools_changed)
        panel = self.panel
        panel.set_busy(True)
        panel.set_status(self.tr("Loading tools…"))
        try:
            tools = await self.session.tools(refresh=refresh)
        except AppError as exc:
            panel.set_status(exc.message)
            self.on_error(exc)
            return
        finally:
            panel.set_busy(False)
        loading = self._show(tools)
        if loading:
            await asyncio.wait(loading, timeout=ICON_WAIT)

    def close(self) -> list[Any]:
        """Stop listening and cancel icon loads; returns the tasks to wait for."""
        if self._unwatch is not None:
            self._unwatch()
            self._unwatch = None
        return self._tasks.cancel_all()

    async def wait(self) -> None:
        """Until the icon loads have ended."""
        await self._tasks.wait()

    def _on_panel_refresh_requested(self) -> None:
        self._tasks.spawn(self.load(refresh=True))

    def _on_session_tools_changed(self, tools: list[Any]) -> None:
        self._show(tools)

    def _show(self, tools: list[Any]) -> list[asyncio.Task[None]]:
        """Show ``tools``; returns the icon loads it started."""
        panel = self.panel
        panel.set_tools(tools)
        panel.set_status(self.tr("%n tool(s)", "", len(tools)))
        panel.set_protocol(self.session.protocol_version)
        started = []
        for tool in tools:
            if tool.name not in self._loading and getattr(tool, "icons", ()):
                self._loading.add(tool.name)
                started.append(self._tasks.spawn(self._load_icon(tool.name, tool.icons)))
        return started

    async def _load_icon(self, name: str, icons: Any) -> None:
        from gui.gateway.icons import best_icon, load_icon

        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        icon = best_icon(icons, size=ICON_SIDE, dark=dark)
        if icon is None:
            return
        data = await load_icon(icon, ca_file=self.session.ca_file)  # the gateway's trust
        if not data:
            return
        image = await run_blocking(lambda: decode_image(data, ICON_SIDE), within=10.0)
        if not image.isNull():
            self.panel.model.set_icon(name, image)


def decode_image(data: bytes, side: int, *, max_pixels: int = MAX_ICON_PIXELS) -> QImage:
    """``data`` decoded at most ``side`` pixels on its longer side (null when it cannot be).

    Safe in a worker thread (QImage, never QPixmap); an image whose header claims more
    than ``max_pixels`` is not decoded at all.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    if not buffer.open(QIODevice.OpenModeFlag.ReadOnly):
        return QImage()
    reader = QImageReader(buffer)
    size = reader.size()
    if not size.isValid() or size.width() * size.height() > max_pixels:
        return QImage()
    if size.width() > side or size.height() > side:
        reader.setScaledSize(size.scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image
