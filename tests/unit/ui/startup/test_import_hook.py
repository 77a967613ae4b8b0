"""The private shiboken hook import_hook.py patches is still there, and patching it takes effect.

``skip_source_scan()`` quietly does nothing when PySide6 moves the hook: start-up
would still work, only slower (about a third more import time for the chat core,
25-40 MB more memory). These tests turn that quiet loss into a failure when the
pinned PySide6 (6.11.3) is upgraded.
"""

from __future__ import annotations

import linecache
import sys
import uuid
from pathlib import Path
from types import ModuleType

import PySide6
import pytest
from PySide6 import QtCore  # noqa: F401 - importing PySide6's modules installs the hook

from gui.ui.startup import import_hook


@pytest.fixture
def feature(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """shiboken's feature module, with its hook put back after the test."""
    module = sys.modules.get("shibokensupport.feature")
    assert module is not None, f"PySide6 {PySide6.__version__} has no shibokensupport.feature"
    hook = getattr(module, "_mod_uses_pyside", None)
    assert callable(hook), f"PySide6 {PySide6.__version__}: _mod_uses_pyside is gone"
    monkeypatch.setattr(module, "_mod_uses_pyside", hook)
    return module


def _import_fresh(folder: Path) -> Path:
    """Import a new module from ``folder`` that never mentions PySide, as ``import`` does; its file.

    ``__import__`` is what shiboken replaced (``importlib.import_module`` bypasses it).
    """
    name = f"plain_{uuid.uuid4().hex}"
    path = folder / f"{name}.py"
    path.write_text("VALUE = 1\n", encoding="utf-8")
    sys.path.insert(0, str(folder))
    try:
        __import__(name)
    finally:
        sys.path.remove(str(folder))
        sys.modules.pop(name, None)
    return path


def test_the_private_hook_exists_and_each_import_looks_it_up(feature) -> None:
    # The fixture checked that the hook is there; it must also be looked up by name at
    # every import (not bound once), or replacing the module attribute would not count.
    assert "_mod_uses_pyside" in feature.feature_imported.__code__.co_names


def test_without_the_patch_every_import_reads_its_source(feature, tmp_path: Path) -> None:
    path = _import_fresh(tmp_path)
    assert str(path) in linecache.cache  # what the patch saves (the control for the next test)


def test_skip_source_scan_replaces_the_hook(feature, tmp_path: Path) -> None:
    original = feature._mod_uses_pyside
    assert import_hook.skip_source_scan()
    assert feature._mod_uses_pyside is not original
    assert feature._mod_uses_pyside(sys) is True  # every module "uses PySide": default features
    path = _import_fresh(tmp_path)
    assert str(path) not in linecache.cache  # the source was not read


def test_a_missing_hook_changes_nothing(feature, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(feature, "_mod_uses_pyside")
    assert not import_hook.skip_source_scan()
    assert not hasattr(feature, "_mod_uses_pyside")
