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


def test_progress_is_determinate_with_a_total_and_shows_the_server_s_words(qtbot) -> None:
    card = _card(qtbot)
    bar = card.progress_bar()
    assert bar.maximum() == 0  # indeterminate until the server says how far
    card.set_progress(None, "Starting")
    assert bar.maximum() == 0 and card.progress_text() == "Starting"
    card.set_progress(0.25, "A quarter")
    assert (bar.maximum(), bar.value()) == (1000, 250)
    assert card.progress_text() == "A quarter" and card._status.text() == "Running… 25 %"
    card.set_result("done", is_error=False)
    card.set_progress(0.5, "late")  # after the result: ignored
    assert card.progress_text() == "" and bar.isHidden()


def test_a_task_s_status_shows_on_the_card(qtbot) -> None:
    card = _card(qtbot)
    card.set_task_status("input_required")
    assert card.progress_text() == "Waiting for your input"
    assert card._status.text() == "Waiting for your input"
    card.set_task_status("working", "Packing 2 of 4")
    assert card.progress_text() == "Packing 2 of 4" and card._status.text() == "Working…"


def test_parts_and_details_are_built_when_the_result_is_first_shown(qtbot) -> None:
    from PySide6.QtGui import QColor, QImage

    from gui.gateway.content import ImagePart, LinkPart, TextPart

    card = _card(qtbot)
    card.set_tool_name("people___getProfile")
    assert card.tool_name() == "people___getProfile"
    card.set_expanded(False)
    image = ImagePart("image/png", 100, 4, 2, b"png")
    link = LinkPart("https://x.example/", "X")
    card.set_parts([TextPart("t"), image, link], [False, False, True])
    card.set_detail('{"requestId": "r-1"}')
    thumbnail = QImage(4, 2, QImage.Format.Format_RGB32)
    thumbnail.fill(QColor("red"))
    card.set_thumbnail(1, thumbnail)  # decoded before anyone looked: kept
    card.set_result("t", is_error=False)
    assert card.parts_view() is None and card.detail_text() == ""
    opened: list[str] = []
    card.link_requested.connect(opened.append)
    card.set_expanded(True)
    view = card.parts_view()
    assert view is not None and card.detail_text() == '{"requestId": "r-1"}'
    assert view.captions() == ["Image (4×2, image/png, 100 B)", "X"]
    assert view.thumbnail(1).pixmap().width() == 4
    view.open_button(2).click()
    assert opened == ["https://x.example/"]
