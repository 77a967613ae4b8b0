"""gui/ui/widgets/step_up_card.py without a window: the buttons of each state, plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.ui.widgets.step_up_card import DONE, FAILED, OFFERED, SIGNING_IN, StepUpCardView


def visible(card: StepUpCardView) -> set[str]:
    buttons = (card.sign_in_button, card.dismiss_button, card.open_button, card.cancel_button)
    return {b.objectName() for b in buttons if not b.isHidden()}


def test_each_state_offers_its_buttons(qtbot) -> None:
    card = StepUpCardView("tickets:admin")
    qtbot.addWidget(card)
    assert card.state() == OFFERED
    assert visible(card) == {"stepUpSignIn", "stepUpDismiss"}
    assert card.sign_in_button.text() == "Sign in again"
    assert "“tickets:admin”" in card._message.text()

    card.show_code(
        "BCDF-GHJK", "https://login.example.com/activate?user_code=BCDF-GHJK", openable=True
    )
    assert card.state() == SIGNING_IN and card.code_text() == "BCDF-GHJK"
    assert visible(card) == {"stepUpOpen", "stepUpCancel"}
    assert "approve" in card.status_text()

    card.show_browser("https://login.example.com/authorize?x=1", openable=False)
    assert card.code_text() == "" and card.link_text().endswith("x=1")
    assert not card.open_button.isEnabled()  # a link the app will not open
    assert "browser" in card.status_text()

    card.show_failed("Access denied: no")
    assert card.state() == FAILED and card.sign_in_button.text() == "Try again"
    assert visible(card) == {"stepUpSignIn", "stepUpDismiss"} and card.link_text() == ""

    card.show_done("Signed in again.")
    assert card.state() == DONE and visible(card) == set()


def test_server_text_is_plain_and_bounded(qtbot) -> None:
    card = StepUpCardView("<b>x</b>")
    qtbot.addWidget(card)
    card.show_failed("<img src=x>\x1b[2J" + "A" * 5000)
    assert card._message.textFormat() == Qt.TextFormat.PlainText
    assert card._status.textFormat() == Qt.TextFormat.PlainText
    assert "\x1b" not in card.status_text() and len(card.status_text()) <= 600
