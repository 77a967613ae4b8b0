"""gui/ui/widgets/tool_card.py without a window: the result box is made when first shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.ui.widgets.tool_card import ToolCardView


def _card(qtbot) -> ToolCardView:
    card = ToolCardView("people · getProfile", '{\n  "name": "neruneruo"\n}')
    qtbot.addWidget(card)
    card.show()
    return card


def test_a_collapsed_result_is_built_when_expanded_and_shows_its_text(qtbot) -> None:
    card = _card(qtbot)
    assert card.is_expanded() and '"neruneruo"' in card.arguments_text()
    card.set_expanded(False)  # as the controller does: most results are never looked at
    card.set_result('{\n  "age": 30\n}', is_error=False)
    assert card.result_box() is None and '"age": 30' in card.result_text()
    card.header().setFocus()
    qtbot.keyClick(card.header(), Qt.Key.Key_Return)  # the keyboard still opens it
    box = card.result_box()
    assert card.is_expanded() and box is not None and box.isVisible()
    assert box.toPlainText() == '{\n  "age": 30\n}'
    assert box.accessibleName() == "Result"
    assert '"neruneruo"' in card.arguments_text()  # the arguments are still there
    qtbot.keyClick(card.header(), Qt.Key.Key_Space)
    assert not card.is_expanded() and not box.isVisible()


def test_an_error_shown_later_still_looks_like_one(qtbot) -> None:
    card = _card(qtbot)
    card.set_expanded(False)
    card.set_result("boom", is_error=True)
    assert card.is_error() and card.result_text() == "boom"
    assert card.result_box() is None
    card.set_expanded(True)
    box = card.result_box()
    assert box is not None and box.toPlainText() == "boom"
    assert box.accessibleName() == "Error"
    # The sheet's error rules reached the card's status and the box made afterwards.
    assert card._status.palette().windowText().color() == QColor(229, 72, 77)
    assert box.palette().base().color() != card._arguments.palette().base().color()


def test_a_result_arriving_while_expanded_is_shown_at_once(qtbot) -> None:
    card = _card(qtbot)
    card.set_result("done text", is_error=False)
    box = card.result_box()
    assert box is not None and box.isVisible() and box.toPlainText() == "done text"
    assert not card.is_running() and not card.is_error()
