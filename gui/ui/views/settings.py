"""The settings dialog: provider, client, audience, gateway, model (a list of the models
this person can use, base URLs, the AWS role, retries of a busy model, tool search),
language, extra CA file, tool approval, history.

``SettingsDialog`` lays the fields out, gives their raw values and shows a message
next to a field; ``SettingsController`` (gui/ui/controllers/settings.py) validates,
saves and tells the window.

The tools always allowed on this gateway are listed; **Revoke** takes one off the
list, and Save makes it so (the app then asks before that tool again).

May import Qt, gui.ui.i18n, the profile form's shared parts (with Add profile), gui.config (the
choices and the Profile it loads) and the readable tool names; no controller.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.config import APPROVAL_MODES, Profile
from gui.gateway.tools import readable_tool_name
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.profile_form import ConnectionFields, error_label, spans_the_field

MODEL_KINDS = ("bedrock", "anthropic", "openai", "offline")
LANGUAGE_CODES = ("", "en", "ja")


def _row(parent: QWidget, field: QWidget, button: QPushButton, *, top: bool = False) -> QWidget:
    """A form row: ``field`` takes the width, ``button`` is at its right (``top``: at the top)."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)  # Fusion's own spacing, kept under any style
    layout.addWidget(field, 1)
    if top:  # beside a tall list
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    else:
        layout.addWidget(button)
    return row


