"""Why the app did not open a link, in the window's words.

The sign-in page (a verification link) and the consent card (a server's link) both show
a link the app refused to open; :func:`refusal_reason` is the one place that words each
of gui.untrusted's reasons. Each caller adds its own advice (ask the administrator, open
it yourself only if you trust it).

May import Qt and gui.untrusted's refusal reasons.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gui.untrusted import ESCAPED_HOST, LOOK_ALIKE, MIXED_SCRIPTS


def refusal_reason(refusal: str | None, host: str) -> str:
    """Why a link to ``host`` was not opened: one of gui.untrusted's reasons (else not https)."""
    if refusal == ESCAPED_HOST:
        text = QCoreApplication.translate(
            "RefusedLink",
            "This link was not opened: its host name contains %-escapes, which hide where "
            "it really goes (%1).",
        )
    elif refusal == MIXED_SCRIPTS:
        text = QCoreApplication.translate(
            "RefusedLink",
            "This link was not opened: its host name mixes letters of different alphabets, "
            "as look-alike addresses do. It really goes to %1.",
        )
    elif refusal == LOOK_ALIKE:
        text = QCoreApplication.translate(
            "RefusedLink",
            "This link was not opened: its host name uses characters that imitate ordinary "
            "ones. It really goes to %1.",
        )
    else:
        text = QCoreApplication.translate(
            "RefusedLink", "This link was not opened: it is not https (a secure address)."
        )
    return text.replace("%1", host)
