"""The side panel listing the gateway's tools, searchable, with a Refresh button.

:class:`ToolsModel` is a plain list model over the tools (tested without
widgets); a ``QSortFilterProxyModel`` on its ``SEARCH_ROLE`` does the filtering.
Each row shows the tool's title (the server's, when it gave one), its gateway name as
secondary text when the title hides it, its icon once the controller has loaded it, and
its risk (read-only, may change data, destructive: from its MCP annotations), so people
know before asking which tools will ask them first. The footer names the MCP protocol
version agreed with the gateway.

May import Qt, gui.ui.i18n, the approval core's risk values, the approval card's risk texts and
:func:`gui.gateway.tools.readable_tool_name` (pure).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6 import QtGui
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.agent.approval import Risk, risk_of
from gui.gateway.tools import readable_tool_name
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.approval_card import risk_explanation, risk_label

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
RISK_ROLE = Qt.ItemDataRole.UserRole + 4
_DESTRUCTIVE_COLOUR = QColor(229, 72, 77)  # readable on light and dark bases
_SUMMARY_LENGTH = 140


class ToolLike(Protocol):
    """What the panel needs of a tool (``gui.gateway.tools.ToolInfo`` has it)."""

    name: str
    title: str
    description: str
    read_only: bool | None
    destructive: bool | None


def secondary_name(tool: ToolLike) -> str:
    """The gateway's name when the title hides it (a server's ``title``), else ""."""
    return "" if tool.title == readable_tool_name(tool.name) else tool.name


def summary(description: str, limit: int = _SUMMARY_LENGTH) -> str:
    """The first paragraph of ``description``, on one line, cut at ``limit`` characters."""
    first = description.strip().split("\n\n", 1)[0]
    line = " ".join(first.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class ToolsModel(QAbstractListModel):
    """The gateway's tools: readable title and a one-paragraph summary per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tools: list[ToolLike] = []
        self._icons: dict[str, QIcon] = {}  # by tool name, kept across list changes
        # Once any tool has an icon, the others get an empty one: their titles line up.
        self._blank: QIcon | None = None

    def set_tools(self, tools: Sequence[ToolLike]) -> None:
        """Replace the list, sorted by title."""
        self.beginResetModel()
        self._tools = sorted(tools, key=lambda tool: tool.title.casefold())
        self.endResetModel()

    def set_icon(self, name: str, image: QImage) -> None:
        """Tool ``name``'s icon (decoded by the controller); the row repaints."""
        if image.isNull():
            return
        self._icons[name] = QIcon(QPixmap.fromImage(image))
        if self._blank is None:
            blank = QPixmap(image.size())
            blank.fill(Qt.GlobalColor.transparent)
            self._blank = QIcon(blank)
            if self._tools:  # every row now has room for an icon
                last = self.index(len(self._tools) - 1)
                self.dataChanged.emit(self.index(0), last, [Qt.ItemDataRole.DecorationRole])
                return
        for row, tool in enumerate(self._tools):
            if tool.name == name:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def has_icon(self, name: str) -> bool:
        """True once tool ``name``'s icon was set."""
        return name in self._icons

    def tools(self) -> list[ToolLike]:
        """The tools listed, in display order."""
        return list(self._tools)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        """Number of tools (a list has no children)."""
        if parent is not None and parent.isValid():
            return 0
        return len(self._tools)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """Title and summary for display; full description as tooltip; raw name and search text."""
        if not index.isValid() or not 0 <= index.row() < len(self._tools):
            return None
        tool = self._tools[index.row()]
        risk = risk_of(tool)  # type: ignore[arg-type]
        if role == Qt.ItemDataRole.DisplayRole:
            text = summary(tool.description)
            second = " · ".join(x for x in (secondary_name(tool), risk_label(risk), text) if x)
            return f"{tool.title}\n{second}" if text or secondary_name(tool) else tool.title
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(tool.name, self._blank)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Tooltips guess "rich text" from the content: escape the gateway's text first.
            tip = f"{tool.name}\n{risk_explanation(risk)}\n\n{tool.description.strip()}".strip()
            return QtGui.Qt.convertFromPlainText(tip, Qt.WhiteSpaceMode.WhiteSpaceNormal)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            name = f" ({secondary_name(tool)})" if secondary_name(tool) else ""
            return f"{tool.title}{name}. {risk_label(risk)}. {summary(tool.description)}"
        if role == Qt.ItemDataRole.ForegroundRole and risk is Risk.DESTRUCTIVE:
            return _DESTRUCTIVE_COLOUR
        if role == RISK_ROLE:
            return risk
        if role == NAME_ROLE:
            return tool.name
        if role == DESCRIPTION_ROLE:
            return tool.description
        if role == SEARCH_ROLE:
            return f"{tool.title}\n{tool.name}\n{risk_label(risk)}\n{tool.description}"
        return None


def make_filter_model(source: ToolsModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that keeps the tools whose title, name or description contains the search text.

    Not parented to ``source``: a source model destroying its own proxy crashes
    (the proxy disconnects from a half-destroyed model).
    """
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)
    proxy.setFilterRole(SEARCH_ROLE)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy


class ToolsPanelView(FollowsLanguage, QWidget):
    """Search box, tool list, status line and Refresh."""

    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ToolsModel(self)
        self.filter_model = make_filter_model(self.model, self)
        self._heading = QLabel(self)
        self._heading.setObjectName("toolsHeading")
        font = self._heading.font()
        font.setBold(True)
        self._heading.setFont(font)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter_model.setFilterFixedString)
        self.list = QListView(self)
        self.list.setModel(self.filter_model)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.setAlternatingRowColors(True)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.protocol = QLabel(self)  # the footer: the MCP protocol version agreed
        self.protocol.setObjectName("toolsProtocol")
        self.protocol.setTextFormat(Qt.TextFormat.PlainText)
        self.protocol.setEnabled(False)  # muted, like a footer
        self._version = ""
        self.refresh_button = QPushButton(self)
        self.refresh_button.setAutoDefault(False)
        self.refresh_button.clicked.connect(self.refresh_requested)
        top = QHBoxLayout()
        top.addWidget(self._heading, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.protocol)
        self.setMinimumWidth(220)
        self.retranslate()

    def set_tools(self, tools: Sequence[ToolLike]) -> None:
        """Show these tools."""
        self.model.set_tools(tools)

    def set_status(self, text: str) -> None:
        """A line under the list ("" hides it)."""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def set_protocol(self, version: str) -> None:
        """The MCP protocol version agreed with the gateway ("" hides the footer)."""
        self._version = version
        self.retranslate()

    def protocol_text(self) -> str:
        """The footer's text ("" when hidden)."""
        return self.protocol.text() if not self.protocol.isHidden() else ""

    def set_busy(self, busy: bool) -> None:
        """Disable Refresh while the list is being fetched."""
        self.refresh_button.setEnabled(not busy)

    def visible_titles(self) -> list[str]:
        """Titles of the tools that pass the search, in order (for tests and accessibility)."""
        rows = range(self.filter_model.rowCount())
        return [
            str(self.filter_model.data(self.filter_model.index(row, 0))).split("\n", 1)[0]
            for row in rows
        ]

    def retranslate(self) -> None:
        """Re-set the fixed texts in the current language."""
        self._heading.setText(self.tr("Tools"))
        self.search.setPlaceholderText(self.tr("Filter tools"))
        self.search.setAccessibleName(self.tr("Filter tools"))
        self.list.setAccessibleName(self.tr("Gateway tools"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the tool list"))
        self.protocol.setText(self.tr("MCP protocol %1").replace("%1", self._version))
        self.protocol.setVisible(bool(self._version))
