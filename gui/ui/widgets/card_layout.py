"""The one way the chat's cards lay out: a column of parts, a row of buttons.

Approval, consent, form and step-up cards share the card's margins and the button
row's spacing, so they look the same and change together. May import Qt only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

#: In :func:`button_row`, the stretch that pushes what follows to the right.
STRETCH = None

CARD_MARGINS = (10, 8, 10, 8)


def button_row(*items: QWidget | None, parent: QWidget | None = None) -> QHBoxLayout:
    """A row of ``items`` in order (:data:`STRETCH` for the gap), a little below the text."""
    row = QHBoxLayout(parent) if parent is not None else QHBoxLayout()
    row.setContentsMargins(0, 4, 0, 0)
    _add(row, items)
    return row


def card_column(
    card: QWidget,
    *items: QWidget | QLayout | None,
    spacing: int = 4,
    margins: tuple[int, int, int, int] = CARD_MARGINS,
) -> QVBoxLayout:
    """``card``'s layout: ``items`` top to bottom (widgets, rows, :data:`STRETCH`)."""
    column = QVBoxLayout(card)
    column.setContentsMargins(*margins)
    column.setSpacing(spacing)
    _add(column, items)
    return column


def _add(box: QBoxLayout, items: tuple[QWidget | QLayout | None, ...]) -> None:
    for item in items:
        if item is None:
            box.addStretch(1)
        elif isinstance(item, QLayout):
            box.addLayout(item)
        else:
            box.addWidget(item)


#: The cards' colours: waiting for the person (amber), failed (red), and error text.
WAITING_BORDER = "rgba(217, 119, 6, 0.8)"
FAILED_BORDER = "rgba(220, 38, 38, 0.75)"
ERROR_TEXT = "rgb(229, 72, 77)"


def asking_card_style(
    card: str, prefix: str, *, ended: tuple[str, ...], failed: str, extra: str = ""
) -> str:
    """The style sheet of a card that waits for the person (consent, step-up).

    Amber while it waits, grey once in an ``ended`` state, red in the ``failed`` one;
    ``QLabel#<prefix>Title`` bold, ``QLabel#<prefix>Status`` red when failed.
    """
    ended_rules = ", ".join(f'{card}[state="{state}"]' for state in ended)
    return f"""
{card} {{ border: 1px solid {WAITING_BORDER}; border-radius: 8px; background: palette(base); }}
{ended_rules} {{ border: 1px solid palette(mid); }}
{card}[state="{failed}"] {{ border: 1px solid {FAILED_BORDER}; }}
QLabel#{prefix}Title {{ font-weight: 600; }}
QLabel#{prefix}Status[state="{failed}"] {{ color: {ERROR_TEXT}; font-weight: 600; }}
{extra}"""
