"""What the two profile forms, Settings and Add profile, share.

Every profile has a sign-in provider, a client ID, an audience and a gateway URL.
:class:`ConnectionFields` makes the four line edits, words their labels and placeholders,
and reads them back keyed like the config file, so the two forms ask for them alike; each
form lays them out where it needs them (Add profile asks for the gateway on its first
page, the rest on its second). :func:`error_label` is the message line under a field.

May import Qt only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget


def error_label(parent: QWidget) -> QLabel:
    """A hidden message line for under a field (the form shows it when a value is bad)."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setTextFormat(Qt.TextFormat.PlainText)  # quotes a server or what was typed
    label.setWordWrap(True)
    spans_the_field(label)
    label.hide()
    return label


def spans_the_field(label: QLabel) -> None:
    """Let a wrapped line under a field take the field column's width.

    A form keeps a ``Preferred`` widget at its size hint, which for a wrapped label is a
    narrow column: its lines wrapped early and the last one was drawn over the next row.
    """
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


@dataclass(frozen=True)
class ConnectionFields:
    """The four line edits; ``create`` makes them for a form."""

    provider: QLineEdit
    client_id: QLineEdit
    audience: QLineEdit
    gateway_url: QLineEdit

    @classmethod
    def create(cls, parent: QWidget) -> ConnectionFields:
        """Empty fields on ``parent`` (the form's layout moves them where it puts them)."""
        made = cls(QLineEdit(parent), QLineEdit(parent), QLineEdit(parent), QLineEdit(parent))
        made.client_id.setObjectName("clientId")
        made.gateway_url.setObjectName("gatewayUrl")
        return made

    def by_key(self) -> dict[str, QLineEdit]:
        """The fields keyed like the config (``provider`` for the issuer or Auth0 domain):
        their names here are the config's keys."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    @staticmethod
    def labels() -> dict[str, str]:
        """Each field's label in the current language, keyed like the config (``provider``)."""
        return {
            "provider": QCoreApplication.translate("ConnectionFields", "&Provider:"),
            "client_id": QCoreApplication.translate("ConnectionFields", "&Client ID:"),
            "audience": QCoreApplication.translate("ConnectionFields", "&Audience (API):"),
            "gateway_url": QCoreApplication.translate("ConnectionFields", "&Gateway URL:"),
        }

    def retranslate(self) -> None:
        """Re-set the placeholders in the current language (the form sets the labels)."""
        self.provider.setPlaceholderText(
            QCoreApplication.translate(
                "ConnectionFields", "example.us.auth0.com or https://issuer/"
            )
        )
        self.client_id.setPlaceholderText(
            QCoreApplication.translate("ConnectionFields", "The application's client ID")
        )
        self.audience.setPlaceholderText(
            QCoreApplication.translate("ConnectionFields", "The API identifier (optional)")
        )
        self.gateway_url.setPlaceholderText(
            QCoreApplication.translate(
                "ConnectionFields", "https://….gateway.bedrock-agentcore.….amazonaws.com/mcp"
            )
        )

    def values(self) -> dict[str, str]:
        """The text of each field, trimmed, keyed like the config file (provider split)."""
        provider = self.provider.text().strip()
        values = {
            "client_id": self.client_id.text().strip(),
            "audience": self.audience.text().strip(),
            "gateway_url": self.gateway_url.text().strip(),
        }
        # A URL names an OIDC issuer; a bare host name is an Auth0 domain.
        values["issuer" if "://" in provider else "auth0_domain"] = provider
        return values
