"""A small form a server asks for mid-call, built from its schema, in the transcript.

One row per field: a line edit (string), spin boxes (integer, number), a check box
(boolean) or a combo box (enum), with the server's defaults; required fields are marked
and **Accept** stays disabled until they are filled (the reason is shown beside it).
**Decline** and **Cancel** answer without content. Every control is reachable with Tab.

May import Qt and the gateway's form types (gui.gateway.forms); no controller.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.gateway.forms import ACCEPT, CANCEL, DECLINE, FormField, FormRequest, Value, check

_INT_LIMIT = 2_147_483_647  # QSpinBox holds a C int
_STYLE = """
FormCardView { border: 1px solid rgba(37, 99, 235, 0.75); border-radius: 8px;
               background: palette(base); }
QLabel#formTitle { font-weight: 600; }
QLabel#formProblem { color: rgb(229, 72, 77); }
"""


class FormCardView(QFrame):
    """Shows one form; ``answered`` carries ``(action, content)`` once, then the card locks."""

    answered = Signal(str, dict)

    def __init__(self, request: FormRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._request = request
        self._inputs: dict[str, QWidget] = {}
        self._labels: list[tuple[QLabel, FormField]] = []
        self._done = ""

        self._title = self._label("formTitle")
        self._message = self._label("formMessage", request.message)
        # A server's one long "word" must not widen the card past the transcript.
        self._message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        rows = QFormLayout()
        rows.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for item in request.fields:
            editor = self._editor(item)
            self._inputs[item.name] = editor
            label = self._label("formLabel")
            label.setBuddy(editor)
            label.setWordWrap(False)
            self._labels.append((label, item))
            rows.addRow(label, editor)
        self._problem = self._label("formProblem")
        self.accept_button = self._button("formAccept", lambda: self._answer(ACCEPT))
        self.decline_button = self._button("formDecline", lambda: self._answer(DECLINE))
        self.cancel_button = self._button("formCancel", lambda: self._answer(CANCEL))
        self._status = self._label("formStatus")
        self._status.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.decline_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self._status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addWidget(self._message)
        layout.addLayout(rows)
        layout.addWidget(self._problem)
        layout.addLayout(buttons)
        self.retranslate()
        self._update()

    # -- reading it ---------------------------------------------------------------------------

    def editor(self, name: str) -> QWidget:
        """The input for field ``name`` (for focus and the tests)."""
        return self._inputs[name]

    def values(self) -> dict[str, Value]:
        """What the form holds now; empty optional fields are left out."""
        content: dict[str, Value] = {}
        for item in self._request.fields:
            value = _value_of(self._inputs[item.name], item)
            if value is not None and value != "":
                content[item.name] = value
        return content

    def problem_text(self) -> str:
        """Why Accept is disabled ("" when it is enabled)."""
        return self._problem.text() if not self._problem.isHidden() else ""

    def answer(self) -> str:
        """The action chosen ("" while the form waits)."""
        return self._done

    def focus_first_field(self) -> None:
        """Put the keyboard on the first field (or on Accept when there is none)."""
        first = next(iter(self._inputs.values()), self.accept_button)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_unanswered(self) -> None:
        """The call ended before the person answered: lock the form as cancelled."""
        if not self._done:
            self._lock(CANCEL)

    # -- behaviour ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        self._title.setText(self.tr("The tool asks for some details"))
        for label, item in self._labels:
            label.setText(f"{item.title} *" if item.required else item.title)
            if item.description:
                # A tooltip turns anything that looks like markup into rich text: escape it.
                tip = "<qt>" + html.escape(item.description) + "</qt>"
                label.setToolTip(tip)
                self._inputs[item.name].setToolTip(tip)
                self._inputs[item.name].setAccessibleDescription(item.description)
        self.accept_button.setText(self.tr("Accept"))
        self.decline_button.setText(self.tr("Decline"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._status.setText(
            {
                "": "",
                ACCEPT: self.tr("Sent"),
                DECLINE: self.tr("Declined"),
                CANCEL: self.tr("Cancelled"),
            }[self._done]
        )
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        """Follow language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update(self) -> None:
        problems = check(self._request.fields, self.values())
        titles = {item.name: item.title for item in self._request.fields}
        if problems and not self._done:
            missing = [titles[n] for n, p in problems.items() if p == "Required."]
            if missing:
                text = self.tr("Fill in: %1").replace("%1", ", ".join(missing))
            else:  # out of the server's limits (length, range, choices)
                wrong = ", ".join(titles[n] for n in problems)
                text = self.tr("Check: %1").replace("%1", wrong)
            self._problem.setText(text)
            self._problem.show()
        else:
            self._problem.hide()
        self.accept_button.setEnabled(not problems and not self._done)
        self.accept_button.setAccessibleDescription(self.problem_text())

    def _answer(self, action: str) -> None:
        if self._done:
            return
        content = self.values() if action == ACCEPT else {}
        if action == ACCEPT and check(self._request.fields, content):
            return
        self._lock(action)
        self.answered.emit(action, content)

    def _lock(self, action: str) -> None:
        self._done = action
        for editor in self._inputs.values():
            editor.setEnabled(False)
        for button in (self.accept_button, self.decline_button, self.cancel_button):
            button.setEnabled(False)
        self.retranslate()

    def _editor(self, item: FormField) -> QWidget:
        if item.kind == "boolean":
            box = QCheckBox(self)
            box.setChecked(bool(item.default))
            box.toggled.connect(self._update)
            return box
        if item.kind == "enum":
            combo = QComboBox(self)
            for value, label in item.choices:
                combo.addItem(label, value)
            values = [value for value, _ in item.choices]
            combo.setCurrentIndex(values.index(item.default) if item.default in values else -1)
            combo.setPlaceholderText(self.tr("Choose…"))
            combo.currentIndexChanged.connect(self._update)
            return combo
        if item.kind in ("integer", "number"):
            spin: QSpinBox | QDoubleSpinBox = (
                QSpinBox(self) if item.kind == "integer" else QDoubleSpinBox(self)
            )
            low = item.minimum if item.minimum is not None else -_INT_LIMIT
            high = item.maximum if item.maximum is not None else _INT_LIMIT
            if isinstance(spin, QSpinBox):
                spin.setRange(int(max(low, -_INT_LIMIT)), int(min(high, _INT_LIMIT)))
            else:
                spin.setDecimals(3)
                spin.setRange(low, high)
            if isinstance(item.default, int | float) and not isinstance(item.default, bool):
                spin.setValue(item.default)  # type: ignore[arg-type]
            spin.valueChanged.connect(self._update)
            return spin
        line = QLineEdit(self)
        if item.default is not None:
            line.setText(str(item.default))
        if item.max_length:
            line.setMaxLength(item.max_length)
        line.setPlaceholderText(item.description)
        line.textChanged.connect(self._update)
        return line

    def _button(self, name: str, slot: object) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never markup
        label.setWordWrap(True)
        return label


def _value_of(editor: QWidget, item: FormField) -> Value | None:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return str(data) if data is not None else None
    if isinstance(editor, QSpinBox):
        return int(editor.value())
    if isinstance(editor, QDoubleSpinBox):
        return float(editor.value())
    if isinstance(editor, QLineEdit):
        return editor.text().strip()
    return None
