"""A small form a server asks for mid-call, built from its schema, in the transcript.

It names who asks (the tool and the gateway's host). One row per field: a line edit
(string; a hint for email, address, date and date-time formats), spin boxes (integer,
number, within the schema's bounds; empty until set when there is no default), a check
box (boolean), a combo box of titled choices (enum) or a list of check boxes
(multi-select), with the server's defaults. Required fields are marked and **Accept**
stays disabled until the content may be sent; the reasons (a field left empty, a value
the schema refuses and why) are shown above the buttons. A field that looks like a
password or key is masked and warned about. **Decline** and **Cancel** answer without
content. Every control is reachable with Tab. The card never takes the focus itself, and its
buttons ignore presses for a moment after it appears (:mod:`press_guard`).

May import Qt, gui.ui.i18n, the card layout, the press guard and the gateway's form types
(gui.gateway.forms); no controller.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from gui.gateway.forms import ACCEPT, CANCEL, DECLINE, FormField, FormRequest, Value, check
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.card_layout import STRETCH, button_row, card_column
from gui.ui.widgets.press_guard import PressGuard

_INT_LIMIT = 2_147_483_647  # QSpinBox holds a C int
_STYLE = """
FormCardView { border: 1px solid rgba(37, 99, 235, 0.75); border-radius: 8px;
               background: palette(base); }
