"""GUI tests run on the real Qt event loop: asyncio's loop *is* qasync's QEventLoop.

Inside an ``async def`` test, wait for a signal with
:func:`tests.support.waiting.signal_future` (``qtbot.waitSignal`` would re-enter
the loop: "Cannot enter into task"), and for anything else with ``wait_until``.

Demo servers: ``stack`` (tests/conftest.py) is fresh for each test; ``shared_stack`` serves
the whole session's window tests, so a test that changes it puts it back; ``module_stack``
serves one chat-pane module, with the test tools.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_timeout
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from gui.auth.store import KeyringStore
from gui.demo.stack import DemoStack
from gui.ui.views.chat import ChatPage
from tests.support.cards import cards_answer_at_once, press_clock  # noqa: F401 (fixtures)
from tests.support.profiles import TwoProfiles
from tests.support.qt import destroy_leftovers, shown
from tests.support.stacks import StackFactory, demo_stack
from tests.support.window import Harness

_HERE = Path(__file__).resolve().parent


_loops: list[asyncio.AbstractEventLoop] = []  # the current test's qasync loop, for timeouts
_GRACE = 30.0  # seconds a timed-out test's cancelled tasks get before the run is ended


def _qt_loop() -> asyncio.AbstractEventLoop:
    from gui.ui.startup.qt_loop import QtLoop  # after PySide6, so qasync binds to it

    app = QApplication.instance() or QApplication([])
    loop = QtLoop(app, already_running=False)
    _loops[:] = [loop]
    return loop


@pytest.hookimpl(tryfirst=True)
def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> bool | None:
    """A per-test timeout that works on the Qt loop.

    pytest-timeout's SIGALRM cannot interrupt Qt's own event loop: while it waits, no
    Python runs to take the signal, so a hung GUI test would hang the whole run. Here a
    timer thread wakes the loop and cancels the test's tasks: that one test fails with
    the stacks printed, and the run goes on. A test that blocks the loop itself cannot
    be cancelled; after a grace period pytest-timeout's thread method ends the run.
    """
    if _HERE not in item.path.parents or settings.method != "signal":
        return None  # pytest-timeout's own (the hook is global; this folder is ours)
    timers = [
        threading.Timer(settings.timeout, _cancel_the_test, (item, settings)),
        threading.Timer(settings.timeout + _GRACE, pytest_timeout.timeout_timer, (item, settings)),
    ]
    for timer in timers:
        timer.daemon = True
        timer.start()

    def cancel() -> None:
        for timer in timers:
            timer.cancel()

    item.cancel_timeout = cancel  # type: ignore[attr-defined]
    return True


def _cancel_the_test(item: pytest.Item, settings: Any) -> None:
    """In the timer thread: print where everything is stuck, then cancel the loop's tasks."""
    terminal = item.config.get_terminal_writer()
    terminal.sep("+", title=f"Timeout >{settings.timeout:g}s: cancelling {item.nodeid}")
    pytest_timeout.dump_stacks(terminal)
    terminal.sep("+", title="Timeout")
    for loop in _loops:
        if not loop.is_closed():
            loop.call_soon_threadsafe(_cancel_tasks, loop)


def _cancel_tasks(loop: asyncio.AbstractEventLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel("the test ran over its timeout")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The links the window asked the desktop to open (none is really opened)."""
    links: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: links.append(url.toString()))
    return links


@pytest.fixture(autouse=True)
def _destroy_widgets_on_the_gui_thread() -> Iterator[None]:
    """Each test's leftover windows die here, on the GUI thread (see tests/support/qt.py)."""
    yield
    destroy_leftovers()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """End the icon loads a test left running, before pytest-qt runs Qt's events after it.

    The tools panel starts them whenever the gateway's list changes (and the gateway
    client reads the list again after a change), so a test may end with one waiting
    for its worker thread. pytest-qt processes Qt's events once the test
    returns (its wrapper is outside this one); with qasync those events resume asyncio
    tasks while no loop runs ("no running event loop"). Cancelled here, on the test's
    loop, they end quietly.
    """
    try:
        return (yield)
    finally:
        _end_work_left_running()


# The background work that can outlive a test and later resume from Qt's events: a tool
# list read again after a change, and the icon loads that shows.
_LEFT_RUNNING = {"GatewayClient._refresh_tools", "ToolsPanelController._load_icon"}


def _end_work_left_running() -> None:
    for loop in _loops:
        if loop.is_closed() or loop.is_running():
            continue
        for _ in range(10):  # ending one may have started another (a list shows icons)
            left = [
                task
                for task in asyncio.all_tasks(loop)
                if task.get_coro().__qualname__ in _LEFT_RUNNING  # type: ignore[union-attr]
            ]
            if not left:
                break
            for task in left:
                task.cancel()
            loop.run_until_complete(asyncio.wait(left, timeout=5))


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Any]:
    """Every async test under tests/gui runs on a qasync loop."""
    return {"qasync": _qt_loop}


@pytest.fixture(scope="session")
def shared_stack() -> Iterator[DemoStack]:
    """Demo servers shared by the session's window tests (the demo tools only)."""
    with demo_stack() as servers:
        yield servers


@pytest.fixture(scope="module")
def module_stack(module_demo_stack_factory: StackFactory) -> DemoStack:
    """Demo servers with the test tools, shared by one module's chat-pane tests."""
    return module_demo_stack_factory(test_tools=True)


@pytest.fixture
async def harness(qtbot: Any, shared_stack: DemoStack) -> AsyncIterator[Harness]:
    """A window on the shared demo profile, with nothing remembered."""
    h = Harness(qtbot, shared_stack.profile)
    yield h
    await h.close()


@pytest.fixture
async def filed_harness(qtbot: Any, stack: DemoStack, tmp_path: Path) -> AsyncIterator[Harness]:
    """A started window on ``stack`` whose profile is the top level of a settings file
    (``h.services.config_path``), so profiles can be added beside it."""
    p = stack.profile
    config = tmp_path / "config.toml"
    config.write_text(
        f'issuer = "{p.issuer}"\nclient_id = "{p.client_id}"\naudience = "{p.audience}"\n'
        f'gateway_url = "{p.gateway_url}"\nmodel = "offline"\n',
        encoding="utf-8",
    )
    h = Harness(qtbot, p, config_path=config)
    try:
        await h.controller.start()
        yield h
    finally:
        await h.close()


@pytest.fixture
def page(qtbot: Any) -> Iterator[ChatPage]:
    """A chat page on its own, shown at 900 × 640; the test wires its controller."""
    with shown(ChatPage(), 900, 640) as view:
        yield view


@pytest.fixture
async def two_profiles() -> AsyncIterator[TwoProfiles]:
    """Alice on ``default`` and Bob on ``bob``, both signed in in the real keyring."""
    with TwoProfiles() as world:
        store = KeyringStore()
        await world.sign_in_both(store)
        yield world
        await world.forget(store)
