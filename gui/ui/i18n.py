"""Which language the window speaks: the system's, or the one chosen in settings.

Qt sends every widget a ``LanguageChange`` event when a translator is installed
or removed, so switching here retranslates the open window live: each view
re-sets its texts in ``changeEvent``. English is the source language and needs
no catalogue.

May import Qt and the standard library only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

TRANSLATIONS_DIR = Path(__file__).parent / "assets" / "translations"
CATALOGUE = "agentcore_chat"
SHIPPED = ("en", "ja")


def effective_language(setting: str, system: QLocale | None = None) -> str:
    """``en`` or ``ja``: the setting, or the first shipped language the system prefers."""
    if setting in SHIPPED:
        return setting
    locale = system or QLocale.system()
    for tag in locale.uiLanguages():
        code = tag.replace("_", "-").split("-")[0].lower()
        if code in SHIPPED:
            return code
    return "en"


class FollowsLanguage:
    """Mixin for a widget with ``retranslate()``: each ``LanguageChange`` re-sets its texts.

    Put it before the Qt base (``class View(FollowsLanguage, QWidget)``) so that its
    ``changeEvent`` is the override Qt calls.
    """

    def retranslate(self) -> None:
        """Re-set the widget's fixed texts in the current language."""
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.language_followed()
        super().changeEvent(event)  # type: ignore[misc]

    def language_followed(self) -> None:
        """Called after ``retranslate()``; nothing more by default."""


class AnnouncesLanguage(FollowsLanguage):
    """:class:`FollowsLanguage`, then ``language_changed`` fires: for the view's controller,
    which re-sets the texts it chose. The view defines ``language_changed = Signal()``."""

    language_changed: SignalInstance

    def language_followed(self) -> None:
        """Tell the controller: the texts it set need the new language too."""
        self.language_changed.emit()


class Translations:
    """Installs our catalogue and Qt's own (button texts in standard dialogs)."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def apply(self, setting: str) -> str:
        """Switch to the language for ``setting`` ("" = system); returns ``en`` or ``ja``."""
        language = effective_language(setting)
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        QLocale.setDefault(QLocale(language))
        self.language = language
        if language == "en":
            # Removing the translators above already sent LanguageChange.
            return language
        ours = QTranslator(self._app)
        if ours.load(f"{CATALOGUE}_{language}", str(TRANSLATIONS_DIR)):
            self._install(ours)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        theirs = QTranslator(self._app)
        if theirs.load(f"qtbase_{language}", qt_dir):
            self._install(theirs)
        return language

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)
