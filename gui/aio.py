"""Small asyncio helpers shared by the cores."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


async def run_blocking(fn: Callable[[], T], *, within: float | None = None) -> T:
    """Run a blocking call in its own daemon thread and await its result.

    Not ``asyncio.to_thread``: the default executor joins its threads when the
    loop closes, so one stuck call (a keyring unlock prompt, a hung socket)
    would hold the app open. A daemon thread is simply abandoned at exit.
    Raises ``TimeoutError`` when ``within`` seconds pass; the thread is left to finish.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(setter: Callable[[object], None], value: object) -> None:
        if not future.done():
            setter(value)

    def hand_over(setter: Callable[[object], None], value: object) -> None:
        # RuntimeError: the loop closed while we worked; nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, setter, value)

    def target() -> None:
        try:
            result = fn()
        except BaseException as exc:  # handed to the awaiting task
            hand_over(future.set_exception, exc)
        else:
            hand_over(future.set_result, result)

    threading.Thread(
        target=target, name=f"blocking-{getattr(fn, '__name__', 'call')}", daemon=True
    ).start()
    if within is None:
        return await future
    # Not asyncio.wait_for: on 3.11 it can swallow a cancellation that arrives as
    # the result does, and the cancelled task runs on (after its loop has stopped).
    async with asyncio.timeout(within):
        return await future


class DaemonExecutor(concurrent.futures.Executor):
    """The loop's default executor: one daemon thread per call, never joined at close.

    qasync's own executor waits for its threads when the loop closes, so one
    stuck ``getaddrinfo`` would hold the app open after its window closed.
    """

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def target() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:
                future.set_exception(exc)

        threading.Thread(target=target, name="loop-executor", daemon=True).start()
        return future


ASYNCGEN_SHUTDOWN_TIMEOUT = 0.5  # seconds the loop's end gives unfinished async generators


@contextlib.contextmanager
def finalizing_async_generators(loop: asyncio.AbstractEventLoop) -> Iterator[None]:
    """While the block runs, ``loop`` closes abandoned async generators as asyncio's own does.

    ``asyncio``'s ``run_forever`` installs async-generator hooks; qasync's does not. Without
    them an async generator dropped mid-iteration (httpx2's response streams inside mcp,
    after Stop during a tool call) is closed by the garbage collector, off the loop: its
    cleanup awaits, and Python prints "async generator ignored GeneratorExit". With them,
    the loop runs each one's ``aclose()`` as a task, and at the end of the block closes
    those still open (within :data:`ASYNCGEN_SHUTDOWN_TIMEOUT`). Use it inside
    ``with loop:``, around ``run_until_complete``, on the loop's own thread.
    """
    previous = sys.get_asyncgen_hooks()
    # The loop's own hooks (asyncio.BaseEventLoop), as its run_forever would install them.
    sys.set_asyncgen_hooks(
        firstiter=loop._asyncgen_firstiter_hook,  # type: ignore[attr-defined]
        finalizer=loop._asyncgen_finalizer_hook,  # type: ignore[attr-defined]
    )

    async def close_the_rest() -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(ASYNCGEN_SHUTDOWN_TIMEOUT):
                await loop.shutdown_asyncgens()

    try:
        yield
        if not loop.is_closed():
            loop.run_until_complete(close_the_rest())
    finally:
        sys.set_asyncgen_hooks(*previous)
