"""The cards' shared layout and look: parts in the order given, one style for asking cards."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from gui.ui.widgets.card_layout import STRETCH, asking_card_style, button_row, card_column


def test_a_card_lays_out_its_parts_and_buttons_in_order(qtbot) -> None:
    card = QFrame()
    qtbot.addWidget(card)
    title, ok, cancel, status = QLabel("t"), QPushButton("OK"), QPushButton("Cancel"), QLabel()
    row = button_row(ok, cancel, STRETCH, status)
    column = card_column(card, title, row, spacing=6)
    assert [row.itemAt(i).widget() for i in range(row.count())] == [ok, cancel, None, status]
    assert row.itemAt(2).spacerItem() is not None  # the stretch
    assert column.itemAt(0).widget() is title and column.itemAt(1).layout() is row
    assert column.spacing() == 6 and column.contentsMargins().left() == 10
    holder = QWidget(card)
    assert isinstance(button_row(QPushButton("x"), parent=holder), QHBoxLayout)
    assert holder.layout() is not None


def test_an_asking_card_is_grey_when_ended_and_red_when_failed() -> None:
    style = asking_card_style("C", "c", ended=("done", "gone"), failed="broken", extra="X {}")
    assert 'C[state="done"], C[state="gone"] { border: 1px solid palette(mid); }' in style
    assert 'C[state="broken"] { border: 1px solid rgba(220, 38, 38, 0.75); }' in style
    assert 'QLabel#cStatus[state="broken"]' in style and style.rstrip().endswith("X {}")
