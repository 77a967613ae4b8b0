"""The "Add profile" dialog: first the gateway URL, then the sign-in details.

Two pages. The first asks for the profile's name and the gateway URL; **Continue**
asks the controller to read what the gateway publishes about its sign-in. The second
shows the provider and scopes found (editable) and asks for what is still missing,
the client ID first. **Enter the details yourself** opens the second page empty when
the gateway publishes nothing.

A view only: it lays the fields out, gives their raw values, shows messages next to
fields and a busy line; ``AddProfileController`` (gui/ui/controllers/add_profile.py)
decides. May import Qt, gui.ui.i18n and the profile form's shared parts (with Settings); no
controller, no core.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.profile_form import ConnectionFields, error_label

GATEWAY_PAGE, DETAILS_PAGE = 0, 1


def _button(
    parent: QWidget, clicked: SignalInstance | Callable[[], object], *, default: bool = False
) -> QPushButton:
    """A button that emits or calls ``clicked``; only the page's main one is the default."""
    button = QPushButton(parent)
    if default:
        button.setDefault(True)
    else:
        button.setAutoDefault(False)
    button.clicked.connect(clicked)
    return button


def _lay_out_page(
    page: QWidget,
    parts: tuple[QLabel, QFormLayout, QLabel],
    buttons: tuple[QPushButton, QPushButton, QPushButton],
) -> None:
    """A page: a note, the form, a status line; then (other, Cancel, main) at the bottom."""
    top, form, status = parts
    other, cancel, main = buttons
    row = QHBoxLayout()
    row.addWidget(other)
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(main)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(top)
    layout.addLayout(form)
    layout.addWidget(status)
    layout.addStretch(1)
    layout.addLayout(row)


