"""The transcript's one-time warm-up after it is first shown leaves nothing behind."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.ui.widgets.transcript import MessageRow, MessageView, TranscriptView


def test_warm_up_shows_nothing_and_messages_still_work(qtbot) -> None:
    transcript = TranscriptView()
    qtbot.addWidget(transcript)
    transcript.show()
    qtbot.waitExposed(transcript)
    for _ in range(5):  # the warm-up runs over the next loop turns
        QApplication.processEvents()
    assert transcript.items() == []
    assert transcript.widget().findChildren(MessageView) == []
    assert not any(
        row.isVisible() for row in QApplication.allWidgets() if isinstance(row, MessageRow)
    )
    view = transcript.add_user_message("hello")
    assert transcript.items() == [view] and transcript.row_of(view).role == "user"