class SettingsDialog(FollowsLanguage, QDialog):
    """The form. ``values()`` gives the raw text of each field, keyed like the config.

    ``delete_history_requested``: the person asked to delete every saved conversation.
    """

    delete_history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setModal(True)
        self.setMinimumWidth(560)
        self._profile_name = ""  # the profile edited, in the title ("" for the default one)
        self.intro = QLabel(self)
        self.intro.setObjectName("notice")
        self.intro.setWordWrap(True)
        self.intro.hide()

        self.connection = ConnectionFields.create(self)
        self.model_kind = QComboBox(self)
        for _ in MODEL_KINDS:
            self.model_kind.addItem("")
        self.model_name = QLineEdit(self)
        # The models this person can use, listed by the controller; picking one fills
        # the provider and the name above (a name may still be typed by hand).
        self.model_list = QComboBox(self)
        self.model_list.setObjectName("modelList")
        self.model_list.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.model_list.setMinimumContentsLength(24)
        self.models_refresh = QPushButton(self)
        self.models_refresh.setObjectName("modelsRefresh")
        self.models_refresh.setAutoDefault(False)
        self.models_row = _row(self, self.model_list, self.models_refresh)
        self.models_status = QLabel(self)
        self.models_status.setObjectName("modelsStatus")
        self.models_status.setTextFormat(Qt.TextFormat.PlainText)  # may quote a provider
        self.models_status.setWordWrap(True)
        spans_the_field(self.models_status)
        self.models_status.hide()
        self.openai_base_url = QLineEdit(self)
        self.anthropic_base_url = QLineEdit(self)
        self.aws_role_arn = QLineEdit(self)
        self.model_retry_seconds = QLineEdit(self)
        self.model_retry_seconds.setMaximumWidth(120)
        self.tool_search_threshold = QLineEdit(self)
        self.tool_search_threshold.setMaximumWidth(120)
        self.language = QComboBox(self)
        for _ in LANGUAGE_CODES:
            self.language.addItem("")
        self.model_kind.currentIndexChanged.connect(self._on_model_kind_current_index_changed)
        self.approval_mode = QComboBox(self)
        for _ in APPROVAL_MODES:
            self.approval_mode.addItem("")
        self.always_allowed = QListWidget(self)
        self.always_allowed.setObjectName("alwaysAllowed")
        self.always_allowed.setMaximumHeight(96)
        self.revoke_button = QPushButton(self)
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.clicked.connect(self._on_revoke_button_clicked)
        self.always_allowed.currentRowChanged.connect(self._update_revoke)
        self.always_empty = QLabel(self)
        self.always_empty.setWordWrap(True)
        self._revoked: list[str] = []
        # The extra CA file: a path, typed or picked; its row holds a Browse button too.
        self.ca_file = QLineEdit(self)
        self.ca_file.setObjectName("caFile")
        self.ca_browse = QPushButton(self)
        self.ca_browse.setObjectName("caBrowse")
        self.ca_browse.clicked.connect(self._on_ca_browse_clicked)
        self.ca_row = _row(self, self.ca_file, self.ca_browse)
        self.keep_history = QCheckBox(self)
        self.delete_history_button = QPushButton(self)
        self.delete_history_button.setAutoDefault(False)
        self.delete_history_button.clicked.connect(self.delete_history_requested)
        self.history_row = _row(self, self.keep_history, self.delete_history_button)

        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setVerticalSpacing(6)
        self.labels: dict[str, QLabel] = {}
        for key, widget in self._fields().items():
            label = QLabel(self)
            label.setBuddy(widget)
            self.labels[key] = label
            self.form.addRow(label, self.ca_row if widget is self.ca_file else widget)
            if widget is self.models_row:
                self.form.addRow("", self.models_status)
            error = error_label(self)
            self.errors[key] = error
            self.form.addRow("", error)
        always_row = _row(self, self.always_allowed, self.revoke_button, top=True)
        self.always_label = QLabel(self)
        self.always_label.setBuddy(self.always_allowed)
        self.form.addRow(self.always_label, always_row)
        self.form.addRow("", self.always_empty)
        # History goes last: between the approval mode and its answers it split a group.
        for widget in (self.history_row, self.errors["keep_history"]):
            taken = self.form.takeRow(widget)
            label = taken.labelItem.widget() if taken.labelItem is not None else None
            self.form.addRow(label or QLabel(self), widget)
        self.save_error = error_label(self)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _fields(self) -> dict[str, QWidget]:
        return {
            **self.connection.by_key(),
            "model_kind": self.model_kind,
            "models": self.models_row,
            "model": self.model_name,
            "openai_base_url": self.openai_base_url,
            "anthropic_base_url": self.anthropic_base_url,
            "aws_role_arn": self.aws_role_arn,
            "model_retry_seconds": self.model_retry_seconds,
            "tool_search_threshold": self.tool_search_threshold,
            "language": self.language,
            "approval_mode": self.approval_mode,
            "ca_file": self.ca_file,
            "keep_history": self.history_row,
        }

    # -- values ---------------------------------------------------------------------------

    def load(self, profile: Profile) -> None:
        """Fill the fields from a profile."""
        self.connection.provider.setText(profile.auth0_domain or profile.issuer)
        self.connection.client_id.setText(profile.client_id)
        self.connection.audience.setText(profile.audience)
        self.connection.gateway_url.setText(profile.gateway_url)
        kind = profile.model_kind if profile.model_kind in MODEL_KINDS else "bedrock"
        self.model_kind.setCurrentIndex(MODEL_KINDS.index(kind))
        self.model_name.setText(profile.model_name)
        self.openai_base_url.setText(profile.openai_base_url)
        self.anthropic_base_url.setText(profile.anthropic_base_url)
        self.aws_role_arn.setText(profile.aws_role_arn)
        self.model_retry_seconds.setText(profile.model_retry_seconds)
        self.tool_search_threshold.setText(profile.tool_search_threshold)
        language = profile.language if profile.language in LANGUAGE_CODES else ""
        self.language.setCurrentIndex(LANGUAGE_CODES.index(language))
        mode = profile.approval_mode if profile.approval_mode in APPROVAL_MODES else ""
        self.approval_mode.setCurrentIndex(APPROVAL_MODES.index(mode or APPROVAL_MODES[0]))
        self.ca_file.setText(profile.ca_file)
        self.keep_history.setChecked(profile.keeps_history)
        self._on_model_kind_current_index_changed(self.model_kind.currentIndex())

    def set_always_allowed(self, tools: Iterable[str]) -> None:
        """List the tools always allowed (gateway names; shown readably)."""
        self.always_allowed.clear()
        self._revoked = []
        for name in sorted(tools):
            item = QListWidgetItem(readable_tool_name(name), self.always_allowed)
            item.setData(Qt.ItemDataRole.UserRole, name)
            # Qt renders a tooltip that looks like HTML: the gateway's name, escaped, as typed.
            item.setToolTip(f"<p style='white-space:pre'>{html.escape(name)}</p>")
        if self.always_allowed.count():
            self.always_allowed.setCurrentRow(0)
        self._update_revoke()

    def listed_always_allowed(self) -> list[str]:
        """The gateway names still listed."""
        items = (self.always_allowed.item(row) for row in range(self.always_allowed.count()))
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items]

    def revoked(self) -> list[str]:
        """The tools taken off the list since it was set."""
        return list(self._revoked)

    def values(self) -> dict[str, str]:
        """The raw values, keyed like the config file (provider split into domain/issuer)."""
        kind = MODEL_KINDS[self.model_kind.currentIndex()]
        name = self.model_name.text().strip()
        return {
            **self.connection.values(),
            "model": "offline" if kind == "offline" else f"{kind}:{name}",
            "openai_base_url": self.openai_base_url.text() if kind == "openai" else "",
            "anthropic_base_url": self.anthropic_base_url.text() if kind == "anthropic" else "",
            "aws_role_arn": self.aws_role_arn.text(),
            "model_retry_seconds": self.model_retry_seconds.text(),
            "tool_search_threshold": self.tool_search_threshold.text(),
            "language": LANGUAGE_CODES[self.language.currentIndex()],
            "approval_mode": APPROVAL_MODES[self.approval_mode.currentIndex()],
            "ca_file": self.ca_file.text(),
            "keep_history": "on" if self.keep_history.isChecked() else "off",
        }

    def set_profile_name(self, name: str) -> None:
        """Name the profile being edited in the title ("" names none)."""
        self._profile_name = name
        self._show_title()

    def _show_title(self) -> None:
        title = self.tr("Settings")
        if self._profile_name:
            title = self.tr("Settings — profile %1").replace("%1", self._profile_name)
        self.setWindowTitle(title)

    @property
    def chosen_kind(self) -> str:
        """The model provider chosen: bedrock, anthropic, openai or offline."""
        index = self.model_kind.currentIndex()
        return MODEL_KINDS[index] if 0 <= index < len(MODEL_KINDS) else "bedrock"

    def set_models(self, models: list[tuple[str, str]], current: str) -> None:
        """List ``models`` (config id, name) to pick from; ``current`` selected when listed."""
        self.model_list.clear()
        for config_id, name in models:
            if config_id == "offline":  # the catalogue names the router in English only
                name = self.tr("Offline router (no language model)")
            self.model_list.addItem(name, config_id)
            self.model_list.setItemData(
                self.model_list.count() - 1, config_id, Qt.ItemDataRole.ToolTipRole
            )
        self.model_list.setCurrentIndex(self.model_list.findData(current))
        self.model_list.setEnabled(bool(models))

    def listed_models(self) -> list[str]:
        """The config ids offered, in order."""
        return [str(self.model_list.itemData(i)) for i in range(self.model_list.count())]

    def choose_model(self, config_id: str) -> None:
        """Fill the provider and the model name from a config id (``openai:gpt-4o``)."""
        kind, _, name = config_id.partition(":")
        if kind in MODEL_KINDS:
            self.model_kind.setCurrentIndex(MODEL_KINDS.index(kind))
        self.model_name.setText(name)

    def show_models_status(self, text: str, *, error: bool = False) -> None:
        """One line under the model list: listing, how many, or why they could not be listed."""
        self.models_status.setText(text)
        self.models_status.setAccessibleName(text)
        self.models_status.setProperty("error", error)
        self.models_status.setObjectName("fieldError" if error else "modelsStatus")
        self.models_status.style().unpolish(self.models_status)
        self.models_status.style().polish(self.models_status)
        self.models_status.setVisible(bool(text))

    def set_models_available(self, available: bool) -> None:
        """Whether models can be listed here at all (the row is hidden otherwise)."""
        self.models_row.setVisible(available)
        self.labels["models"].setVisible(available)
        if not available:
            self.models_status.hide()

    def set_intro(self, text: str) -> None:
        """A friendly explanation above the form (first run, a bad config file)."""
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def show_field_error(self, field: str, message: str) -> None:
        """Show ``message`` under ``field`` and put the cursor there."""
        label = self.errors.get(field)
        if label is None:
            self.save_error.setText(message)
            self.save_error.show()
            return
        label.setText(message)
        label.show()
        widget = self._fields()[field]
        widget.setProperty("invalid", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.setFocus()

    def clear_errors(self) -> None:
        """Hide every message."""
        for key, label in self.errors.items():
            label.hide()
            widget = self._fields()[key]
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        self.save_error.hide()

    def error_text(self, field: str) -> str:
        """The message shown under ``field`` ("" when none)."""
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""

    # -- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set every fixed text in the current language."""
        self._show_title()
        texts = {
            **self.connection.labels(),
            "model_kind": self.tr("&Model provider:"),
            "model": self.tr("Model &name:"),
            "models": self.tr("Your mo&dels:"),
            "openai_base_url": self.tr("&Base URL:"),
            "anthropic_base_url": self.tr("Anthropic base &URL:"),
            "aws_role_arn": self.tr("AWS &role (sign-in):"),
            "model_retry_seconds": self.tr("Retry a busy model (&s):"),
            "tool_search_threshold": self.tr("Tool searc&h above:"),
            "language": self.tr("&Language:"),
            "approval_mode": self.tr("Ask before &tools run:"),
            "ca_file": self.tr("E&xtra CA file:"),
            "keep_history": self.tr("History:"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
            self._fields()[key].setAccessibleName(text.replace("&", "").rstrip(":："))
        self.connection.retranslate()
        self.model_name.setPlaceholderText(self.tr("e.g. global.anthropic.claude-sonnet-4-6"))
        self.openai_base_url.setPlaceholderText(self.tr("e.g. http://localhost:11434/v1"))
        self.anthropic_base_url.setPlaceholderText(
            self.tr("Optional: your company's proxy for the Anthropic API")
        )
        self.aws_role_arn.setPlaceholderText(
            self.tr("Optional: arn:aws:iam::123456789012:role/agentcore-chat-bedrock")
        )
        self.aws_role_arn.setToolTip(
            self.tr(
                "An IAM role to use Amazon Bedrock with your sign-in, without AWS keys on "
                "this computer. Leave empty to use your own AWS configuration."
            )
        )
        self.model_retry_seconds.setToolTip(
            self.tr("How long, in all, to keep retrying while the model is busy (seconds).")
        )
        self.tool_search_threshold.setToolTip(
            self.tr(
                "With more tools than this, the model searches for the tools it needs "
                "instead of seeing them all (0: never)."
            )
        )
        self.models_refresh.setText(self.tr("Re&fresh"))
        self.models_refresh.setAccessibleName(self.tr("List the models again"))
        self.model_list.setAccessibleName(self.tr("The models you can use"))
        self.ca_file.setPlaceholderText(self.tr("Optional: your company's CA (PEM)"))
        self.ca_file.setToolTip(
            self.tr(
                "A CA certificate (PEM) to trust besides the system's, e.g. the one your "
                "company uses to inspect TLS."
            )
        )
        self.ca_browse.setText(self.tr("Browse…"))
        kinds = (
            self.tr("Amazon Bedrock"),
            self.tr("Anthropic"),
            self.tr("OpenAI-compatible (Ollama, LM Studio, vLLM)"),
            self.tr("Offline router (no language model)"),
        )
        for index, text in enumerate(kinds):
            self.model_kind.setItemText(index, text)
        modes = {
            "changes": self.tr("For tools that may change data (recommended)"),
            "every": self.tr("Before every tool"),
            "never": self.tr("Never"),
        }
        for index, mode in enumerate(APPROVAL_MODES):
            self.approval_mode.setItemText(index, modes[mode])
        self.always_label.setText(self.tr("Al&ways allowed:"))
        self.always_allowed.setAccessibleName(self.tr("Tools always allowed"))
        self.revoke_button.setText(self.tr("&Revoke"))
        self.revoke_button.setAccessibleName(self.tr("Revoke: ask again before this tool"))
        self.always_empty.setText(
            self.tr("No tool is always allowed. Answer “Always allow” on a tool's card to add one.")
        )
        self.keep_history.setText(self.tr("&Keep history on this computer"))
        self.keep_history.setAccessibleName(self.tr("Keep history"))
        self.delete_history_button.setText(self.tr("&Delete all history…"))
        self.delete_history_button.setAccessibleName(self.tr("Delete all saved conversations"))
        languages = (self.tr("System"), "English", "日本語")
        for index, text in enumerate(languages):
            self.language.setItemText(index, text)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def _on_revoke_button_clicked(self) -> None:
        row = self.always_allowed.currentRow()
        if row < 0:
            return
        item = self.always_allowed.takeItem(row)
        self._revoked.append(str(item.data(Qt.ItemDataRole.UserRole)))
        self._update_revoke()

    def _update_revoke(self, _row: int = 0) -> None:
        listed = self.always_allowed.count() > 0
        self.revoke_button.setEnabled(listed and self.always_allowed.currentRow() >= 0)
        self.always_allowed.setVisible(listed)
        self.always_empty.setVisible(not listed)

    def _on_ca_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Extra CA certificate"),
            self.ca_file.text(),
            self.tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_file.setText(path)

    def _on_model_kind_current_index_changed(self, index: int) -> None:
        kind = MODEL_KINDS[index] if 0 <= index < len(MODEL_KINDS) else "bedrock"
        self.model_name.setEnabled(kind != "offline")
        self.openai_base_url.setEnabled(kind == "openai")
        self.anthropic_base_url.setEnabled(kind == "anthropic")
        self.aws_role_arn.setEnabled(kind == "bedrock")
