"""gui/ui/widgets/press_guard.py: presses too soon after a card shows are ignored."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from gui.agent.approval import Risk
from gui.gateway.forms import FormField, FormRequest
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.consent_card import ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from gui.ui.widgets.press_guard import PressGuard, chain_after
from tests.support.clock import FakeClock


def test_the_delay_counts_from_the_first_show_and_a_press_must_begin_after_it(
    qtbot, press_clock: FakeClock
) -> None:
    card = QWidget()
    qtbot.addWidget(card)
    button = QPushButton("Go", card)
    guard = PressGuard(card)
    pressed: list[str] = []
    guard.connect(button, lambda: pressed.append("go"))
    press_clock.advance(5)  # built long ago, shown only now
    card.show()
    button.click()
    press_clock.advance(0.59)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert pressed == [] and guard.ignored == 2
    QTest.mousePress(button, Qt.MouseButton.LeftButton)  # begun too soon...
    press_clock.advance(0.02)
    QTest.mouseRelease(button, Qt.MouseButton.LeftButton)  # ...released in time: no
    assert pressed == []
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Space)
    assert pressed == ["go", "go"]


def test_every_answer_button_of_the_three_cards_is_guarded(qtbot, press_clock: FakeClock) -> None:
    approval = ApprovalCardView("t · y", "", "{}", Risk.DESTRUCTIVE)
    consent = ConsentCardView("t · y", "Connect", "x.example", "https://x.example/", openable=True)
    field = FormField(name="a", title="A", kind="string", required=False)
    form = FormCardView(FormRequest(message="Details", fields=(field,)))
    decided: list[str] = []
    approval.decided.connect(decided.append)
    consent.open_requested.connect(lambda: decided.append("open"))
    consent.connected_clicked.connect(lambda: decided.append("connected"))
    form.answered.connect(lambda action, _content: decided.append(action))
    for card in (approval, consent, form):
        qtbot.addWidget(card)
        card.show()
    buttons = [
        approval.deny_button,
        consent.open_button,
        consent.connected_button,
        form.decline_button,
    ]
    for button in buttons:
        button.click()
    assert decided == []
    press_clock.advance(0.6)
    approval.deny_button.click()
    consent.open_button.click()
    form.decline_button.click()
    assert decided == ["deny", "open", "decline"]


def test_chain_after_puts_a_card_right_after_the_composer(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    composer, send = QLineEdit(window), QPushButton("Send", window)
    first, second = QPushButton("1", window), QPushButton("2", window)
    for widget in (composer, send, first, second):
        layout.addWidget(widget)
    chain_after(composer, [first, second])
    assert composer.nextInFocusChain() is first
    assert first.nextInFocusChain() is second
    assert second.nextInFocusChain() is send
