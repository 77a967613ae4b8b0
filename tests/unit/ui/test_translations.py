"""Every window text has Japanese: the committed .ts, refreshed from the code, has no gaps.

Runs ``pyside6-lupdate`` (as ``make translations`` does, with ``-no-obsolete``) into a copy of
the committed .ts in a temporary folder, so a text added to gui/ui without a translation fails
here; the committed file is never written. Also checks that each translation keeps its
source's %1/%2/%n placeholders and has an &-accelerator where the source has one.
Imports nothing from gui; needs the venv's pyside6-lupdate (lupdate takes well under a second).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = ROOT / "gui" / "ui" / "assets" / "translations"
TS_FILES = sorted(TRANSLATIONS.glob("*.ts"))
PLACEHOLDER = re.compile(r"%(?:\d|n)")
ACCELERATOR = re.compile(r"&[^&\s]")


def _lupdate() -> str:
    beside = Path(sys.executable).with_name("pyside6-lupdate")
    found = str(beside) if beside.exists() else shutil.which("pyside6-lupdate")
    if found is None:
        pytest.skip("pyside6-lupdate is not installed")
    return found


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context name, source text, <translation>) of every message in ``ts``."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: message without <translation>"
            found.append((name, message.findtext("source", ""), translation))
    return found


def _texts(translation: ET.Element) -> list[str]:
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def test_there_are_translations() -> None:
    assert TS_FILES, f"no .ts files in {TRANSLATIONS}"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda path: path.name)
def test_every_window_text_is_translated(ts: Path, tmp_path: Path) -> None:
    copy = tmp_path / ts.name
    shutil.copyfile(ts, copy)
    sources = sorted({str(path.relative_to(ROOT)) for path in (ROOT / "gui" / "ui").rglob("*.py")})
    subprocess.run(
        [_lupdate(), *sources, "-no-obsolete", "-ts", str(copy)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    missing = [
        f"{context}: {source!r}"
        for context, source, translation in _messages(copy)
        if translation.get("type") == "unfinished" or not any(_texts(translation))
    ]
    assert not missing, (
        f"{len(missing)} window text(s) without a translation in {ts.name}; run "
        "`make translations` and translate them:\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda path: path.name)
def test_translations_keep_placeholders_and_accelerators(ts: Path) -> None:
    wrong = []
    for context, source, translation in _messages(ts):
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for text in _texts(translation):
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                wrong.append(f"{context}: {source!r} -> {text!r} (placeholders)")
            if ACCELERATOR.search(source) and not ACCELERATOR.search(text):
                wrong.append(f"{context}: {source!r} -> {text!r} (no &-accelerator)")
    assert not wrong, "\n".join(wrong)
