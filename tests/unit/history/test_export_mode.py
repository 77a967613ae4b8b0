"""Exports are user-only like the history they come from (issue 17, item 10)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.history.export import write_private


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual desktop umask (022): files are world-readable unless we say otherwise."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_a_new_export_is_created_user_only(tmp_path: Path):
    path = tmp_path / "conversation.md"
    write_private(path, "# A conversation\n")
    assert mode(path) == 0o600
    assert path.read_text(encoding="utf-8") == "# A conversation\n"


@pytest.mark.usefixtures("open_umask")
def test_an_export_over_a_world_readable_file_makes_it_user_only(tmp_path: Path):
    path = tmp_path / "conversation.md"
    path.write_text("an older, longer export that was world-readable\n", encoding="utf-8")
    os.chmod(path, 0o644)
    write_private(path, "# New\n")
    assert mode(path) == 0o600
    assert path.read_text(encoding="utf-8") == "# New\n"
