"""What a tool card shows while a call runs and after: progress, a task's status, the parts.

:class:`ToolResultsController` belongs to the chat controller, which hands it each card
with the call's events:

- ``ToolStarted``: the gateway's name beside the title when the title hides it;
- ``ToolProgress``: the bar (determinate when the server gave a total) and the server's
  message, or a task's status;
- ``ToolFinished``: the result's parts (images, sounds, links, files) and the gateway's
  ``_meta.debug``. Images are decoded to thumbnails (``THUMBNAIL`` pixels, never more than
  ``MAX_IMAGE_BYTES`` or ``MAX_IMAGE_PIXELS``), in a worker thread when large; a link
  opens only when :func:`gui.untrusted.is_openable_link` allows it (https, or http on
  loopback); a file or a sound is saved where the person chooses, user-only (0600).

May import Qt, the tool card, the gateway's content types, gui.aio, gui.untrusted and
the tools panel controller's image decoder.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from gui.aio import run_blocking
from gui.gateway.content import AudioPart, ImagePart, LinkPart, ResourcePart
from gui.gateway.tools import readable_tool_name
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.controllers.tools_panel import decode_image
from gui.ui.views.confirm import ask_where_to_save
from gui.ui.widgets.result_parts import THUMBNAIL
from gui.untrusted import is_openable_link

if TYPE_CHECKING:
    from gui.agent.events import ToolFinished, ToolProgress, ToolStarted
    from gui.ui.widgets.tool_card import ToolCardView

log = logging.getLogger(__name__)

INLINE_DECODE = 64 * 1024  # bytes of an image decoded on the GUI thread; larger: a worker
MAX_IMAGE_BYTES = 8 * 1024 * 1024  # larger images are named, not decoded
MAX_IMAGE_PIXELS = 40_000_000


class ToolResultsController(QObject):
    """Progress, parts and details of the tool cards of one transcript."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks = TaskKeeper()
        #: The save dialog while one is open (tests answer it).
        self.dialog: QFileDialog | None = None
        #: Where files were saved (for tests and curiosity).
        self.saved: list[Path] = []

    def started(self, card: ToolCardView, event: ToolStarted) -> None:
        """Name the tool as the gateway does, when its title hides that."""
        if event.title != readable_tool_name(event.tool):
            card.set_tool_name(event.tool)

    def progress(self, card: ToolCardView, event: ToolProgress) -> None:
        """The server's progress, or a task's status."""
        if event.status:
            card.set_task_status(event.status, event.message)
        else:
            card.set_progress(event.fraction, event.message)

    def finished(self, card: ToolCardView, event: ToolFinished) -> None:
        """Hand the card the result's parts and details (before its text is set)."""
        parts = list(event.parts)
        if not parts and not event.detail:
            return
        openable = [isinstance(p, LinkPart) and is_openable_link(p.uri) for p in parts]
        card.set_parts(parts, openable)
        card.set_detail(event.detail)
        card.link_requested.connect(self._open)
        card.save_requested.connect(lambda index: self._ask_where(card, parts, index))
        for index, part in enumerate(parts):
            if isinstance(part, ImagePart) and part.data:
                self._thumbnail(card, index, part)

    async def close(self) -> None:
        """Cancel what is still decoding or saving, and wait for it."""
        self._tasks.cancel_all()
        await self._tasks.wait()

    # -- images -------------------------------------------------------------------------------

    def _thumbnail(self, card: ToolCardView, index: int, part: ImagePart) -> None:
        too_big = len(part.data) > MAX_IMAGE_BYTES or (
            part.width is not None
            and part.height is not None
            and part.width * part.height > MAX_IMAGE_PIXELS
        )
        if too_big:
            return
        if len(part.data) <= INLINE_DECODE:
            card.set_thumbnail(index, decode_image(part.data, THUMBNAIL))
            return
        self._tasks.spawn(self._decode_later(card, index, part.data))

    async def _decode_later(self, card: ToolCardView, index: int, data: bytes) -> None:
        import shiboken6

        image = await run_blocking(
            lambda: decode_image(data, THUMBNAIL, max_pixels=MAX_IMAGE_PIXELS), within=30.0
        )
        if shiboken6.isValid(card):  # a new chat may have cleared the transcript meanwhile
            card.set_thumbnail(index, image)

    # -- links and files ----------------------------------------------------------------------

    def _open(self, uri: str) -> None:
        if is_openable_link(uri):  # checked again: only what the card offered to open
            QDesktopServices.openUrl(QUrl(uri))

    def _ask_where(self, card: ToolCardView, parts: list[Any], index: int) -> None:
        part = parts[index]
        data = part.data if isinstance(part, AudioPart) else getattr(part, "blob", None)
        if not data:
            return
        name = part.name if isinstance(part, ResourcePart) else _sound_name(part)

        def answered(path: Path | None) -> None:
            self.dialog = None
            if path is not None:
                self._tasks.spawn(self._save(card, index, path, data))

        self.dialog = ask_where_to_save(
            card.window(),
            title=self.tr("Save %1").replace("%1", name),
            file_name=_safe_file_name(name),
            answered=answered,
        )

    async def _save(self, card: ToolCardView, index: int, path: Path, data: bytes) -> None:
        import shiboken6

        try:
            await run_blocking(lambda: write_private_bytes(path, data), within=30.0)
        except OSError as exc:
            note = self.tr("Not saved: %1").replace("%1", exc.strerror or type(exc).__name__)
        else:
            self.saved.append(path)
            note = self.tr("Saved to %1").replace("%1", str(path))
        view = card.parts_view() if shiboken6.isValid(card) else None
        if view is not None:
            view.set_note(index, note)


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, readable and writable by the user only (as
    :func:`gui.history.export.write_private` does for text)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        if sys.platform != "win32":
            os.fchmod(file.fileno(), 0o600)  # an existing file keeps its mode otherwise
        file.write(data)


def _sound_name(part: AudioPart) -> str:
    extension = part.mime.rpartition("/")[2] or "audio"
    return f"sound.{extension}"


def _safe_file_name(name: str) -> str:
    """A server's file name without directories or characters file systems refuse."""
    base = name.replace("\\", "/").rpartition("/")[2]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return cleaned.strip(" .") or "download"
