"""What a tool returned besides its text, in a tool card's details: one row per part.

- an image: a thumbnail (set by the controller once decoded: :meth:`set_thumbnail`) and
  a caption with its size, dimensions and type — never its base64;
- a sound: named, with its type and size, and **Save…**;
- a resource link: its name, description and URI as plain text; **Open** only when the
  controller says it may be opened (``gui.untrusted``'s link rules), else a note why not;
- an embedded text resource: its name and type, and the text in a read-only box;
- an embedded file (blob): its name, type and size, and **Save…**;
- anything else: its kind.

``link_requested(uri)`` and ``save_requested(index)`` go to the controller, which opens
and saves; this widget only lays out. Server text is shown as plain text, one line where
it is a name. May import Qt, gui.ui.i18n, the server label and :mod:`gui.gateway.content`
(plain data types).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from gui.gateway.content import (
    AudioPart,
    ImagePart,
    LinkPart,
    OtherPart,
    Part,
    ResourcePart,
    TextPart,
    readable_size,
)
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.server_label import server_label

THUMBNAIL = 160  # pixels: the longer side of an image's thumbnail
_MAX_TEXT_LINES = 10


def _size(size: int | None) -> str:
    return readable_size(size) if size else ""


class ResultPartsView(FollowsLanguage, QWidget):
    """The parts of one result (text parts are the card's result box, not shown here)."""

    link_requested = Signal(str)
    save_requested = Signal(int)

    def __init__(
        self,
        parts: Sequence[Part],
        openable: Sequence[bool],
        parent: QWidget | None = None,
    ) -> None:
        """``openable[i]``: the controller's verdict on part ``i`` (a link it may open)."""
        super().__init__(parent)
        self._parts = list(parts)
        self._thumbnails: dict[int, QLabel] = {}
        self._save_buttons: dict[int, QPushButton] = {}
        self._open_buttons: dict[int, QPushButton] = {}
        self._captions: list[tuple[QLabel, int]] = []
        self._notes: dict[int, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for index, part in enumerate(self._parts):
            row = self._row(index, part, openable[index] if index < len(openable) else False)
            if row is not None:
                layout.addWidget(row)
        self.retranslate()

    # -- what the controller and the tests use ------------------------------------------------

    def thumbnail(self, index: int) -> QLabel | None:
        """The label that shows image ``index``'s thumbnail."""
        return self._thumbnails.get(index)

    def save_button(self, index: int) -> QPushButton | None:
        """Part ``index``'s Save… button (a file or a sound)."""
        return self._save_buttons.get(index)

    def open_button(self, index: int) -> QPushButton | None:
        """Link ``index``'s Open button (only for links that may be opened)."""
        return self._open_buttons.get(index)

    def captions(self) -> list[str]:
        """Each row's caption, in order (for tests and screen readers)."""
        return [label.text() for label, _ in self._captions]

    def set_thumbnail(self, index: int, image: QImage) -> None:
        """Show image ``index`` (already decoded and scaled by the controller)."""
        label = self._thumbnails.get(index)
        if label is None or image.isNull():
            return
        label.setPixmap(QPixmap.fromImage(image))
        label.setFixedSize(image.width(), image.height())

    def set_note(self, index: int, text: str) -> None:
        """A short line under part ``index`` (e.g. "Saved to …", "Not shown: too large")."""
        note = self._notes.get(index)
        if note is not None:
            note.setText(text)
            note.setVisible(bool(text))

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        for label, index in self._captions:
            label.setText(self._caption(self._parts[index]))
        for button in self._save_buttons.values():
            button.setText(self.tr("Save…"))
        for index, button in self._open_buttons.items():
            button.setText(self.tr("Open"))
            part = self._parts[index]
            name = part.name if isinstance(part, LinkPart) else ""
            button.setAccessibleName(self.tr("Open %1 in your browser").replace("%1", name))

    # -- layout --------------------------------------------------------------------------------

    def _caption(self, part: Part) -> str:
        if isinstance(part, ImagePart):
            dims = f"{part.width}×{part.height}" if part.width and part.height else ""
            facts = ", ".join(x for x in (dims, part.mime, _size(part.size)) if x)
            return self.tr("Image (%1)").replace("%1", facts)
        if isinstance(part, AudioPart):
            facts = ", ".join(x for x in (part.mime, _size(part.size)) if x)
            return self.tr("Sound (%1)").replace("%1", facts)
        if isinstance(part, LinkPart):
            return part.name
        if isinstance(part, ResourcePart):
            facts = ", ".join(x for x in (part.mime, _size(part.size)) if x)
            kind = self.tr("Text") if part.text is not None else self.tr("File")
            return f"{kind}: {part.name}" + (f" ({facts})" if facts else "")
        if isinstance(part, OtherPart):
            return self.tr("Content of a kind this app does not show: %1").replace("%1", part.kind)
        return ""

    def _row(self, index: int, part: Part, openable: bool) -> QWidget | None:
        if isinstance(part, TextPart):
            return None  # in the card's result box
        row = QWidget(self)
        rows = QVBoxLayout(row)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        caption = server_label(row, "resultPartCaption")
        if isinstance(part, LinkPart):
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)
        self._captions.append((caption, index))
        head.addWidget(caption, 1)
        rows.addLayout(head)
        if isinstance(part, ImagePart):
            thumbnail = QLabel(row)
            thumbnail.setObjectName("resultPartThumbnail")
            thumbnail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self._thumbnails[index] = thumbnail
            rows.addWidget(thumbnail)
        if isinstance(part, AudioPart) or (isinstance(part, ResourcePart) and part.blob):
            self._save_buttons[index] = self._button(
                row, head, lambda: self.save_requested.emit(index)
            )
        if isinstance(part, LinkPart):
            if part.description:
                rows.addWidget(server_label(row, "resultPartDescription", part.description))
            uri = server_label(row, "resultPartUri", part.uri)
            uri.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            rows.addWidget(uri)
            if openable:
                uri_text = part.uri
                self._open_buttons[index] = self._button(
                    row, head, lambda: self.link_requested.emit(uri_text)
                )
        if isinstance(part, ResourcePart) and part.text is not None:
            rows.addWidget(self._text_box(row, part.text))
        note = server_label(row, "resultPartNote")
        note.hide()
        self._notes[index] = note
        rows.addWidget(note)
        return row

    def _button(self, row: QWidget, head: QHBoxLayout, slot: object) -> QPushButton:
        button = QPushButton(row)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        head.addWidget(button)
        return button

    def _text_box(self, row: QWidget, text: str) -> QPlainTextEdit:
        box = QPlainTextEdit(row)
        box.setObjectName("resultPartText")
        box.setReadOnly(True)
        box.setTabChangesFocus(True)
        box.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        box.setPlainText(text)
        lines = min(max(box.document().lineCount(), 1), _MAX_TEXT_LINES)
        margins = box.contentsMargins()
        box.setFixedHeight(
            box.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + 10
        )
        return box
