"""gui/services.py's choice of MCP protocol: 2026-07-28 first unless the environment pins one."""

from __future__ import annotations

import pytest

from gui.gateway.connection import AUTO, LEGACY, MODERN, PROTOCOLS
from gui.services import _PROTOCOLS, PROTOCOL_VARIABLE, gateway_protocol


def test_the_services_know_the_gateway_s_protocols():
    assert _PROTOCOLS == PROTOCOLS


@pytest.mark.parametrize(
    ("value", "chosen"),
    [(None, AUTO), ("legacy", LEGACY), (" LEGACY ", LEGACY), ("2026-07-28", MODERN), ("x", AUTO)],
)
def test_auto_unless_the_environment_pins_one(monkeypatch, value, chosen):
    if value is None:
        monkeypatch.delenv(PROTOCOL_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(PROTOCOL_VARIABLE, value)
    assert gateway_protocol() == chosen
