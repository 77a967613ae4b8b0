"""Drive the real window through its pages and save a PNG of each (``make screenshots``).

Runs the app's own pieces (AppServices in demo mode, WindowController) on a
qasync loop, clicks the real buttons, approves on the embedded sign-in server
and grabs the window after every step. Run it under Xvfb (scripts/screenshots.sh).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gui.config import Profile  # noqa: E402
from gui.services import AppServices  # noqa: E402
from gui.ui.controllers.window import WindowController  # noqa: E402
from gui.ui.i18n import Translations  # noqa: E402
from gui.ui.icon import app_icon  # noqa: E402
from gui.ui.theme import Theme  # noqa: E402
from gui.ui.views.window import MainWindow  # noqa: E402

OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "screenshots"))


async def until(predicate, within: float = 20.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    """Let the loop run until ``predicate()``; fail after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def settle(seconds: float = 0.3) -> None:
    """Give layouts and paints a moment."""
    await asyncio.sleep(seconds)
    QApplication.processEvents()


def save(widget: QWidget, name: str) -> None:
    """Grab ``widget`` (at its device pixel ratio) into OUT/name.png."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


async def ask(window: MainWindow, question: str) -> bool:
    """Type a question into the chat page's composer, if there is one, and send it."""
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    page = window.chat_page
    if page is None:
        return False
    editors = page.findChildren(QPlainTextEdit) + page.findChildren(QTextEdit)
    editors = [e for e in editors if not e.isReadOnly()]
    if not editors:
        return False
    editor = editors[0]
    editor.setFocus()
    editor.insertPlainText(question)  # keyClicks asserts on non-ASCII text
    QTest.keyClick(editor, Qt.Key.Key_Return)
    return True


async def consent_and_form(window: MainWindow, opened: list[str]) -> None:
    """A tool that needs consent (its card), then one approved and asking for a form."""
    from PySide6.QtWidgets import QApplication as App

    from gui.ui.widgets.consent_card import ConsentCardView
    from gui.ui.widgets.form_card import FormCardView

    page = window.chat_page
    assert page is not None

    def cards(kind: type) -> list:
        return [item for item in page.transcript.items() if isinstance(item, kind)]

    if not await ask(window, "What events are in my calendar?"):
        return
    await until(lambda: cards(ConsentCardView), what="the consent card")
    await settle(0.8)
    save(window, "03c-consent")
    [card] = cards(ConsentCardView)
    card.connected_button.click()  # not connected yet: the retry says so
    await until(lambda: card.state() != "waiting", what="the retry")
    await settle(1.5)
    save(window, "03d-consent-still-not-connected")
    if not await ask(window, 'Create a ticket "Printer on fire"'):
        return
    # Creating a ticket may change data: it is approved first, then the server asks.
    approvals = page.transcript.approval_cards
    await until(lambda: approvals() and approvals()[-1].is_pending(), what="the ticket's approval")
    await settle(0.8)
    save(window, "03e-ticket-approval")
    approvals()[-1].allow_once_button.click()
    await until(lambda: cards(FormCardView), what="the form")
    await settle(0.8)
    save(window, "03e-form")
    [form] = cards(FormCardView)
    form.editor("assignee").setText("grace")
    App.processEvents()
    form.decline_button.click()
    await settle(1.5)


async def answered(window: MainWindow, question: str, messages: int) -> None:
    """Ask once the chat is ready, and wait until the answer is complete."""
    page = window.chat_page
    assert page is not None
    await until(lambda: page.composer.new_chat_button.isEnabled(), what="the chat to be ready")
    await ask(window, question)
    await until(
        lambda: (
            len(page.transcript.messages()) >= messages and page.composer.send_button.isVisible()
        ),
        what="the answer",
    )
    await settle(0.5)


