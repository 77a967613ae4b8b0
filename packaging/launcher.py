"""The frozen app's entry point: ``gui.__main__.main``, the same as the ``agentcore-chat`` command.

Terminal commands (``login``, ``status``, ...) work from the bundle; with no
command it opens the window (``gui.ui.startup.app``).

A windowed build (``console=False``) on Windows and macOS starts with no
console, so ``sys.stdout`` and ``sys.stderr`` are ``None`` and the first
``print()``, ``argparse`` message or logging handler would raise. They are
pointed at the null device before anything else runs (as mnelab does).
"""

from __future__ import annotations

import os
import sys


def ensure_std_streams() -> None:
    """Give a console-less process harmless ``stdout``/``stderr`` instead of ``None``."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main() -> int:
    """Run the ``agentcore-chat`` command line; returns the exit status."""
    ensure_std_streams()
    from gui.__main__ import main as agentcore_chat

    return agentcore_chat()


if __name__ == "__main__":
    sys.exit(main())
