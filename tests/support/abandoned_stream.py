"""``python -m tests.support.abandoned_stream [--without-hooks]``: Stop during a stream, on qasync.

What the window does when the person presses Stop while a tool's answer streams in: the
reading task (mcp's, inside the app) is cancelled while it is busy with one chunk, so
httpx2's response generators are left suspended mid-iteration, and the loop runs on.
Run on a qasync loop set up as the window sets it up (``gui.aio.finalizing_async_generators``),
or without the hooks (``--without-hooks``, the control: then Python reports "async generator
ignored GeneratorExit"). Real HTTP on loopback: a streaming server in a thread. Prints
nothing of its own; the test reads stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx2
from PySide6.QtWidgets import QApplication
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from gui.aio import finalizing_async_generators
from gui.demo.runner import ServerThread


async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
    """An endless answer in 64 KiB chunks, as a long tool result arrives."""
    if scope["type"] != "http":
        return

    async def chunks():
        while True:
            yield b"x" * 65536
            await asyncio.sleep(0.001)

    await StreamingResponse(chunks(), media_type="text/event-stream")(scope, receive, send)


async def stop_during_the_stream(url: str) -> None:
    busy = asyncio.Event()

    async def read(client: httpx2.AsyncClient) -> None:
        async with client.stream("GET", url) as response:
            async for _chunk in response.aiter_bytes():
                busy.set()
                await asyncio.sleep(60)  # handling one chunk when Stop comes

    async with httpx2.AsyncClient() as client:
        reading = asyncio.ensure_future(read(client))
        await busy.wait()
        reading.cancel()  # Stop
        with contextlib.suppress(asyncio.CancelledError):
            await reading
        await asyncio.sleep(0.2)  # the window goes on after a Stop


def main() -> int:
    server = ServerThread("stream")
    port = server.start(streaming, "127.0.0.1", 0)
    try:
        import qasync  # after PySide6, so qasync binds to it

        app = QApplication.instance() or QApplication([])
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        hooks = (
            contextlib.nullcontext()
            if "--without-hooks" in sys.argv
            else finalizing_async_generators(loop)
        )
        with loop, hooks:
            loop.run_until_complete(stop_during_the_stream(f"http://127.0.0.1:{port}/"))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
