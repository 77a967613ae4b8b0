"""The conversation sidebar: search on top, New conversation, the list grouped by day.

A view only: it shows the groups it is given and says what the person asked for
through signals; :class:`gui.ui.controllers.history.HistoryController` decides.
Titles come from what people typed (and could come from a model one day), so they
are item text, which Qt paints as plain text, never as rich text or a tooltip.

Keys: Ctrl+K search (Down goes on to the list), Ctrl+N new conversation (while focus
is in the sidebar; the chat page has its own), Enter opens, F2 renames, Delete deletes;
the context menu (menu key, Shift+F10, right click) has Open, Open with all messages,
Rename, Export to Markdown… and Delete.

May import Qt and gui.ui.i18n only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import FollowsLanguage

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_DELAY_MS = 150  # typing pauses this long before a search runs


class ConversationListView(FollowsLanguage, QWidget):
    """The sidebar. ``set_groups`` shows ``[(heading, [(id, title, detail)])]``."""

    new_requested = Signal()
    search_changed = Signal(str)
    open_requested = Signal(int)
    open_all_requested = Signal(int)  # open with every message, however many
    rename_requested = Signal(int, str)
    delete_requested = Signal(int)
    export_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conversationList")
        self.setMinimumWidth(180)
        self._filling = False
        self.search = QLineEdit(self)
        self.search.setObjectName("conversationSearch")
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(self)
        self.new_button.setObjectName("newConversationButton")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_requested)
        self.list = QListWidget(self)
        self.list.setObjectName("conversations")
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.installEventFilter(self)
        self.search.installEventFilter(self)
        self.status = QLabel(self)
        self.status.setObjectName("conversationStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()

        self.open_action = self._action(self._current_to(self.open_requested))
        self.open_all_action = self._action(self._current_to(self.open_all_requested))
        self.rename_action = self._action(self._on_rename_action_triggered, QKeySequence("F2"))
        self.export_action = self._action(self._current_to(self.export_requested))
        self.delete_action = self._action(
            self._current_to(self.delete_requested), QKeySequence(QKeySequence.StandardKey.Delete)
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.setSpacing(6)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.search.textEdited.connect(self._on_search_text_edited)
        self.search.returnPressed.connect(self._on_search_timer_timeout)
        # Ctrl+K anywhere in the window goes to search; Ctrl+N only from here (the chat
        # page binds it itself, and two active bindings would cancel each other out).
        self.search_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        self.search_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.search_shortcut.activated.connect(self.focus_search)
        self.new_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        self.new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_shortcut.activated.connect(self.new_requested)
        self.retranslate()

    def _current_to(self, signal: SignalInstance) -> Callable[[], None]:
        """A slot that sends the selected conversation's id to ``signal`` (none: nothing)."""

        def send() -> None:
            if (conversation := self.current_id()) is not None:
                signal.emit(conversation)

        return send

    def _action(self, slot: object, key: QKeySequence | None = None) -> QAction:
        action = QAction(self.list)
        if key is not None:
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.list.addAction(action)
        return action

    # -- showing -----------------------------------------------------------------------------

    def set_groups(self, groups: list[tuple[str, list[tuple[int, str, str]]]]) -> None:
        """Show the conversations under their headings (empty groups are left out)."""
        current = self.current_id()
        self._filling = True
        self.list.clear()
        bold = QFont(self.font())
        bold.setBold(True)
        for heading, rows in groups:
            if not rows:
                continue
            header = QListWidgetItem(heading)
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # arrows skip it; it cannot be chosen
            header.setFont(bold)
            # A disabled item is painted greyed out; a heading should read as one.
            header.setForeground(self.palette().brush(QPalette.ColorRole.WindowText))
            self.list.addItem(header)
            for conversation, title, detail in rows:
                item = QListWidgetItem(f"{title}\n{detail}" if detail else title)
                item.setData(ID_ROLE, conversation)
                item.setData(TITLE_ROLE, title)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable
                )
                item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
                self.list.addItem(item)
        self._filling = False
        if current is not None:
            self.select(current)

    def set_status(self, text: str) -> None:
        """A line above the list ("" hides it): no history, nothing found."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def set_enabled_for_history(self, enabled: bool) -> None:
        """Search and the list only make sense while history is kept."""
        self.search.setEnabled(enabled)
        self.list.setEnabled(enabled)

    def select(self, conversation: int | None) -> None:
        """Mark ``conversation`` as the open one (None: none is)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if conversation is not None and item.data(ID_ROLE) == conversation:
                self.list.setCurrentItem(item)
                return
        self.list.clearSelection()
        self.list.setCurrentItem(None)

    def current_id(self) -> int | None:
        """The id of the selected conversation."""
        item = self.list.currentItem()
        value = item.data(ID_ROLE) if item is not None else None
        return int(value) if value is not None else None

    def items_by_id(self) -> dict[int, QListWidgetItem]:
        """The conversation rows shown, by id (the tests read and click them)."""
        found = {}
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) is not None:
                found[int(item.data(ID_ROLE))] = item
        return found

    def headings(self) -> list[str]:
        """The group headings shown, in order."""
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if self.list.item(row).data(ID_ROLE) is None
        ]

    def focus_search(self) -> None:
        """Put the cursor in the search field (Ctrl+K)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete on the list deletes; Down in the search field goes to the list."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._focus_first_conversation()
            return True
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.delete_action.trigger()
            return True
        return super().eventFilter(watched, event)

    def _focus_first_conversation(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) is not None:
                self.list.setCurrentItem(item)
                break
        self.list.setFocus(Qt.FocusReason.TabFocusReason)

    # -- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.search.setPlaceholderText(self.tr("Search (Ctrl+K)"))
        self.search.setAccessibleName(self.tr("Search conversations"))
        self.new_button.setText(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.list.setAccessibleName(self.tr("Conversations"))
        self.open_action.setText(self.tr("Open"))
        self.open_all_action.setText(self.tr("Open with all messages"))
        self.rename_action.setText(self.tr("Rename"))
        self.export_action.setText(self.tr("Export to Markdown…"))
        self.delete_action.setText(self.tr("Delete…"))

    # -- slots ---------------------------------------------------------------------------------

    def _on_search_text_edited(self, _text: str) -> None:
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._search_timer.stop()
        self.search_changed.emit(self.search.text().strip())

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        if item.data(ID_ROLE) is not None:
            self.open_requested.emit(int(item.data(ID_ROLE)))

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        # Fired by the editor after F2 / Rename; the model keeps the edited text.
        if self._filling or item.data(ID_ROLE) is None:
            return
        title = item.text().split("\n", 1)[0].strip()
        if title and title != item.data(TITLE_ROLE):
            self.rename_requested.emit(int(item.data(ID_ROLE)), title)

    def _on_rename_action_triggered(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(ID_ROLE) is not None:
            self._filling = True
            item.setText(str(item.data(TITLE_ROLE)))  # edit the title, not the snippet
            self._filling = False
            self.list.editItem(item)
