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


def test_a_link_request_card_offers_decline_and_cancel(cards: list) -> None:
    from gui.ui.widgets.consent_card import CANCELLED, DECLINED

    card = ConsentCardView(
        "drive · list",
        "Connect",
        "ok.example",
        "https://ok.example/",
        openable=True,
        answerable=True,
    )
    cards.append(card)
    assert card.is_answerable() and not card.decline_button.isHidden()
    said: list[str] = []
    card.declined_clicked.connect(lambda: said.append("decline"))
    card.cancelled_clicked.connect(lambda: said.append("cancel"))
    card.decline_button.click()
    card.cancel_button.click()  # answered already: ignored
    assert said == ["decline"] and card.state() == DECLINED
    assert card.status_text() == "Declined" and not card.connected_button.isEnabled()
    other = ConsentCardView("t", "m", "h", "https://h/", openable=True, answerable=True)
    cards.append(other)
    other.cancel_button.click()
    assert other.state() == CANCELLED
    plain = ConsentCardView("t", "m", "h", "https://h/", openable=True)
    cards.append(plain)
    assert plain.decline_button.isHidden() and plain.cancel_button.isHidden()


def test_the_form_names_who_asks_and_takes_every_kind(cards: list) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidget

    request = form_request(
        "Lunch?",
        {
            "properties": {
                "dishes": {
                    "type": "array",
                    "title": "Dishes",
                    "items": {
                        "anyOf": [
                            {"const": "a", "title": "Apple"},
                            {"const": "b", "title": "Bread"},
                        ]
                    },
                    "maxItems": 1,
                    "default": ["a"],
                },
                "people": {"type": "integer", "title": "People", "minimum": 1, "maximum": 9},
                "day": {"type": "string", "title": "Day", "format": "date"},
                "api_key": {"type": "string", "title": "API key"},
            },
            "required": ["people"],
        },
        server="gw.example",
        tool="orders · Order lunch",
    )
    card = FormCardView(request)
    cards.append(card)
    assert card.source_text() == "Asked by orders · Order lunch on gw.example"
    assert card.secret_warning() == (
        "API key looks like a password or key: enter it only if you trust gw.example."
    )
    assert card.editor("api_key").echoMode() == QLineEdit.EchoMode.Password
    dishes = card.editor("dishes")
    assert isinstance(dishes, QListWidget) and dishes.item(0).text() == "Apple"
    people = card.editor("people")
    assert isinstance(people, QSpinBox) and people.text().strip() == ""  # empty, not 1
    assert card.values() == {"dishes": ["a"]}
    assert card.problem_text() == "Fill in: People"
    people.setValue(3)
    dishes.item(1).setCheckState(Qt.CheckState.Checked)
    card.editor("day").setText("31/01/2026")
    assert card.problem_text() == "Dishes: Choose at most 1.\nDay: Enter a date as YYYY-MM-DD."
    assert not card.accept_button.isEnabled()
    dishes.item(0).setCheckState(Qt.CheckState.Unchecked)
    card.editor("day").setText("2026-01-31")
    assert card.accept_button.isEnabled()
    assert card.values() == {"dishes": ["b"], "people": 3, "day": "2026-01-31"}