async def tour(app: QApplication, translations: Translations) -> None:
    """Every page, in English and then in Japanese."""
    opened: list[str] = []
    services = AppServices(demo=True)
    window = MainWindow()
    window.resize(1000, 720)
    controller = WindowController(
        window, Profile(), services, opener=opened.append, translations=translations
    )
    window.show()
    await controller.start()
    await until(lambda: window.sign_in_page.panels.currentIndex() == 0, what="sign-in page")
    await settle()
    save(window, "01-sign-in")

    window.sign_in_page.sign_in_button.click()
    await until(lambda: opened, what="the code panel")
    await settle(1.2)
    save(window, "02-code-panel")

    idp = services.stack.idp  # type: ignore[union-attr]
    code = controller.sign_in.code
    assert code is not None
    idp.approve(code.user_code, "alice")
    await until(lambda: window.current_page() is window.chat_page, what="the chat page")
    await answered(window, "How old is neruneruo?", 2)
    await answered(window, "Who works in sales?", 4)
    save(window, "03-chat")
    size = window.size()
    window.resize(window.minimumSizeHint())
    await settle(0.5)
    save(window, "03b-chat-smallest")
    window.resize(size)
    await settle(0.3)
    if window.sidebar is not None:  # the conversation list, searching the saved answers
        sidebar = window.sidebar
        QTest.keyClicks(sidebar.search, "development")
        await until(lambda: sidebar.headings() == ["Search results"], what="search results")
        await settle(0.3)
        save(window, "03e-history-search")
        sidebar.search.clear()
        QTest.keyClick(sidebar.search, Qt.Key.Key_Return)
        await settle(0.3)
        # Start afresh, then reopen the saved conversation from the list.
        sidebar.new_button.click()
        await until(lambda: window.chat_page.transcript.items() == [], what="a new chat")
        [item] = sidebar.items_by_id().values()
        sidebar.list.setCurrentItem(item)
        sidebar.list.itemActivated.emit(item)
        await until(lambda: len(window.chat_page.transcript.messages()) >= 4, what="reopened")
        await settle(0.5)
        save(window, "03f-history-reopened")
    await consent_and_form(window, opened)

    # A destructive tool waits for the person: the approval card, then "Always allow".
    if await ask(window, "delete ticket T-1"):
        page = window.chat_page
        await until(lambda: page.transcript.approval_cards(), what="the approval card")
        await settle(1.0)
        save(window, "03c-approval")
        page.transcript.approval_cards()[-1].always_button.click()
        await settle(2.0)
        save(window, "03d-approval-answered")

    dialog = controller.open_settings()
    await settle()
    save(dialog, "04-settings")
    dialog.reject()

    translations.apply("ja")
    await settle()
    shown = len(window.chat_page.transcript.messages()) if window.chat_page else 0
    await answered(window, "neruneruoの年齢は?", shown + 2)
    save(window, "05-ja-chat")
    # In Japanese, ask before every tool: a read-only lookup gets a card too.
    if controller.chat_session is not None and window.chat_page is not None:
        controller.chat_session.approvals.mode = "every"
        cards = window.chat_page.transcript.approval_cards
        before = len(cards())
        await ask(window, "list tickets")
        await until(lambda: len(cards()) > before, what="the Japanese approval card")
        await settle(1.0)
        save(window, "05a-ja-approval")
        cards()[-1].deny_button.click()
        await settle(2.0)
        controller.chat_session.approvals.mode = "changes"
    await controller.sign_out()
    await settle()
    save(window, "06-ja-sign-in")
    window.sign_in_page.sign_in_button.click()
    await until(lambda: len(opened) > 1, what="the second code")
    await settle(1.2)
    save(window, "07-ja-code-panel")
    code = controller.sign_in.code
    assert code is not None
    idp.deny(code.user_code) if os.environ.get("DENY") else idp.approve(code.user_code, "bob")
    await until(lambda: window.sign_in_page.current_panel() == "error", what="the denial")
    await settle()
    save(window, "08-ja-denied")
    dialog = controller.open_settings()
    await settle()
    save(dialog, "09-ja-settings")
    dialog.reject()
    translations.apply("en")
    await settle()
    save(window, "10-denied")
    window.close()
    await controller.shutdown()


def main() -> int:
    """Run the tour on a qasync loop."""
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("AgentCore Chat")
    app.setQuitOnLastWindowClosed(False)
    translations = Translations(app)
    translations.apply("en")
    if os.environ.get("SCHEME") == "dark":  # SCHEME=dark make screenshots: the dark palette
        import gui.ui.theme

        # Xvfb has no platform theme to ask, so the scheme is forced here.
        gui.ui.theme.is_dark = lambda: True  # type: ignore[assignment]
    Theme(app)
    app.setWindowIcon(app_icon())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(tour(app, translations))
    return 0


if __name__ == "__main__":
    sys.exit(main())
