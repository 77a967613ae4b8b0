"""The consent and form cards on their own: what they show, and hostile server text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QSpinBox

from gui.gateway.forms import form_request
from gui.ui.widgets.consent_card import ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from tests.support.qt import delete_now


@pytest.fixture
def cards() -> Iterator[list]:
    made: list = []
    yield made
    for card in made:
        delete_now(card)


def test_a_long_hostile_message_and_link_do_not_widen_the_card(cards: list) -> None:
    card = ConsentCardView(
        "t · x", "<i>x</i>" * 40, "evil.example", "http://evil.example/" + "a" * 500, openable=False
    )
    cards.append(card)
    assert card.minimumSizeHint().width() < 400
    assert card.message_text().startswith("<i>x</i>")  # literal, never markup
    assert card.link_text().endswith("a" * 10) and card.warning_text()
    assert card.open_button.isHidden()


def test_an_openable_link_is_behind_its_button(cards: list) -> None:
    card = ConsentCardView("t · x", "Connect", "ok.example", "https://ok.example/", openable=True)
    cards.append(card)
    assert not card.open_button.isHidden()
    assert card.link_text() == "" and card.warning_text() == ""


def test_the_form_has_one_editor_per_kind_with_defaults(cards: list) -> None:
    request = form_request(
        "m",
        {
            "properties": {
                "s": {"type": "string", "default": "hi"},
                "i": {"type": "integer", "minimum": 1, "maximum": 9, "default": 3},
                "n": {"type": "number", "default": 0.5},
                "b": {"type": "boolean", "default": True},
                "e": {"type": "string", "enum": ["a", "b"], "default": "b"},
            },
            "required": ["s", "e"],
        },
    )
    card = FormCardView(request)
    cards.append(card)
    assert isinstance(card.editor("s"), QLineEdit) and card.editor("s").text() == "hi"
    spin = card.editor("i")
    assert isinstance(spin, QSpinBox) and (spin.minimum(), spin.maximum(), spin.value()) == (
        1,
        9,
        3,
    )
    assert isinstance(card.editor("n"), QDoubleSpinBox) and card.editor("n").value() == 0.5
    assert isinstance(card.editor("b"), QCheckBox) and card.editor("b").isChecked()
    assert isinstance(card.editor("e"), QComboBox) and card.editor("e").currentData() == "b"
    assert card.values() == {"s": "hi", "i": 3, "n": 0.5, "b": True, "e": "b"}
    assert card.accept_button.isEnabled()  # every required field has its default
    card.editor("s").setText("  ")
    assert not card.accept_button.isEnabled() and card.problem_text() == "Fill in: s"


def test_a_form_answers_once(cards: list) -> None:
    card = FormCardView(form_request("m", {"properties": {"x": {"type": "string"}}}))
    cards.append(card)
    answers: list = []
    card.answered.connect(lambda action, content: answers.append((action, content)))
    card.editor("x").setText("typed")
    card.accept_button.click()
    card.decline_button.click()  # locked: ignored
    assert answers == [("accept", {"x": "typed"})] and card.answer() == "accept"
