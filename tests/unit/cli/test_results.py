"""gui/cli/results.py: the progress line and a result's parts as terminal lines."""

from __future__ import annotations

import io

from gui.cli.results import ProgressLine, part_lines
from gui.gateway.content import (
    AudioPart,
    ImagePart,
    LinkPart,
    OtherPart,
    ResourcePart,
    TextPart,
)


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_line_is_rewritten_in_place_and_erased():
    err = FakeTty()
    line = ProgressLine(err)
    line.show("t · x", fraction=0.5, message="half\x1b[31m way")
    line.show("t · x", status="input_required")
    line.clear()
    line.clear()  # nothing shown: nothing written
    assert err.getvalue() == (
        "\r\x1b[Kt · x: [==========          ]  50 % — half way"
        "\r\x1b[Kt · x: waiting for your input"
        "\r\x1b[K"
    )


def test_nothing_is_written_when_stderr_is_not_a_terminal():
    err = io.StringIO()
    line = ProgressLine(err)
    line.show("t · x", fraction=1.0)
    line.clear()
    assert not line.enabled and err.getvalue() == ""
    assert not ProgressLine(None).enabled


def test_parts_stand_as_labels_never_as_bytes():
    parts = [
        TextPart("Hello"),
        ImagePart("image/png", 147, 96, 32, b"\x89PNG"),
        AudioPart("audio/wav", 2000, b"RIFF"),
        LinkPart("https://x.example/g", "Guide", "How to."),
        ResourcePart("demo://a/p.css", "p.css", "text/css", text="a {}\n", size=5),
        ResourcePart("demo://a/k.zip", "k.zip", "application/zip", blob=b"PK..", size=4),
        OtherPart("hologram"),
    ]
    assert part_lines(parts) == [
        "Hello",
        "[image 96×32 image/png]",
        "[audio audio/wav, 2000 bytes]",
        "[link Guide — How to.: https://x.example/g]",
        "--- p.css (text/css) ---",
        "a {}",
        "[file k.zip, 4 bytes — not shown]",
        "[hologram]",
    ]
    assert part_lines(parts[:2], with_text=False) == ["[image 96×32 image/png]"]


def test_a_choice_may_be_typed_as_its_number():
    from gui.cli.elicit import _numbered_choices, _prompt
    from gui.gateway.forms import form_request

    request = form_request(
        "m",
        {
            "properties": {
                "room": {
                    "type": "string",
                    "oneOf": [{"const": "a", "title": "A room"}, {"const": "b", "title": "B room"}],
                    "default": "b",
                },
                "dishes": {"type": "array", "items": {"enum": ["x", "y", "z"]}, "maxItems": 2},
                "n": {"type": "integer", "minimum": 1, "maximum": 9},
            }
        },
    )
    room, dishes, n = request.fields
    assert _numbered_choices(room, "2") == "b" and _numbered_choices(room, "B room") == "B room"
    assert _numbered_choices(dishes, "1, 3") == "x, z"
    assert _numbered_choices(n, "2") == "2"
    assert _prompt(room) == "  room [choose one: its number or title] default B room: "
    assert (
        _prompt(dishes) == "  dishes [choose (up to 2): numbers or titles, separated by commas]: "
    )
    assert _prompt(n) == "  n [a whole number from 1 to 9]: "
