"""Views built on FollowsLanguage re-set their texts when the language changes, live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from gui.ui.i18n import FollowsLanguage, Translations
from gui.ui.views.history import ConversationListView
from gui.ui.views.pages import BusyPage
from gui.ui.widgets.composer import ComposerView


def test_views_follow_a_language_change(qapp: QApplication) -> None:
    composer, history, busy = ComposerView(), ConversationListView(), BusyPage()
    english = (composer.edit.placeholderText(), history.search.placeholderText())
    assert all(isinstance(view, FollowsLanguage) for view in (composer, history, busy))
    translations = Translations(qapp)
    try:
        translations.apply("ja")
        QCoreApplication.sendPostedEvents()  # Qt posts LanguageChange; deliver it now
        japanese = (composer.edit.placeholderText(), history.search.placeholderText())
        assert japanese[0] != english[0] and "Enter" in japanese[0]
        assert japanese[1] != english[1]
    finally:
        translations.apply("en")
        QCoreApplication.sendPostedEvents()
    assert (composer.edit.placeholderText(), history.search.placeholderText()) == english
