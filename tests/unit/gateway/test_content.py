"""A result's content blocks as typed parts: who each is for, and labels that never hold base64."""

from __future__ import annotations

import base64
import struct
from types import SimpleNamespace

import pytest

from gui.gateway.content import (
    AudioPart,
    ImagePart,
    LinkPart,
    OtherPart,
    ResourcePart,
    TextPart,
    for_model,
    for_person,
    image_dimensions,
    label,
    parts_of,
    readable_size,
)

PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">II", 64, 32)
    + b"\x08\x06\0\0\0"
)
GIF = b"GIF89a" + struct.pack("<HH", 10, 20) + b"\0" * 20
JPEG = (
    b"\xff\xd8"
    + b"\xff\xe0"
    + struct.pack(">H", 16)
    + b"JFIF\0"
    + b"\0" * 9
    + b"\xff\xc0"
    + struct.pack(">HBHH", 17, 8, 48, 96)
    + b"\0" * 10
)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize(("data", "size"), [(PNG, (64, 32)), (GIF, (10, 20)), (JPEG, (96, 48))])
def test_image_sizes_come_from_their_headers(data: bytes, size: tuple[int, int]) -> None:
    assert image_dimensions(data) == size


@pytest.mark.parametrize(
    "data", [b"", b"\x89PNG", b"\xff\xd8\xff", b"RIFF....WEBP", b"\xff\xd8\x00\x00"]
)
def test_other_or_broken_images_have_no_size(data: bytes) -> None:
    assert image_dimensions(data) is None


def test_every_kind_of_block_becomes_a_part() -> None:
    blocks = [
        SimpleNamespace(type="text", text="hello", annotations=None),
        {"type": "image", "data": b64(PNG), "mimeType": "image/png"},
        SimpleNamespace(
            type="audio", data=b64(b"RIFFwave"), mime_type="audio/wav", annotations=None
        ),
        {
            "type": "resource_link",
            "uri": "https://files.example.com/q3%20report.pdf",
            "name": "q3",
            "title": "Q3 report",
            "description": "Sales\nby region",
            "mimeType": "application/pdf",
            "size": 2048,
        },
        {
            "type": "resource",
            "resource": {"uri": "demo://notes/a.txt", "mimeType": "text/plain", "text": "notes"},
        },
        {"type": "resource", "resource": {"uri": "demo://blobs/b.bin", "blob": b64(b"\0\1\2")}},
        {"type": "hologram"},
    ]
    text, image, audio, link, note, blob, other = parts_of(blocks)
    assert text == TextPart("hello")
    assert image == ImagePart("image/png", len(PNG), 64, 32)
    assert image.data == PNG
    assert audio == AudioPart("audio/wav", 8) and audio.data == b"RIFFwave"
    assert link == LinkPart(
        "https://files.example.com/q3%20report.pdf",
        "Q3 report",
        "Sales by region",
        "application/pdf",
        2048,
    )
    assert link.openable
    assert note == ResourcePart("demo://notes/a.txt", "a.txt", "text/plain", text="notes", size=5)
    assert blob.blob == b"\0\1\2" and blob.name == "b.bin" and blob.text is None
    assert other == OtherPart("hologram")
    assert [label(p) for p in (image, audio, link, note, blob, other)] == [
        f"[image 64×32 image/png, {len(PNG)} B]",
        "[audio audio/wav, 8 B]",
        "[link: Q3 report — Sales by region <https://files.example.com/q3%20report.pdf>]",
        "notes",
        "[file b.bin, 3 B]",
        "[hologram]",
    ]


def test_binary_that_is_not_base64_or_too_large_is_named_not_kept(monkeypatch) -> None:
    [broken] = parts_of([{"type": "image", "data": "not base64!", "mimeType": "image/png"}])
    assert broken.data == b"" and label(broken) == "[image image/png, 8 B]"
    monkeypatch.setattr("gui.gateway.content.MAX_BINARY", 10)
    [big] = parts_of([{"type": "audio", "data": b64(b"x" * 30), "mimeType": "audio/ogg"}])
    assert big.data == b"" and big.size == 30


def test_audience_decides_who_reads_a_part() -> None:
    everyone, model_only, person_only, both = parts_of(
        [
            {"type": "text", "text": "a"},
            {"type": "text", "text": "b", "annotations": {"audience": ["assistant"]}},
            {"type": "text", "text": "c", "annotations": {"audience": ["user"]}},
            {"type": "text", "text": "d", "annotations": {"audience": ["user", "assistant"]}},
        ]
    )
    assert [for_person(p) for p in (everyone, model_only, person_only, both)] == [
        True,
        False,
        True,
        True,
    ]
    assert [for_model(p) for p in (everyone, model_only, person_only, both)] == [
        True,
        True,
        False,
        True,
    ]


def test_links_that_are_not_web_links_are_not_openable() -> None:
    assert not LinkPart("demo://x", "x").openable
    assert not LinkPart("http://example.com/x", "x").openable
    assert LinkPart("http://127.0.0.1:8080/x", "x").openable


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (999, "999 B"), (1234, "1.2 kB"), (5_300_000, "5.3 MB"), (7 * 10**9, "7.0 GB")],
)
def test_readable_size(size: int, text: str) -> None:
    assert readable_size(size) == text
