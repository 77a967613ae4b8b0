"""gui/ui/widgets/approval_card.py without a window: texts, default button, answering once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.agent.approval import Risk
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.enter_presses import EnterPushButton, EnterToolButton


def test_server_text_is_plain_and_tab_reaches_the_three_answers(qtbot) -> None:
    card = ApprovalCardView("t · <b>x</b>", "<img src=x> deletes", "{}", Risk.DESTRUCTIVE)
    qtbot.addWidget(card)
    for label in (card._name, card._description, card._heading):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert card.description_text() == "<img src=x> deletes"
    assert card.keyboard_chain() == [card.allow_once_button, card.always_button, card.deny_button]
    assert "delete or overwrite" in card._warning.text()
    may_change = ApprovalCardView("t · y", "", "{}", Risk.MAY_CHANGE)
    qtbot.addWidget(may_change)
    assert may_change._description.isHidden()  # no description from the server: no empty line


def test_it_answers_once_and_then_shows_the_outcome(qtbot) -> None:
    card = ApprovalCardView("t · y", "Does y.", '{\n  "a": 1\n}', Risk.MAY_CHANGE)
    qtbot.addWidget(card)
    card.show()
    answers: list[str] = []
    card.decided.connect(answers.append)
    qtbot.mouseClick(card.always_button, Qt.MouseButton.LeftButton)
    card.set_outcome("always")
    card.deny_button.click()  # hidden now; a programmatic click must not answer again
    assert answers == ["always"]
    assert not card.is_pending() and not card.always_button.isVisible()
    assert "Settings can revoke it" in card._outcome_label.text()
    assert card._heading.text() == "t · y"


def test_enter_presses_an_answer_button(qtbot) -> None:
    push, tool = EnterPushButton(), EnterToolButton()
    tool.setCheckable(True)
    clicks: list[str] = []
    push.clicked.connect(lambda: clicks.append("push"))
    tool.toggled.connect(lambda on: clicks.append(f"tool {on}"))
    qtbot.keyClick(push, Qt.Key.Key_Return)
    qtbot.keyClick(tool, Qt.Key.Key_Enter)
    qtbot.keyClick(push, Qt.Key.Key_A)  # other keys go on to Qt
    assert clicks == ["push", "tool True"]
