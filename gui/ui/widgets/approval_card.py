"""The card that asks before a tool acts: what it is, what it may do, and three answers.

Same visual language as :mod:`tool_card` (a rounded frame in the transcript), but
this is the one card that asks for attention: a tinted frame, the risk in words
(destructive in red, with the hardest warning), the tool's readable name, its
description and its arguments, then **Allow once**, **Always allow**, **Deny**.

Keyboard and mouse (see :mod:`gui.ui.widgets.press_guard`): the card never takes the
focus, so someone still typing when it appears goes on typing where they were; Tab
reaches its buttons (the controller puts them right after the composer), Enter or
Space presses one, and Alt+O / Alt+W / Alt+D press them from anywhere in the window.
For a moment after it appears its buttons ignore presses. Once answered, the buttons
go and a line says what was decided. Everything from the server (name,
description) and from the model (arguments) is shown as plain text.

May import Qt, gui.ui.i18n, the card layout, the Enter-pressed buttons, the press guard, the text
box and the approval core's plain values (Decision, Risk); no controller.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from gui.agent.approval import Decision, Risk
from gui.ui.i18n import FollowsLanguage
from gui.ui.widgets.card_layout import STRETCH, button_row, card_column
from gui.ui.widgets.enter_presses import EnterPushButton
from gui.ui.widgets.press_guard import PressGuard
from gui.ui.widgets.text_box import text_box

MAX_DESCRIPTION = 1200  # characters of a server's tool description shown on the card
_MAX_VISIBLE_LINES = 10

_STYLE = """
ApprovalCardView {
    border: 1px solid rgba(217, 119, 6, 0.8); border-radius: 8px;
    background: rgba(217, 119, 6, 0.08);
}
ApprovalCardView[risk="destructive"] {
    border: 2px solid rgba(220, 38, 38, 0.85); background: rgba(220, 38, 38, 0.07);
}
ApprovalCardView[state="done"] { border: 1px solid palette(mid); background: palette(base); }
QLabel#approvalRisk {
    border-radius: 8px; padding: 1px 8px; font-weight: 600;
    background: rgba(217, 119, 6, 0.18); border: 1px solid rgba(217, 119, 6, 0.7);
}
QLabel#approvalRisk[risk="read_only"] {
    background: rgba(22, 163, 74, 0.14); border: 1px solid rgba(22, 163, 74, 0.6);
}
QLabel#approvalRisk[risk="destructive"] {
    color: white; background: rgb(200, 30, 30); border: 1px solid rgb(160, 20, 20);
}
QLabel#approvalWarning[risk="destructive"] { color: rgb(229, 72, 77); font-weight: 600; }
QPlainTextEdit { border: 1px solid palette(midlight); border-radius: 4px; }
"""


def risk_label(risk: Risk) -> str:
    """The risk in one or two words (also the tools panel's)."""
    texts = {
        Risk.READ_ONLY: QCoreApplication.translate("Risk", "Read-only"),
        Risk.MAY_CHANGE: QCoreApplication.translate("Risk", "May change data"),
        Risk.DESTRUCTIVE: QCoreApplication.translate("Risk", "Destructive"),
    }
    return texts[risk]


def risk_explanation(risk: Risk) -> str:
    """What the risk means for the person, in a sentence."""
    texts = {
        Risk.READ_ONLY: QCoreApplication.translate("Risk", "The tool says it only reads data."),
        Risk.MAY_CHANGE: QCoreApplication.translate(
            "Risk", "This tool may change data in your company's systems, in your name."
        ),
        Risk.DESTRUCTIVE: QCoreApplication.translate(
            "Risk",
            "This tool may delete or overwrite data, in your name. It may not be possible "
            "to undo it.",
        ),
    }
    return texts[risk]


class ApprovalCardView(FollowsLanguage, QFrame):
    """One pending tool call; ``decided`` carries the Decision value the person chose."""

    decided = Signal(str)

    def __init__(
        self,
        title: str,
        description: str,
        arguments: str,
        risk: Risk,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(_STYLE)
        self._title = title
        self._risk = risk
        self._outcome = ""  # "" while pending, else a Decision value or "stopped"
        self.setProperty("risk", risk.value)
        self.setProperty("state", "pending")

        self._heading = QLabel(self)
        self._heading.setTextFormat(Qt.TextFormat.PlainText)  # carries the tool's name later
        font = self._heading.font()
        font.setBold(True)
        self._heading.setFont(font)
        self._risk_badge = QLabel(self)
        self._risk_badge.setObjectName("approvalRisk")
        self._risk_badge.setProperty("risk", risk.value)
        self._name = self._plain_label(title, "approvalTool")
        self._name.setFont(font)
        self._gateway_name = self._plain_label("", "approvalToolName")  # set_tool_name
        self._gateway_name.hide()
        text = description.strip()
        if len(text) > MAX_DESCRIPTION:
            text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
        self._description = self._plain_label(text, "approvalDescription")
        self._description.setVisible(bool(text))
        self._warning = self._plain_label("", "approvalWarning")
        self._warning.setProperty("risk", risk.value)
        self._arguments_label = QLabel(self)
        self._arguments = text_box(
            self, arguments, "approvalArguments", max_lines=_MAX_VISIBLE_LINES
        )

        self.allow_once_button = EnterPushButton(self)
        self.always_button = EnterPushButton(self)
        self.deny_button = EnterPushButton(self)
        self.press_guard = PressGuard(self)
        answers = (
            (self.allow_once_button, Decision.ALLOW_ONCE),
            (self.always_button, Decision.ALWAYS),
            (self.deny_button, Decision.DENY),
        )
        for button, decision in answers:
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.press_guard.connect(button, lambda d=decision: self._on_answer_clicked(d))
        self._outcome_label = self._plain_label("", "approvalOutcome")
        self._outcome_label.hide()

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self._heading, 1)
        head.addWidget(self._risk_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self._buttons = QWidget(self)
        button_row(
            self.allow_once_button,
            self.always_button,
            STRETCH,
            self.deny_button,
            parent=self._buttons,
        )
        card_column(
            self, head, *self._question_widgets(), self._outcome_label, margins=(12, 8, 12, 10)
        )
        QWidget.setTabOrder(self.allow_once_button, self.always_button)
        QWidget.setTabOrder(self.always_button, self.deny_button)
        self.retranslate()

    # -- what the controller uses ---------------------------------------------------------

    def title(self) -> str:
        """The readable tool name."""
        return self._title

    def risk(self) -> Risk:
        """The risk shown."""
        return self._risk

    def is_pending(self) -> bool:
        """True until answered or stopped."""
        return not self._outcome

    def outcome(self) -> str:
        """``""`` while pending, else ``once``, ``always``, ``deny`` or ``stopped``."""
        return self._outcome

    def arguments_text(self) -> str:
        """The arguments as shown."""
        return self._arguments.toPlainText()

    def description_text(self) -> str:
        """The tool's description as shown."""
        return self._description.text()

    def set_tool_name(self, name: str) -> None:
        """The gateway's own name for the tool, under its title (when the title hides it)."""
        self._gateway_name.setText(name)
        self._gateway_name.setVisible(bool(name) and not self._outcome)

    def tool_name(self) -> str:
        """The gateway's name as shown ("" when hidden)."""
        return self._gateway_name.text() if not self._gateway_name.isHidden() else ""

    def keyboard_chain(self) -> list[QWidget]:
        """What Tab reaches on the card, in order: the three answers."""
        return [self.allow_once_button, self.always_button, self.deny_button]

    def set_outcome(self, outcome: str) -> None:
        """Show what was decided (or that the question was stopped); the buttons go."""
        if self._outcome:
            return
        self._outcome = outcome
        self.setProperty("state", "done")
        self.style().unpolish(self)
        self.style().polish(self)
        # Quiet once answered, like a finished tool card: name, risk and what was decided.
        for widget in self._question_widgets():
            widget.hide()
        self._outcome_label.show()
        self.retranslate()

    def _question_widgets(self) -> tuple[QWidget, ...]:
        """What asks the question, under the heading, in order; hidden once answered."""
        return (
            self._name,
            self._gateway_name,
            self._description,
            self._warning,
            self._arguments_label,
            self._arguments,
            self._buttons,
        )

    # -- language and layout ----------------------------------------------------------------

    def retranslate(self) -> None:
        """Re-set the texts in the current language."""
        self._heading.setText(self._title if self._outcome else self.tr("Allow this tool call?"))
        self._risk_badge.setText(risk_label(self._risk))
        self._warning.setText(risk_explanation(self._risk))
        self._arguments_label.setText(self.tr("Arguments"))
        self._arguments.setAccessibleName(self.tr("Arguments"))
        self.allow_once_button.setText(self.tr("Allow &once"))
        self.always_button.setText(self.tr("Al&ways allow"))
        self.deny_button.setText(self.tr("&Deny"))
        self.allow_once_button.setToolTip(self.tr("Run this call; ask again next time"))
        self.always_button.setToolTip(
            self.tr("Run it, and never ask again for this tool (Settings can revoke it)")
        )
        self.deny_button.setToolTip(self.tr("Do not run it; the agent is told you declined"))
        outcomes = {
            "": "",
            Decision.ALLOW_ONCE.value: self.tr("Allowed once."),
            Decision.ALWAYS.value: self.tr("Always allowed. Settings can revoke it."),
            Decision.DENY.value: self.tr("Denied. The agent was told you declined."),
            "stopped": self.tr("Stopped before you answered. The tool did not run."),
        }
        self._outcome_label.setText(outcomes.get(self._outcome, ""))
        name = self.tr("Approval: %1").replace("%1", self._title)
        self.setAccessibleName(name)
        self.setAccessibleDescription(f"{risk_label(self._risk)}. {risk_explanation(self._risk)}")

    def _on_answer_clicked(self, decision: Decision) -> None:
        if self.is_pending():
            self.decided.emit(decision.value)

    def _plain_label(self, text: str, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)  # server and model text: never rich text
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setText(text)
        return label
