"""The chat window against the embedded gateway's showcase, in both protocol eras: progress
and a task's status on the card, every kind of result in its details, titles and icons in
the tools panel, a list that changes, a link request answered on its card, a rich form,
and a window left open across a session expiry. Real servers on loopback, a scripted
model, clicks on the real widgets."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QSpinBox
from pytestqt.qtbot import QtBot

from gui.demo.stack import DemoStack
from gui.gateway.connection import AUTO, LEGACY
from gui.ui.controllers.chat import ChatController
from gui.ui.views.chat import ChatPage
from gui.ui.widgets.approval_card import ApprovalCardView
from gui.ui.widgets.consent_card import CANCELLED, CONNECTED, DECLINED, ConsentCardView
from gui.ui.widgets.form_card import FormCardView
from tests.support.chat import Say, ScriptedModel, Use
from tests.support.chat_page import ask, idle, open_chat
from tests.support.consent import visit_consent_page
from tests.support.waiting import wait_until

pytestmark = pytest.mark.gui

ERAS = [pytest.param(AUTO, id="2026-07-28"), pytest.param(LEGACY, id="2025-11-25")]
VERSIONS = {AUTO: "2026-07-28", LEGACY: "2025-11-25"}


class Window:
    def __init__(self, page: ChatPage, controller: ChatController) -> None:
        self.page, self.controller = page, controller

    def cards(self, kind: type) -> list:
        return [item for item in self.page.transcript.items() if isinstance(item, kind)]

    async def ask(self, qtbot: QtBot, question: str) -> None:
        await ask(qtbot, self.page, question)

    async def answered(self) -> None:
        await wait_until(
            lambda: self.page.transcript.tool_cards() and idle(self.page), 30, "answer"
        )


@pytest.fixture
async def windows(qtbot: QtBot, stack: DemoStack) -> AsyncIterator:
    """Opens windows on this test's own servers; the showcase's waits are shortened."""
    assert stack.gateway is not None
    stack.gateway.showcase.progress_seconds = 1.2
    stack.gateway.showcase.task_seconds = 1.2
    async with AsyncExitStack() as exits:

        async def open_window(turns: list, protocol: str = AUTO) -> Window:
            chat = open_chat(stack, size=(900, 800), model=ScriptedModel(turns), protocol=protocol)
            page, controller = await exits.enter_async_context(chat)
            return Window(page, controller)

        yield open_window


@pytest.mark.parametrize("protocol", ERAS)
async def test_progress_fills_the_bar_and_shows_the_server_s_words(
    qtbot: QtBot, windows, protocol: str
):
    window = await windows([[Use("reports___buildReport")], [Say("Done.")]], protocol)
    await window.ask(qtbot, "Build the report")
    await wait_until(lambda: window.page.transcript.tool_cards(), 20, "the card")
    [card] = window.page.transcript.tool_cards()
    bar = card.progress_bar()
    await wait_until(lambda: bar.maximum() > 0 and bar.value() > 0, 20, "determinate progress")
    assert card.progress_text() in {
        "Reading the sales figures",
        "Adding up the regions",
        "Comparing with last year",
        "Drawing the charts",
        "Writing the summary",
        "Checking the numbers",
    }
    assert "%" in card._status.text()  # "Running… 33 %"
    await window.answered()
    assert not card.is_error() and "Sales report" in card.result_text()
    assert card.progress_text() == "" and bar.isHidden()
    assert card.tool_name() == "reports___buildReport"  # the server's title hides it


@pytest.mark.parametrize("protocol", ERAS)
async def test_a_task_shows_its_status_on_the_card(qtbot: QtBot, windows, protocol: str):
    window = await windows([[Use("exports___exportArchive")], [Say("Exported.")]], protocol)
    await window.ask(qtbot, "Export the tickets")
    await wait_until(lambda: window.page.transcript.tool_cards(), 20, "the card")
    [card] = window.page.transcript.tool_cards()
    await wait_until(lambda: "Packing" in card.progress_text(), 20, "the task's status")
    await window.answered()
    assert "archive is ready" in card.result_text()


@pytest.mark.parametrize("protocol", ERAS)
async def test_every_kind_of_result_in_the_card_s_details(
    qtbot: QtBot, windows, opened: list[str], tmp_path: Path, protocol: str
):
    window = await windows([[Use("brand___getBrandKit")], [Say("Here it is.")]], protocol)
    await window.ask(qtbot, "The brand kit")
    await window.answered()
    [card] = window.page.transcript.tool_cards()
    assert "#2563EB" not in card.result_text()  # meant for the assistant only
    qtbot.mouseClick(card.header(), Qt.MouseButton.LeftButton)
    view = card.parts_view()
    assert view is not None
    captions = view.captions()
    assert captions[:2] == ["Image (96×32, image/png, 147 B)", "Sound (audio/wav, 2.0 kB)"]
    assert "Brand guidelines" in captions and "File: brand-kit.zip (application/zip, 323 B)" in (
        captions
    )
    assert "Text: palette.css (text/css, 89 B)" in captions
    thumbnail = view.thumbnail(1)
    assert thumbnail is not None and thumbnail.pixmap() is not None
    assert (thumbnail.pixmap().width(), thumbnail.pixmap().height()) == (96, 32)
    assert '"lambdaMs": 42' in card.detail_text()
    # Links: the https one opens (in the browser), the demo:// one is only shown.
    assert view.open_button(4) is None  # demo://brand/fonts
    qtbot.mouseClick(view.open_button(3), Qt.MouseButton.LeftButton)
    assert opened == ["https://brand.example.com/guidelines"]
    # A file is saved where the person says, for their eyes only.
    qtbot.mouseClick(view.save_button(6), Qt.MouseButton.LeftButton)
    dialog = window.controller.results.dialog
    assert dialog is not None
    target = tmp_path / "kit.zip"
    dialog.selectFile(str(target))
    dialog.accept()
    await wait_until(lambda: window.controller.results.saved, 10, "the file saved")
    assert target.read_bytes().startswith(b"PK")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pytest.mark.parametrize("protocol", ERAS)
async def test_the_tools_panel_shows_titles_icons_the_protocol_and_a_changed_list(
    qtbot: QtBot, windows, protocol: str
):
    window = await windows([[Use("brand___getBrandKit")], [Say("Here it is.")]], protocol)
    panel = window.page.tools_panel
    model = panel.model
    assert "brand · Get the brand kit" in panel.visible_titles()
    rows = {
        model.data(model.index(r), Qt.ItemDataRole.UserRole + 1): r for r in range(model.rowCount())
    }
    text = model.data(model.index(rows["brand___getBrandKit"]))
    assert text.splitlines()[1].startswith("brand___getBrandKit · Read-only")
    await wait_until(lambda: model.has_icon("brand___getBrandKit"), 10, "the icon")
    icon = model.data(model.index(rows["brand___getBrandKit"]), Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert panel.protocol_text() == f"MCP protocol {VERSIONS[protocol]}"
    assert "inventory · Count stock" not in panel.visible_titles()
    await window.ask(qtbot, "The brand kit")
    await window.answered()
    # The gateway added a target: the panel shows it without Refresh.
    await wait_until(lambda: "inventory · Count stock" in panel.visible_titles(), 10, "new tool")
    await wait_until(lambda: model.has_icon("inventory___countStock"), 10, "its icon")


@pytest.mark.parametrize("protocol", ERAS)
async def test_a_link_request_is_answered_on_its_card(
    qtbot: QtBot, windows, opened: list[str], protocol: str
):
    window = await windows([[Use("drive___listFiles")], [Say("Your files.")]], protocol)
    await window.ask(qtbot, "My drive files")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the link card")
    [card] = window.cards(ConsentCardView)
    assert card.is_answerable() and card.decline_button.isVisible()
    assert card.host_text() == "Link to: 127.0.0.1"
    qtbot.mouseClick(card.open_button, Qt.MouseButton.LeftButton)
    [link] = opened
    visit_consent_page(link)  # the person allows it in the browser
    if protocol == AUTO:  # 2026-07-28: no completion notice; the person says so
        qtbot.mouseClick(card.connected_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: card.state() == CONNECTED, 20, "connected")
    await window.answered()
    [tool] = window.page.transcript.tool_cards()
    assert "Q3-plan.docx" in tool.result_text()


@pytest.mark.parametrize(("button", "state"), [("decline", DECLINED), ("cancel", CANCELLED)])
async def test_declining_or_cancelling_a_link_request(qtbot: QtBot, windows, button, state):
    window = await windows([[Use("drive___listFiles")], [Say("Not connected.")]])
    await window.ask(qtbot, "My drive files")
    await wait_until(lambda: window.cards(ConsentCardView), 20, "the link card")
    [card] = window.cards(ConsentCardView)
    qtbot.mouseClick(getattr(card, f"{button}_button"), Qt.MouseButton.LeftButton)
    await window.answered()
    assert card.state() == state and not card.connected_button.isEnabled()
    [tool] = window.page.transcript.tool_cards()
    assert f"{state} connecting the drive" in tool.result_text()


@pytest.mark.parametrize("protocol", ERAS)
async def test_the_lunch_form_in_the_window(qtbot: QtBot, windows, stack: DemoStack, protocol: str):
    turns = [[Use("orders___orderLunch", {"meeting": "Sales weekly"})], [Say("Ordered.")]]
    window = await windows(turns, protocol)
    await window.ask(qtbot, "Order lunch")
    await wait_until(lambda: window.cards(ApprovalCardView), 20, "the approval card")
    [approval] = window.cards(ApprovalCardView)
    assert approval.tool_name() == "orders___orderLunch"  # the name beside the title
    qtbot.mouseClick(approval.allow_once_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: window.cards(FormCardView), 20, "the form")
    [form] = window.cards(FormCardView)
    assert form.source_text().startswith(
        "Asked by orders · Order lunch for a meeting on 127.0.0.1:"
    )
    dishes = form.editor("dishes")
    assert isinstance(dishes, QListWidget)
    labels = [dishes.item(i).text() for i in range(dishes.count())]
    assert labels == ["Vegetable curry", "Grilled salmon", "Pasta al pomodoro", "Caesar salad"]
    assert dishes.item(0).checkState() == Qt.CheckState.Checked  # the default
    room = form.editor("room")
    assert isinstance(room, QComboBox) and room.currentText() == "Room 101 (4 seats)"
    people = form.editor("people")
    assert isinstance(people, QSpinBox) and (people.minimum(), people.maximum()) == (1, 20)
    assert form.problem_text() == "Fill in: Date"
    date = form.editor("date")
    assert isinstance(date, QLineEdit) and date.placeholderText() == "YYYY-MM-DD"
    qtbot.keyClicks(date, "2026-13-01")
    assert form.problem_text() == "Date: Enter a date as YYYY-MM-DD."
    assert not form.accept_button.isEnabled()
    date.clear()
    qtbot.keyClicks(date, "2026-03-02")
    dishes.item(1).setCheckState(Qt.CheckState.Checked)
    room.setCurrentIndex(1)
    people.setValue(6)
    assert form.accept_button.isEnabled() and form.problem_text() == ""
    qtbot.mouseClick(form.accept_button, Qt.MouseButton.LeftButton)
    await window.answered()
    assert stack.gateway is not None
    [order] = stack.gateway.showcase.orders
    assert order["dishes"] == ["veg-curry", "salmon"] and order["room"] == "r-202"
    assert order["people"] == 6 and order["date"] == "2026-03-02"


async def test_a_window_left_open_across_a_session_expiry_answers_without_an_error(
    qtbot: QtBot, stack: DemoStack
):
    """AgentCore ends a session an absolute time after it began; the window renews it."""
    assert stack.gateway is not None
    async with open_chat(stack, protocol=LEGACY) as (page, _controller):
        await ask(qtbot, page, "How old is neruneruo?")
        await wait_until(lambda: page.transcript.tool_cards() and idle(page), 20, "answer 1")
        stack.gateway.expire_sessions()  # as AgentCore does an hour after initialize
        await ask(qtbot, page, "Which department is alice in?")
        await wait_until(lambda: len(page.transcript.tool_cards()) == 2 and idle(page), 20, "2")
        _first, second = page.transcript.tool_cards()
        assert not second.is_error() and "sales" in second.result_text()
        assert page.transcript.notices() == []
        assert stack.gateway.expired_session_count() == 1
        assert stack.gateway.session_count() == 2
