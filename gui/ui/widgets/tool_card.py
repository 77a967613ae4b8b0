"""A card for one tool call: its readable name, arguments, and result or error.

The header is a toggle button (mouse, Space or Enter) that shows or hides the
details; beside it the gateway's own name when the title hides it (a server's
``title``). A busy bar runs until the result arrives: determinate once the server
reports progress with a total, with the server's message on a line of its own; a task's
status ("Working…", "Waiting for your input") shows there too.

The details hold the arguments, the result's text, then what else it returned (images,
sounds, links, files: :class:`~gui.ui.widgets.result_parts.ResultPartsView`) and the
gateway's debug details (``_meta.debug``). ``link_requested`` and ``save_requested``
go to the controller.

Cheap to build, because cards are made on the GUI thread while an answer streams:
the result's box, its parts and its details are made only when first shown (the card
collapses as the result arrives, so most results are never shown), and a state change
re-applies the card's style sheet instead of ``unpolish``/``polish`` (the first
``unpolish`` in a process costs ~8 ms).

May import Qt, gui.ui.i18n, the Enter-pressed buttons, the result parts view, the text box and
:mod:`gui.gateway.content` (plain data types).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.gateway.content import TextPart
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.enter_presses import EnterToolButton
from gui.ui.widgets.result_parts import ResultPartsView
from gui.ui.widgets.text_box import show_text, text_box

_MAX_VISIBLE_LINES = 14  # taller text scrolls inside its box instead of growing the card
_STEPS = 1000  # a determinate bar's resolution

_STYLE = """
ToolCardView { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }
ToolCardView[state="error"] { border: 1px solid rgba(220, 38, 38, 0.75); }
QLabel#toolCardStatus[state="error"] { color: rgb(229, 72, 77); font-weight: 600; }
QPlainTextEdit#toolCardResult[state="error"] { background: rgba(220, 38, 38, 0.12); }
QPlainTextEdit { border: 1px solid palette(midlight); border-radius: 4px; }
QLabel#toolCardName, QLabel#toolCardProgress { color: palette(placeholder-text); }
"""


class ToolCardView(FollowsLanguage, QFrame):
    """Shows one tool call; the controller fills in the result and decides when to collapse."""

    expanded_changed = Signal(bool)
    link_requested = Signal(str)  # a result's link the person asked to open
    save_requested = Signal(int)  # a result part (by index) the person asked to save

    def __init__(self, title: str, arguments: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._title = title
        self._state = "running"
        self._result_text = ""
        self._result_label: QLabel | None = None  # made with the result box, when first shown
        self._result: QPlainTextEdit | None = None
        self._fraction: float | None = None
        self._task_status = ""
        self._parts: tuple[Any, ...] = ()
        self._openable: tuple[bool, ...] = ()
        self._parts_view: ResultPartsView | None = None  # made with the result box
        self._thumbnails: dict[int, QImage] = {}  # decoded before the parts were shown
        self._detail = ""
        self._detail_label: QLabel | None = None
        self._detail_box: QPlainTextEdit | None = None

        self._header = EnterToolButton(self)
        self._header.setObjectName("toolCardHeader")
        self._header.setCheckable(True)
        self._header.setChecked(True)
        self._header.setAutoRaise(True)
        self._header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._header.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._header.setText(title)
        self._header.toggled.connect(self._on_header_toggled)
        self._status = QLabel(self)
        self._status.setObjectName("toolCardStatus")
        self._name = QLabel(self)  # the gateway's name, when the title hides it
        self._name.setObjectName("toolCardName")
        self._name.setTextFormat(Qt.TextFormat.PlainText)
        self._name.hide()
        self._progress = QLabel(self)  # the server's progress message or a task's status
        self._progress.setObjectName("toolCardProgress")
        self._progress.setTextFormat(Qt.TextFormat.PlainText)
        self._progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._progress.hide()
        self._busy = QProgressBar(self)
        self._busy.setRange(0, 0)  # indeterminate: we cannot know how long a tool takes
        self._busy.setTextVisible(False)
        self._busy.setFixedSize(64, 6)

        self._arguments_label = QLabel(self)
        self._arguments = self._text_box(arguments, "toolCardArguments")

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self._header, 1)
        head.addWidget(self._name)
        head.addWidget(self._busy, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self._status)
        self._details = QWidget(self)
        self._details_layout = QVBoxLayout(self._details)
        self._details_layout.setContentsMargins(22, 0, 0, 0)
        self._details_layout.setSpacing(4)
        for widget in (self._arguments_label, self._arguments):
            self._details_layout.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self._progress)
        layout.addWidget(self._details)
        self.retranslate()
        self._apply_expanded(True)

    def title(self) -> str:
        """The readable tool name."""
        return self._title

    def is_running(self) -> bool:
        """True until a result or error is shown."""
        return self._state == "running"

    def is_error(self) -> bool:
        """True when the tool reported an error."""
        return self._state == "error"

    def is_expanded(self) -> bool:
        """True while the details are shown."""
        return self._header.isChecked()

    def arguments_text(self) -> str:
        """The arguments as shown."""
        return self._arguments.toPlainText()

    def result_text(self) -> str:
        """The result or error as shown ("" while running)."""
        return self._result_text

    def result_box(self) -> QPlainTextEdit | None:
        """The result's text box, once it has been shown (for tests)."""
        return self._result

    def header(self) -> QToolButton:
        """The toggle button (for focus and tests)."""
        return self._header

    def tool_name(self) -> str:
        """The gateway's name shown beside the title ("" when the title says it already)."""
        return self._name.text() if not self._name.isHidden() else ""

    def progress_bar(self) -> QProgressBar:
        """The busy bar (determinate once the server gave a total)."""
        return self._busy

    def progress_text(self) -> str:
        """The server's progress message or the task's status, as shown."""
        return self._progress.text() if not self._progress.isHidden() else ""

    def parts_view(self) -> ResultPartsView | None:
        """The result's parts, once shown (images, sounds, links, files)."""
        return self._parts_view

    def detail_text(self) -> str:
        """The gateway's debug details as shown ("" when there are none or not shown yet)."""
        return self._detail_box.toPlainText() if self._detail_box is not None else ""

    def set_tool_name(self, name: str) -> None:
        """The gateway's own name, shown as secondary text (hidden when empty)."""
        self._name.setText(name)
        self._name.setVisible(bool(name))
        self.retranslate()

    def set_progress(self, fraction: float | None, message: str = "") -> None:
        """The server's progress: ``fraction`` 0..1 (None: how far is unknown) and its words."""
        if not self.is_running():
            return
        self._fraction = fraction
        if fraction is None:
            self._busy.setRange(0, 0)
        else:
            self._busy.setRange(0, _STEPS)
            self._busy.setValue(round(fraction * _STEPS))
        if message:
            self._progress.setText(message)
            self._progress.show()
        self.retranslate()

    def set_task_status(self, status: str, message: str = "") -> None:
        """A task's status (``working``, ``input_required``, ...) and the server's words."""
        if not self.is_running():
            return
        self._task_status = status
        self._progress.setText(message or self._status_words(status))
        self._progress.show()
        self.retranslate()

    def set_parts(self, parts: Sequence[Any], openable: Sequence[bool]) -> None:
        """What the result holds besides text; ``openable``: which links may be opened."""
        self._parts, self._openable = tuple(parts), tuple(openable)

    def set_thumbnail(self, index: int, image: QImage) -> None:
        """Image part ``index``, decoded and scaled (kept until the parts are shown)."""
        self._thumbnails[index] = image
        if self._parts_view is not None:
            self._parts_view.set_thumbnail(index, image)

    def set_detail(self, text: str) -> None:
        """The gateway's debug details (``_meta.debug``), shown under the result."""
        self._detail = text

    def set_result(self, text: str, *, is_error: bool) -> None:
        """Show the tool's answer, or its error styled as one; stops the busy bar."""
        self._state = "error" if is_error else "done"
        self._result_text = text
        self._busy.hide()
        self._progress.hide()
        if self._result is not None:  # shown before (a second result): update it
            show_text(self._result, text, max_lines=_MAX_VISIBLE_LINES)
        if self.is_expanded():
            self._ensure_result_box()
        self._restyle()
        self.retranslate()

    def set_stopped(self) -> None:
        """The question was stopped before this tool answered."""
        self._state = "stopped"
        self._busy.hide()
        self._progress.hide()
        self.retranslate()

    def set_expanded(self, expanded: bool) -> None:
        """Show or hide the details."""
        self._header.setChecked(expanded)

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        self._arguments_label.setText(self.tr("Arguments"))
        status = {
            "running": self.tr("Running…"),
            "done": self.tr("Done"),
            "error": self.tr("Failed"),
            "stopped": self.tr("Stopped"),
        }[self._state]
        if self._state == "running" and self._fraction is not None:
            status = self.tr("Running… %1 %").replace("%1", str(round(self._fraction * 100)))
        elif self._state == "running" and self._task_status:
            status = self._status_words(self._task_status)
        self._status.setText(status)
        if not self._name.isHidden():
            self._name.setToolTip(self.tr("The gateway's name for this tool"))
        self._header.setAccessibleName(self.tr("Tool call: %1").replace("%1", self._title))
        self._header.setAccessibleDescription(status)
        self._header.setToolTip(self.tr("Show or hide the details (Space)"))
        self._busy.setAccessibleName(self.tr("Tool running"))
        self._busy.setAccessibleDescription(self._progress.text())
        self._arguments.setAccessibleName(self.tr("Arguments"))
        if self._result_label is not None and self._result is not None:
            label = self.tr("Error") if self.is_error() else self.tr("Result")
            self._result_label.setText(label)
            self._result.setAccessibleName(label)
        if self._detail_label is not None and self._detail_box is not None:
            self._detail_label.setText(self.tr("Gateway details"))
            self._detail_box.setAccessibleName(self.tr("Gateway details"))

    def _status_words(self, status: str) -> str:
        words = {
            "working": self.tr("Working…"),
            "input_required": self.tr("Waiting for your input"),
            "completed": self.tr("Finishing…"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
        }
        return words.get(status, status)

    def _on_header_toggled(self, checked: bool) -> None:
        self._apply_expanded(checked)
        self.expanded_changed.emit(checked)

    def _apply_expanded(self, expanded: bool) -> None:
        if expanded and self._state in ("done", "error") and self._ensure_result_box():
            self._restyle()  # the new box takes its look (error or not) from the sheet
        self._details.setVisible(expanded)
        arrow = Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        self._header.setArrowType(arrow)

    def _ensure_result_box(self) -> bool:
        """Make the result's box if it is not there yet; True when it was made."""
        if self._result is not None:
            return False
        self._result_label = QLabel(self._details)
        self._result = self._text_box(self._result_text, "toolCardResult")
        self._result.setProperty("state", self._state)
        self._details_layout.addWidget(self._result_label)
        self._details_layout.addWidget(self._result)
        # Children added to a shown widget stay hidden until told otherwise.
        self._result_label.show()
        self._result.show()
        self._ensure_extras()
        self.retranslate()
        return True

    def _ensure_extras(self) -> None:
        """The result's parts and the gateway's details, under the result's box."""
        if self._parts and any(not isinstance(part, TextPart) for part in self._parts):
            view = ResultPartsView(self._parts, self._openable, self._details)
            view.link_requested.connect(self.link_requested)
            view.save_requested.connect(self.save_requested)
            for index, image in self._thumbnails.items():
                view.set_thumbnail(index, image)
            self._details_layout.addWidget(view)
            view.show()
            self._parts_view = view
        if self._detail:
            self._detail_label = QLabel(self._details)
            self._detail_box = self._text_box(self._detail, "toolCardDetail")
            self._details_layout.addWidget(self._detail_label)
            self._details_layout.addWidget(self._detail_box)
            self._detail_label.show()
            self._detail_box.show()

    def _restyle(self) -> None:
        # Only the error state has rules of its own; re-setting the sheet re-applies them to
        # the card and its children (cheaper than unpolish/polish, see the module note).
        for widget in (self, self._status, self._result):
            if widget is not None:
                widget.setProperty("state", self._state)
        if self.is_error():
            self.setStyleSheet(_STYLE)

    def _text_box(self, text: str, name: str) -> QPlainTextEdit:
        return text_box(self, text, name, max_lines=_MAX_VISIBLE_LINES)
