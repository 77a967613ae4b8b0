"""What the integration suites share: a fresh embedded sign-in server per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gui.demo.idp import DemoIdp


@pytest.fixture
def idp() -> Iterator[DemoIdp]:
    """A fresh embedded sign-in server; interval 0, so polls are not slowed down."""
    with DemoIdp(interval=0) as server:
        yield server
