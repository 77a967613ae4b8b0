"""gui/ui/controllers/tools_panel.py: a tool's icon is fetched trusting what the gateway is
trusted with (the profile's extra CA), from a real https server on loopback.

What we saw: behind a company CA (``ca_file`` set in Settings) the tools listed, but
their https icons never showed: the panel fetched them with the usual CAs only.
"""

from __future__ import annotations

from pathlib import Path

from gui.demo.gateway.media import swatch_png
from gui.gateway.icons import Icon
from gui.ui.controllers.tools_panel import ToolsPanelController
from gui.ui.widgets.tools_panel import ToolsPanelView
from tests.support.fake_chat import FakeTool, ScriptedChatSession
from tests.support.http_server import https_server
from tests.support.qt import delete_now

NAME = "brand___getBrandKit"


async def test_an_https_icon_is_loaded_with_the_gateways_ca_file(tmp_path: Path) -> None:
    png = swatch_png(16, 16, [(200, 40, 40)])
    with https_server(tmp_path, {"/brand.png": (200, "image/png", png)}) as where:
        base, ca_file = where.split("|")
        tool = FakeTool(NAME, "brand · Get the brand kit", "", icons=(Icon(f"{base}/brand.png"),))
        shown = {}
        errors: list[object] = []
        for trusted in ("", ca_file):
            session = ScriptedChatSession(tools=[tool])
            session.ca_file = trusted
            panel = ToolsPanelView()
            controller = ToolsPanelController(panel, session, on_error=errors.append)
            try:
                await controller.load()  # waits for the icon loads (up to ICON_WAIT)
                await controller.wait()
                shown[trusted] = panel.model.has_icon(NAME)
            finally:
                controller.close()
                delete_now(panel)
    assert shown == {"": False, ca_file: True}  # the private CA is needed, and used
    assert errors == []
