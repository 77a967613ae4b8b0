"""gui/ui/widgets/result_parts.py: one row per part, plain text, Open only where allowed."""

from __future__ import annotations

from gui.gateway.content import (
    AudioPart,
    LinkPart,
    OtherPart,
    ResourcePart,
    TextPart,
)
from gui.ui.widgets.result_parts import ResultPartsView


def test_each_kind_has_its_row(qtbot) -> None:
    parts = [
        TextPart("shown in the result box"),
        AudioPart("audio/wav", 2000, b"RIFF"),
        LinkPart("http://evil.example/x", "<b>Evil</b>", "desc"),
        ResourcePart("demo://a/p.css", "p.css", "text/css", text="a {}", size=4),
        ResourcePart("demo://a/k.zip", "k.zip", "application/zip", blob=b"PK", size=2),
        ResourcePart("demo://a/big.bin", "big.bin", blob=b"", size=99_000_000),
        OtherPart("hologram"),
    ]
    view = ResultPartsView(parts, [False, False, False, False, False, False, False])
    qtbot.addWidget(view)
    assert view.captions() == [
        "Sound (audio/wav, 2.0 kB)",
        "<b>Evil</b>",  # literal: server text is never markup
        "Text: p.css (text/css, 4 B)",
        "File: k.zip (application/zip, 2 B)",
        "File: big.bin (99.0 MB)",
        "Content of a kind this app does not show: hologram",
    ]
    assert view.open_button(2) is None  # not https: no button
    saved: list[int] = []
    view.save_requested.connect(saved.append)
    view.save_button(1).click()
    view.save_button(4).click()
    assert saved == [1, 4] and view.save_button(5) is None  # nothing kept to save
    view.set_note(4, "Saved to /tmp/k.zip")
    assert not view._notes[4].isHidden()
