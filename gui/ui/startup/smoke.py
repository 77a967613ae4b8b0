"""``--smoke-test``: the start-up up to the first frame, as a person sees it; then a report.

What loads after that frame is only looked up, not imported or run: a broken
install or bundle (a module left out) fails here, in a second, without a
sign-in server or a gateway. The report is three lines at most, on stdout::

    first paint: 131 ms
    heavy modules loaded before paint: mcp        (only when one was)
    missing modules: strands                      (only when one is)

The benchmarks and ``scripts/bundle-smoke.sh`` read them. Imports only the
standard library (and :class:`FirstPaint`'s type).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gui.ui.startup.first_paint import FirstPaint

PAINT_TIMEOUT_MS = 5000  # a platform may paint late (or never: minimal)
HEAVY = ("strands", "boto3", "mcp")  # must not be loaded before the first paint


def report(first_paint: FirstPaint, expected: tuple[str, ...]) -> bool:
    """Wait for the first paint, print the report; whether every ``expected`` module is there."""
    painted_at = first_paint.wait(PAINT_TIMEOUT_MS)
    print(f"first paint: {painted_at * 1000:.0f} ms", flush=True)
    heavy = sorted(m for m in HEAVY if m in sys.modules)
    if heavy:
        print(f"heavy modules loaded before paint: {', '.join(heavy)}", flush=True)
    missing = missing_modules(expected)
    if missing:
        print(f"missing modules: {', '.join(missing)}", flush=True)
    return not missing


def missing_modules(names: tuple[str, ...]) -> list[str]:
    """The modules among ``names`` that cannot be found (a broken install or bundle)."""
    from importlib.util import find_spec

    missing = []
    for name in names:
        try:
            found = find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing
