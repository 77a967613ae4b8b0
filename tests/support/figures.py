"""How the benchmarks print their figures: one line per measurement, never asserted.

Standard library only.
"""

from __future__ import annotations

import statistics


def report(name: str, samples: list[float], unit: str = "ms", *, tail: float = 0.95) -> None:
    """Median, the ``tail`` percentile (nearest rank), min and max of ``samples``."""
    ordered = sorted(samples)
    high = ordered[max(0, round(tail * len(ordered)) - 1)]
    print(
        f"\n{name}: median {statistics.median(samples):.1f} {unit}, "
        f"p{round(tail * 100)} {high:.1f} {unit}, "
        f"min {ordered[0]:.1f}, max {ordered[-1]:.1f} (n={len(samples)})"
    )


def report_worst(name: str, samples: list[float]) -> None:
    """Median and worst, in milliseconds."""
    print(
        f"\n{name}: median {statistics.median(samples):.1f} ms, "
        f"max {max(samples):.1f} ms (n={len(samples)})"
    )