class AddProfileDialog(FollowsLanguage, QDialog):
    """The form; signals say which button was pressed.

    ``continue_clicked``: look the gateway up; ``manual_clicked``: enter the details
    without it; ``back_clicked``: to the gateway page; ``save_clicked``: save.
    """

    continue_clicked = Signal()
    manual_clicked = Signal()
    back_clicked = Signal()
    save_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addProfileDialog")
        self.setModal(True)
        self.setMinimumWidth(520)
        self.pages = QStackedWidget(self)

        # Page 1: name and gateway URL.
        first = QWidget(self.pages)
        self.gateway_intro = QLabel(first)
        self.gateway_intro.setWordWrap(True)
        self.name = QLineEdit(first)
        self.name.setObjectName("profileName")
        self.connection = ConnectionFields.create(self)
        self.busy = QLabel(first)
        self.busy.setWordWrap(True)
        self.busy.hide()
        self.errors: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        first_form = QFormLayout()
        self._add_row(first_form, "name", self.name, first)
        self._add_row(first_form, "gateway_url", self.connection.gateway_url, first)
        self.manual_button = _button(first, self.manual_clicked)
        self.manual_button.hide()
        self.continue_button = _button(first, self.continue_clicked, default=True)
        self.cancel_first = _button(first, self.reject)
        _lay_out_page(
            first,
            (self.gateway_intro, first_form, self.busy),
            (self.manual_button, self.cancel_first, self.continue_button),
        )

        # Page 2: the sign-in details, filled in from what the gateway said.
        second = QWidget(self.pages)
        self.found = QLabel(second)
        self.found.setObjectName("notice")
        self.found.setWordWrap(True)
        self.found.setTextFormat(Qt.TextFormat.PlainText)  # names a server's values
        self.scopes = QLineEdit(second)
        second_form = QFormLayout()
        fields = self.connection.by_key()
        del fields["gateway_url"]  # asked on the first page
        for key, widget in {**fields, "scopes": self.scopes}.items():
            self._add_row(second_form, key, widget, second)
        self.save_error = error_label(second)
        self.back_button = _button(second, self.back_clicked)
        self.save_button = _button(second, self.save_clicked, default=True)
        self.cancel_second = _button(second, self.reject)
        _lay_out_page(
            second,
            (self.found, second_form, self.save_error),
            (self.back_button, self.cancel_second, self.save_button),
        )

        self.pages.addWidget(first)
        self.pages.addWidget(second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addWidget(self.pages)
        self.retranslate()

    def _add_row(self, form: QFormLayout, key: str, widget: QWidget, parent: QWidget) -> None:
        label = QLabel(parent)
        label.setBuddy(widget)
        self.labels[key] = label
        form.addRow(label, widget)
        error = error_label(parent)
        self.errors[key] = error
        form.addRow("", error)

    # -- pages and values -------------------------------------------------------------------

    def show_gateway_page(self) -> None:
        """The first page: name and gateway URL."""
        self.pages.setCurrentIndex(GATEWAY_PAGE)
        self.continue_button.setDefault(True)
        self.connection.gateway_url.setFocus()

    def show_details_page(self, found: str, *, focus: str = "client_id") -> None:
        """The second page, with ``found`` (what the gateway said) above the fields."""
        self.found.setText(found)
        self.found.setVisible(bool(found))
        self.pages.setCurrentIndex(DETAILS_PAGE)
        self.save_button.setDefault(True)
        fields = self.connection
        (fields.provider if focus == "provider" else fields.client_id).setFocus()

    def on_details_page(self) -> bool:
        """True when the second page shows."""
        return self.pages.currentIndex() == DETAILS_PAGE

    def fill(self, *, provider: str, scopes: str) -> None:
        """Put what was found (or nothing) into the details."""
        self.connection.provider.setText(provider)
        self.scopes.setText(scopes)

    def values(self) -> dict[str, str]:
        """The raw text of every field, keyed like the config file (provider split)."""
        return {**self.connection.values(), "scopes": self.scopes.text().strip()}

    def profile_name(self) -> str:
        """The name typed."""
        return self.name.text().strip()

    def set_busy(self, text: str) -> None:
        """Show ``text`` and hold the buttons ("" ends it)."""
        self.busy.setText(text)
        self.busy.setVisible(bool(text))
        for widget in (
            self.continue_button,
            self.name,
            self.connection.gateway_url,
            self.save_button,
        ):
            widget.setEnabled(not text)

    def offer_manual(self, shown: bool) -> None:
        """Show **Enter the details yourself** (after a look-up failed)."""
        self.manual_button.setVisible(shown)

    def show_field_error(self, field: str, message: str) -> None:
        """``message`` under ``field`` (or above the buttons when it has no row)."""
        label = self.errors.get(field, self.save_error)
        label.setText(message)
        label.show()

    def clear_errors(self) -> None:
        """Hide every message."""
        for label in (*self.errors.values(), self.save_error):
            label.hide()

    def error_text(self, field: str) -> str:
        """The message under ``field`` ("" when none)."""
        label = self.errors.get(field, self.save_error)
        return label.text() if not label.isHidden() else ""

    # -- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self.setWindowTitle(self.tr("Add profile"))
        self.gateway_intro.setText(
            self.tr(
                "A profile is one gateway and the account you use with it. Give the "
                "gateway's URL: AgentCore Chat reads from it which sign-in server it trusts."
            )
        )
        texts = {
            "name": self.tr("Profile &name:"),
            **self.connection.labels(),
            "scopes": self.tr("&Scopes:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        self.name.setPlaceholderText(self.tr("e.g. work or prod (letters, digits, - and _)"))
        self.connection.retranslate()
        self.continue_button.setText(self.tr("&Continue"))
        self.manual_button.setText(self.tr("&Enter the details yourself"))
        self.back_button.setText(self.tr("&Back"))
        self.save_button.setText(self.tr("&Save"))
        self.cancel_first.setText(self.tr("Cancel"))
        self.cancel_second.setText(self.tr("Cancel"))
