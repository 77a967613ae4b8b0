"""gui/ui/widgets/tools_panel.py: the tools model and its filter, without a window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from gui.agent.approval import Risk
from gui.ui.widgets.tools_panel import (
    NAME_ROLE,
    RISK_ROLE,
    ToolsModel,
    make_filter_model,
    summary,
)
from tests.support.fake_chat import DEFAULT_TOOLS, FakeTool


def test_rows_show_title_and_summary_sorted_by_title() -> None:
    model = ToolsModel()
    QAbstractItemModelTester(model)
    model.set_tools(list(reversed(DEFAULT_TOOLS)))
    titles = [model.data(model.index(row)).split("\n")[0] for row in range(model.rowCount())]
    assert titles == sorted(tool.title for tool in DEFAULT_TOOLS)
    first = model.index(0)
    assert model.data(first, NAME_ROLE) == "diagnostics___sleep"
    assert "diagnostics___sleep" in model.data(first, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(5)) is None


def test_filter_matches_title_name_and_description_case_insensitively() -> None:
    model = ToolsModel()
    model.set_tools(DEFAULT_TOOLS)
    proxy = make_filter_model(model)
    proxy.setFilterFixedString("PROFILE")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("people___list")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("department")
    assert proxy.rowCount() == 1
    proxy.setFilterFixedString("")
    assert proxy.rowCount() == 3


def test_reset_replaces_rows() -> None:
    model = ToolsModel()
    model.set_tools(DEFAULT_TOOLS)
    model.set_tools([FakeTool("a___b", "a · b", "")])
    assert model.rowCount() == 1
    assert model.data(model.index(0)) == "a · b"


def test_summary_takes_the_first_paragraph_on_one_line() -> None:
    assert summary("Look up one\nprofile.\n\nUse it for questions.") == "Look up one profile."
    assert summary("x" * 300, limit=10) == "x" * 9 + "…"
    assert summary("") == ""


def test_a_tool_description_with_html_is_shown_literally_in_the_tooltip() -> None:
    from PySide6.QtGui import QTextDocument

    hostile = FakeTool("evil___tool", "Evil tool", '<img src="/etc/x.png"><b>bold</b> & more')
    model = ToolsModel()
    model.set_tools([hostile])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tip)  # what the tooltip renders, as rich text
    assert '<img src="/etc/x.png"><b>bold</b> & more' in shown.toPlainText()


def test_each_row_says_the_tools_risk() -> None:
    model = ToolsModel()
    model.set_tools(
        [
            FakeTool("t___list", "t · list", "List them.", read_only=True),
            FakeTool("t___close", "t · close", "Close one."),
            FakeTool("t___delete", "t · delete", "Delete one.", destructive=True),
        ]
    )
    rows = {model.data(model.index(r), NAME_ROLE): model.index(r) for r in range(3)}
    assert model.data(rows["t___list"]) == "t · list\nRead-only · List them."
    assert model.data(rows["t___close"]) == "t · close\nMay change data · Close one."
    assert model.data(rows["t___delete"], RISK_ROLE) is Risk.DESTRUCTIVE
    assert "Destructive" in model.data(rows["t___delete"])
    assert "delete or overwrite" in model.data(rows["t___delete"], Qt.ItemDataRole.ToolTipRole)
    assert model.data(rows["t___delete"], Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(rows["t___list"], Qt.ItemDataRole.ForegroundRole) is None


def test_a_server_title_shows_the_name_beside_it_and_an_icon_once_loaded() -> None:
    from PySide6.QtGui import QColor, QImage

    model = ToolsModel()
    model.set_tools(
        [
            FakeTool(
                "brand___getBrandKit", "brand · Get the brand kit", "The kit.", read_only=True
            ),
            FakeTool("a___b", "a · b", "Plain."),
        ]
    )
    kit, plain = model.index(1), model.index(0)  # sorted by title
    assert model.data(kit).split("\n")[1] == "brand___getBrandKit · Read-only · The kit."
    assert model.data(plain).split("\n")[1] == "May change data · Plain."  # title says it
    assert model.data(kit, Qt.ItemDataRole.DecorationRole) is None
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    model.set_icon("brand___getBrandKit", image)
    assert model.has_icon("brand___getBrandKit")
    assert not model.data(kit, Qt.ItemDataRole.DecorationRole).isNull()
    # A tool without an icon gets an empty one of the same size: its title lines up.
    blank = model.data(plain, Qt.ItemDataRole.DecorationRole)
    assert blank is not None and not model.has_icon("a___b")
    assert blank.pixmap(8, 8).toImage().pixelColor(4, 4).alpha() == 0


def test_the_footer_names_the_protocol(qtbot) -> None:
    from gui.ui.widgets.tools_panel import ToolsPanelView

    panel = ToolsPanelView()
    qtbot.addWidget(panel)
    assert panel.protocol_text() == ""
    panel.set_protocol("2026-07-28")
    assert panel.protocol_text() == "MCP protocol 2026-07-28"
