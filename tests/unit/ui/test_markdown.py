"""gui/ui/markdown.py: stable boundaries, safe rendering, incremental streaming."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from gui.ui.markdown import (
    MARKDOWN_FEATURES,
    MarkdownStream,
    SafeDocument,
    default_link_format,
    has_reference_definitions,
    render_markdown,
    stable_prefix_length,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("one paragraph", 0),
        ("para\n\nnext", 0),  # the next line is not finished: it might become a list item
        ("para\n\nnext\n", len("para\n\n")),
        ("para\n\n- item\n", 0),  # a list item after a blank line may continue a list
        ("para\n\n1. item\n", 0),
        ("para\n\n  indented\n", 0),  # may continue a list item, or be indented code
        ("```\ncode\n\nmore\n", 0),  # inside a fence nothing is stable
        ("```\ncode\n\nmore\n```\n\nafter\n", len("```\ncode\n\nmore\n```\n\n")),
        ("~~~\n```\n\nstill code\n", 0),  # a fence only closes with its own character
        ("a\n\nb\n\nc\n", len("a\n\nb\n\n")),
        ("# Title\n\n| a | b |\n", len("# Title\n\n")),
    ],
)
def test_stable_prefix_length(text: str, expected: int) -> None:
    assert stable_prefix_length(text) == expected


def test_stable_prefix_length_scans_from_start() -> None:
    text = "a\n\nb\n\nc\n"
    first = stable_prefix_length(text)
    assert stable_prefix_length(text, first) == first
    assert stable_prefix_length(text + "\nd\n", first) == len("a\n\nb\n\nc\n\n")


def test_reference_definitions_are_detected() -> None:
    assert has_reference_definitions("see [docs][1]\n\n[1]: https://example.com\n")
    assert not has_reference_definitions("a [link](https://example.com)")


def _images(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        found += [
            r.format.toImageFormat().name() for r in block.textFormats() if r.format.isImageFormat()
        ]
        block = block.next()
    return found


def _anchors(document: QTextDocument) -> list[str]:
    found = []
    block = document.begin()
    while block.isValid():
        found += [r.format.anchorHref() for r in block.textFormats() if r.format.isAnchor()]
        block = block.next()
    return found


def test_raw_html_is_text_and_images_become_links() -> None:
    text = (
        'Hi <img src="http://127.0.0.1:9/a.png"> <script>alert(1)</script> <b>bold?</b>\n\n'
        "![chart](http://example.com/a.png) ![secret](file:///etc/passwd) ![](http://e.com/x.png) "
        "[docs](https://example.com/d)"
    )
    document = render_markdown(text, default_link_format)
    document.setTextWidth(400)
    document.size()  # lays out: any image would be requested now
    plain = document.toPlainText()
    assert "<script>alert(1)</script>" in plain  # shown as text, never run or parsed
    assert '<img src="http://127.0.0.1:9/a.png">' in plain
    assert "🖼 chart" in plain and "🖼 secret" in plain  # a file image is not even a link
    assert "x.png" not in plain  # Qt's importer drops an image without alt text
    assert _images(document) == []
    assert document.refused == []  # nothing was even asked for
    assert _anchors(document) == ["http://example.com/a.png", "https://example.com/d"]


def test_safe_document_refuses_what_qt_asks_for() -> None:
    # The importer alone would keep the image; the document still loads nothing.
    document = SafeDocument()
    document.setMarkdown(
        "![x](file:///etc/hostname) ![y](http://example.com/y.png)", MARKDOWN_FEATURES
    )
    document.setTextWidth(300)
    document.size()
    refused = {url.toString() for url in document.refused}
    assert refused == {"file:///etc/hostname", "http://example.com/y.png"}
    assert (
        document.resource(QTextDocument.ResourceType.ImageResource, QUrl("file:///etc/hostname"))
        is None
    )


_PARTS = [
    "# Title",
    "Para one with **bold** and [link](https://example.com)",
    "- a\n- b\n\n- loose c",
    "```py\ncode\n\nmore code\n```",
    "1. x\n2. y",
    "> quote\n> more",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "end ![img](http://example.com/y.png)",
    "## Heading two",
    "- item\n\n  continued para",
    "~~~\nfence\n~~~",
    "last",
]


def _structure(document: QTextDocument) -> list[tuple[object, ...]]:
    out = []
    block = document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if block.text().strip():
            out.append(
                (
                    block.text().strip(),
                    fmt.headingLevel(),
                    block.textList() is not None,
                    fmt.nonBreakableLines(),
                    fmt.leftMargin(),
                )
            )
        block = block.next()
    return out


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("plain_tail_limit", [10**9, 30])
def test_streamed_markdown_matches_one_pass_render(seed: int, plain_tail_limit: int) -> None:
    rng = random.Random(seed)
    text = "\n\n".join(_PARTS if seed == 0 else rng.sample(_PARTS, len(_PARTS))) + "\n"
    document = SafeDocument()
    stream = MarkdownStream(document, plain_tail_limit=plain_tail_limit)
    position = 0
    while position < len(text):
        size = rng.randint(1, 25)
        stream.append(text[position : position + size])
        position += size
    stream.finish()
    assert _structure(document) == _structure(render_markdown(text, default_link_format))
    assert stream.text == text


def test_streaming_commits_stable_blocks_once() -> None:
    document = SafeDocument()
    stream = MarkdownStream(document)
    paragraphs = [f"Paragraph {i} with some *words*.\n\n" for i in range(200)]
    for paragraph in paragraphs:
        stream.append(paragraph)
    stream.finish()
    # One render per committed paragraph plus the open tail each time, never the whole text.
    assert stream.renders <= 2 * len(paragraphs) + 1
    assert document.toPlainText().count("Paragraph") == 200


def test_late_reference_definition_renders_everything_again() -> None:
    document = SafeDocument()
    stream = MarkdownStream(document)
    stream.append("See [the docs][1].\n\nMore text.\n\n")
    stream.append("[1]: https://example.com/docs\n")
    stream.finish()
    assert _anchors(document) == ["https://example.com/docs"]
