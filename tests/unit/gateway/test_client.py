"""gui.gateway.client's pieces without a server: the tool list's paging."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from gui.gateway.client import _list_all_tools


async def test_list_all_tools_follows_cursors():
    pages = {
        None: SimpleNamespace(tools=["a", "b"], next_cursor="p2"),
        "p2": SimpleNamespace(tools=["c"], next_cursor="p3"),
        "p3": SimpleNamespace(tools=["d"], next_cursor=None),
    }
    asked: list[Any] = []

    class Session:
        async def list_tools(self, *, params: Any = None) -> Any:
            cursor = params.cursor if params is not None else None
            asked.append(cursor)
            return pages[cursor]

    assert await _list_all_tools(Session()) == ["a", "b", "c", "d"]  # type: ignore[arg-type]
    assert asked == [None, "p2", "p3"]