QLabel#formTitle { font-weight: 600; }
QLabel#formSource { color: palette(placeholder-text); }
QLabel#formProblem, QLabel#formSecret { color: rgb(229, 72, 77); }
"""
_PLACEHOLDERS = {
    "email": "name@example.com",
    "uri": "https://…",
    "date": "YYYY-MM-DD",
    "date-time": "2026-01-31T09:30:00Z",
}


class FormCardView(FollowsLanguage, QFrame):
    """Shows one form; ``answered`` carries ``(action, content)`` once, then the card locks."""

    answered = Signal(str, dict)

    def __init__(self, request: FormRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._request = request
        self._inputs: dict[str, QWidget] = {}
        self._labels: list[tuple[QLabel, FormField]] = []
        self._done = ""
        self.press_guard = PressGuard(self)

        self._title = self._label("formTitle")
        self._source = self._label("formSource")
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
        self._secret = self._label("formSecret")
        self._secret.setVisible(any(item.secret for item in request.fields))
        self._problem = self._label("formProblem")
        self.accept_button = self._button("formAccept", lambda: self._answer(ACCEPT))
        self.decline_button = self._button("formDecline", lambda: self._answer(DECLINE))
        self.cancel_button = self._button("formCancel", lambda: self._answer(CANCEL))
        self._status = self._label("formStatus")
        self._status.setWordWrap(False)
        buttons = button_row(
            self.accept_button, self.decline_button, self.cancel_button, STRETCH, self._status
        )
        card_column(
            self,
            self._title,
            self._source,
            self._message,
            rows,
            self._secret,
            self._problem,
            buttons,
            spacing=6,
        )
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

    def source_text(self) -> str:
        """Who asks: the tool and the gateway."""
        return self._source.text()

    def secret_warning(self) -> str:
        """The warning about fields that look like passwords or keys ("" when none does)."""
        return self._secret.text() if not self._secret.isHidden() else ""

    def answer(self) -> str:
        """The action chosen ("" while the form waits)."""
        return self._done

    def keyboard_chain(self) -> list[QWidget]:
        """What Tab reaches on the card, in order: the fields, then the three answers."""
        return [*self._inputs.values(), self.accept_button, self.decline_button, self.cancel_button]

    def close_unanswered(self) -> None:
        """The call ended before the person answered: lock the form as cancelled."""
        if not self._done:
            self._lock(CANCEL)

    # -- behaviour ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        self._title.setText(self.tr("The tool asks for some details"))
        request = self._request
        if request.tool and request.server:
            source = self.tr("Asked by %1 on %2").replace("%1", request.tool)
            source = source.replace("%2", request.server)
        else:
            source = self.tr("Asked by %1").replace("%1", request.tool or request.server)
        self._source.setText(source if request.tool or request.server else "")
        self._source.setVisible(bool(request.tool or request.server))
        secrets = [item.title for item in request.fields if item.secret]
        self._secret.setText(
            self.tr("%1 looks like a password or key: enter it only if you trust %2.")
            .replace("%1", ", ".join(secrets))
            .replace("%2", request.server or self.tr("this server"))
        )
        for label, item in self._labels:
            label.setText(f"{item.title} *" if item.required else item.title)
            about = " ".join(x for x in (item.description, self._limits(item)) if x)
            if about:
                # A tooltip turns anything that looks like markup into rich text: escape it.
                tip = "<qt>" + html.escape(about) + "</qt>"
                label.setToolTip(tip)
                self._inputs[item.name].setToolTip(tip)
                self._inputs[item.name].setAccessibleDescription(about)
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

    def _limits(self, item: FormField) -> str:
        """The schema's limits in words, e.g. "From 1 to 20." ("" when it has none)."""
        low, high = item.minimum, item.maximum
        if item.kind in ("integer", "number") and low is not None and high is not None:
            return self.tr("From %1 to %2.").replace("%1", f"{low:g}").replace("%2", f"{high:g}")
        if item.kind == "multi" and item.max_items is not None:
            return self.tr("Choose up to %1.").replace("%1", str(item.max_items))
        if item.kind == "string" and item.max_length is not None:
            return self.tr("At most %1 characters.").replace("%1", str(item.max_length))
        return ""

    def _update(self) -> None:
        problems = check(self._request.fields, self.values())
        titles = {item.name: item.title for item in self._request.fields}
        if problems and not self._done:
            missing = [titles[n] for n, p in problems.items() if p == "Required."]
            lines = [self.tr("Fill in: %1").replace("%1", ", ".join(missing))] if missing else []
            # Out of the server's limits (format, length, range, choices): say why, by field.
            lines += [f"{titles[n]}: {p}" for n, p in problems.items() if p != "Required."]
            self._problem.setText("\n".join(lines))
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
        if item.kind == "multi":
            return self._checklist(item)
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
            has_default = isinstance(item.default, int | float) and not isinstance(
                item.default, bool
            )
            # No default: the box starts empty (one step below the range, shown blank),
            # so nothing the person did not choose is sent.
            bottom = low if has_default or low <= -_INT_LIMIT else low - 1
            if isinstance(spin, QSpinBox):
                spin.setRange(int(max(bottom, -_INT_LIMIT)), int(min(high, _INT_LIMIT)))
            else:
                spin.setDecimals(3)
                spin.setRange(bottom, high)
            if has_default:
                spin.setValue(item.default)  # type: ignore[arg-type]
            else:
                spin.setSpecialValueText(" ")
                spin.setValue(spin.minimum())
            spin.valueChanged.connect(self._update)
            return spin
        line = QLineEdit(self)
        if item.default is not None:
            line.setText(str(item.default))
        if item.max_length:
            line.setMaxLength(item.max_length)
        line.setPlaceholderText(_PLACEHOLDERS.get(item.format) or item.description)
        if item.secret:
            line.setEchoMode(QLineEdit.EchoMode.Password)
        line.textChanged.connect(self._update)
        return line

    def _checklist(self, item: FormField) -> QListWidget:
        """A multi-select: one check box per titled choice, the defaults ticked."""
        box = QListWidget(self)
        box.setObjectName("formChoices")
        chosen = set(item.default) if isinstance(item.default, tuple) else set()
        for value, label in item.choices:
            row = QListWidgetItem(label, box)
            row.setData(Qt.ItemDataRole.UserRole, value)
            row.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = value in chosen
            row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        rows = min(max(box.count(), 1), 6)
        box.setFixedHeight(box.sizeHintForRow(0) * rows + 2 * box.frameWidth() + 2)
        box.itemChanged.connect(self._update)
        return box

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        self.press_guard.connect(button, slot)
        return button

    def _label(self, name: str, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never markup
        label.setWordWrap(True)
        return label


def _value_of(editor: QWidget, item: FormField) -> Value | None:
    if isinstance(editor, QListWidget):
        rows = (editor.item(row) for row in range(editor.count()))
        picked = [
            str(row.data(Qt.ItemDataRole.UserRole))
            for row in rows
            if row.checkState() == Qt.CheckState.Checked
        ]
        return picked or None
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return str(data) if data is not None else None
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        if editor.specialValueText() and editor.value() == editor.minimum():
            return None  # left empty
        return int(editor.value()) if isinstance(editor, QSpinBox) else float(editor.value())
    if isinstance(editor, QLineEdit):
        return editor.text().strip()
    return None
