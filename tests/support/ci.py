"""Skips that CI may not take: a missing tool skips on a laptop and fails where ``CI`` is set.

A skip in CI reports green while the check never ran, which is how the desktop
entry went unvalidated for weeks (scripts/system-deps.sh never installed the tool).
"""

from __future__ import annotations

import os

import pytest


def require(available: bool, what: str) -> None:
    """Go on when ``available``; otherwise fail under CI and skip elsewhere, naming ``what``."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: scripts/system-deps.sh test installs it")
    pytest.skip(f"{what} is not installed")
