"""The chat pane as a view: :class:`ChatPage` lays out the model line (with the model
picker), the status line, the transcript, the composer and the tools panel.

The page only shows things and says what was asked for through its widgets'
signals (and its own ``retry_requested``, ``language_changed``, ``model_chosen`` and
``models_refresh_requested``);
``ChatController`` (gui/ui/controllers/chat.py) owns it and decides what it shows.

May import Qt and the widgets (gui/ui/widgets/); no core and no controller.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import AnnouncesLanguage
from gui.ui.widgets.composer import ComposerView
from gui.ui.widgets.tools_panel import ToolsPanelView
from gui.ui.widgets.transcript import TranscriptView

_STYLE = """
QFrame#chatStatus { border-radius: 6px; padding: 2px 6px; border: 1px solid palette(mid); }
QFrame#chatStatus[error="true"] {
    background: rgba(220, 38, 38, 0.14); border: 1px solid rgba(220, 38, 38, 0.65);
}
QLabel#modelNotice {
    border-radius: 8px; padding: 1px 8px;
    background: rgba(217, 119, 6, 0.18); border: 1px solid rgba(217, 119, 6, 0.7);
}
"""


class ChatPage(AnnouncesLanguage, QWidget):
    """The chat pane: model line, status line, transcript, composer, and the tools panel."""

    retry_requested = Signal()
    language_changed = Signal()
    #: The person picked another model in the header (its config id, e.g. "bedrock:…").
    model_chosen = Signal(str)
    models_refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPage")
        self.model_label = QLabel(self)
        self.model_label.setObjectName("modelLabel")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        self.model_notice = QLabel(self)
        self.model_notice.setObjectName("modelNotice")
        self.model_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.model_notice.setWordWrap(True)
        self.model_notice.hide()
        # Styled one by one: a sheet on the page would style every message (memory, see
        # widgets/transcript.py).
        self.model_notice.setStyleSheet(_STYLE)
        # The model picker: the models this person can use, listed by the controller.
        self.model_picker = QComboBox(self)
        self.model_picker.setObjectName("modelPicker")
        self.model_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_picker.setMinimumContentsLength(18)
        self.model_picker.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.model_picker.activated.connect(self._on_model_picker_activated)
        self.model_picker.hide()
        self.models_refresh = QToolButton(self)
        self.models_refresh.setObjectName("modelsRefresh")
        self.models_refresh.setAutoRaise(True)
        self.models_refresh.clicked.connect(self.models_refresh_requested)
        self.models_refresh.hide()
        self.models_error = QLabel(self)
        self.models_error.setObjectName("modelsError")
        self.models_error.setTextFormat(Qt.TextFormat.PlainText)  # quotes a provider
        self.models_error.setWordWrap(True)
        self.models_error.hide()

        self.status_frame = QFrame(self)
        self.status_frame.setObjectName("chatStatus")
        self.status_label = QLabel(self.status_frame)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.status_frame)
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.retry_requested)
        status = QHBoxLayout(self.status_frame)
        status.setContentsMargins(8, 4, 4, 4)
        status.addWidget(self.status_label, 1)
        status.addWidget(self.retry_button)
        self.status_frame.setStyleSheet(_STYLE)
        self.status_frame.hide()

        self.transcript = TranscriptView(self)
        self.composer = ComposerView(self)
        self.tools_panel = ToolsPanelView(self)

        head = QHBoxLayout()
        head.setContentsMargins(12, 8, 12, 0)
        head.addWidget(self.model_label)
        head.addWidget(self.model_notice, 1)
        head.addStretch(0)
        head.addWidget(self.model_picker)
        head.addWidget(self.models_refresh)
        models_error_row = QHBoxLayout()
        models_error_row.setContentsMargins(12, 0, 12, 0)
        models_error_row.addWidget(self.models_error)
        chat = QWidget(self)
        column = QVBoxLayout(chat)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(head)
        column.addLayout(models_error_row)
        column.addWidget(self.status_frame)
        column.addWidget(self.transcript, 1)
        column.addWidget(self.composer)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(chat)
        self.splitter.addWidget(self.tools_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        # Page-wide keys, active while focus is anywhere inside the page.
        self.new_chat_shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        self.new_chat_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stop_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.stop_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.composer)
        self.retranslate()

    def show_model(self, label: str, notice: str) -> None:
        """Show which model answers; ``notice`` (if any) as a badge beside it."""
        self.model_label.setText(label)
        self.model_label.setAccessibleName(label)
        self.model_notice.setText(notice)
        self.model_notice.setAccessibleName(notice)
        self.model_notice.setVisible(bool(notice))

    def set_models(self, models: list[tuple[str, str]], current: str) -> None:
        """Offer ``models`` (config id, name) in the header, ``current`` selected.

        A current model the list lacks (typed by hand, or not listable) is kept at the top.
        """
        picker = self.model_picker
        picker.clear()
        if current and current not in (config_id for config_id, _ in models):
            picker.addItem(current, current)
        for config_id, name in models:
            picker.addItem(name, config_id)
            picker.setItemData(picker.count() - 1, config_id, Qt.ItemDataRole.ToolTipRole)
        picker.setCurrentIndex(max(0, picker.findData(current)))
        picker.setVisible(picker.count() > 0)
        self.models_refresh.show()

    def listed_models(self) -> list[str]:
        """The config ids the picker offers, in order."""
        picker = self.model_picker
        return [str(picker.itemData(index)) for index in range(picker.count())]

    def set_models_busy(self, busy: bool) -> None:
        """While listing: Refresh is off."""
        self.models_refresh.show()
        self.models_refresh.setEnabled(not busy)

    def show_models_error(self, text: str) -> None:
        """One line under the model: why the models could not be listed ("" hides it)."""
        self.models_error.setText(text)
        self.models_error.setAccessibleName(text)
        self.models_error.setVisible(bool(text))

    def _on_model_picker_activated(self, index: int) -> None:
        config_id = self.model_picker.itemData(index)
        if isinstance(config_id, str) and config_id:
            self.model_chosen.emit(config_id)

    def show_status(self, text: str, *, error: bool = False, retry: bool = False) -> None:
        """A line above the transcript: progress, or an error with a Retry button."""
        self.status_frame.setProperty("error", error)
        self.status_frame.style().unpolish(self.status_frame)
        self.status_frame.style().polish(self.status_frame)
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)
        self.retry_button.setVisible(retry)
        self.status_frame.show()

    def hide_status(self) -> None:
        """Remove the status line."""
        self.status_frame.setStyleSheet(_STYLE)
        self.status_frame.hide()

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self.retry_button.setText(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry connecting"))
        self.model_picker.setAccessibleName(self.tr("Model"))
        self.model_picker.setToolTip(self.tr("The models you can use; pick one to switch"))
        self.models_refresh.setText(self.tr("Refresh"))
        self.models_refresh.setAccessibleName(self.tr("List the models again"))
