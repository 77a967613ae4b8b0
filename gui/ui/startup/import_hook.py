"""Make every import after PySide6 cheaper: skip shiboken's source scan of each module.

Importing PySide6 replaces ``builtins.__import__`` with shiboken's
``__feature_import__``, which, after every later import, calls
``shibokensupport.feature._mod_uses_pyside(module)``: ``inspect.getsource`` of
the whole module, to see whether it mentions PySide6 (and so might use
``from __feature__ import snake_case``). For the ~1,500 modules the chat core
loads (strands, boto3, mcp, pydantic) that reads every source file into
``linecache`` and keeps it there: measured here, about a third of the import
time and 25-40 MB of resident memory.

We use no ``__feature__`` options, so every module gets the default feature set
either way; answering "uses PySide" for all of them (what our own modules get
today) gives the same behaviour without reading any source. The hook is
private to shiboken: if it is not where we expect, nothing is changed, and
tests/unit/ui/startup/test_import_hook.py fails.

Imports only ``sys``: start-up calls it right after importing PySide6, before
anything else.
"""

from __future__ import annotations

import sys


def skip_source_scan() -> bool:
    """Replace shiboken's per-import source scan with a constant; True when it was found."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


def _uses_pyside(module: object) -> bool:
    return True
