"""gui/cli/lines.py: one stdin reader; a reader that gives up loses no line."""

from __future__ import annotations

import asyncio
import io
import os
import threading
from collections.abc import Iterator

import pytest

from gui.cli.elicit import enter_for_consent
from gui.cli.lines import Lines
from tests.support.waiting import wait_until


@pytest.fixture
def pipe() -> Iterator[tuple[io.TextIOWrapper, io.TextIOWrapper]]:
    """A real pipe (a readline on it blocks until a line is written), reader and writer."""
    r, w = os.pipe()
    reader, writer = os.fdopen(r), os.fdopen(w, "w")
    yield reader, writer
    for end in (writer, reader):
        end.close()


def readers() -> int:
    return sum(t.name == "blocking-readline" for t in threading.enumerate())


async def no_readers() -> int:
    """0, once an earlier test's reader threads have ended (a thread hands its line over
    just before it ends, so one may still be alive when its test is done)."""
    await wait_until(lambda: readers() == 0, what="earlier reader threads to end")
    return 0


async def test_lines_then_end_of_input_ever_after():
    lines = Lines(io.StringIO("y\r\n\nlast"))
    assert [await lines.read() for _ in range(5)] == ["y", "", "last", None, None]


async def test_a_cancelled_read_leaves_its_line_to_the_next_reader(pipe):
    # What the merge would have done: the consent's Enter waiter gives up (the server said
    # so), its thread stays in readline, and the approval prompt's own thread lost the race
    # for the next line: the "y" typed for the prompt went nowhere.
    reader, writer = pipe
    lines = Lines(reader)
    before = await no_readers()
    gave_up = asyncio.ensure_future(lines.read())
    await wait_until(lambda: readers() == before + 1, what="a thread in readline")
    gave_up.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gave_up
    next_reader = asyncio.ensure_future(lines.read())
    writer.write("y\nsecond\n")
    writer.flush()
    async with asyncio.timeout(10):
        assert await next_reader == "y"
        assert await lines.read() == "second"
        # One readline at a time, and none left behind once the lines are read.
        await wait_until(lambda: readers() == before, what="the reader threads to end")


async def test_a_failed_read_is_not_handed_out_again():
    class Broken(io.StringIO):
        calls = 0

        def readline(self, size: int | None = -1) -> str:
            self.calls += 1
            if self.calls == 1:
                raise OSError("gone")
            return "fine\n"

    lines = Lines(Broken())
    with pytest.raises(OSError):
        await lines.read()
    assert await lines.read() == "fine"


async def test_a_consent_the_server_confirmed_leaves_the_next_line_to_the_next_prompt(pipe):
    reader, writer = pipe
    lines = Lines(reader)
    given = asyncio.get_running_loop().create_future()
    said: list[str] = []
    before = await no_readers()
    waiting = asyncio.ensure_future(
        enter_for_consent(lines, given, lambda: said.append("enter"), lambda: said.append("end"))
    )
    await wait_until(lambda: readers() == before + 1, what="the Enter waiter in readline")
    given.set_result("server")  # notifications/elicitation/complete came first
    async with asyncio.timeout(10):
        await waiting
        assert said == []
        writer.write("y\n")  # typed for the approval prompt that comes next
        writer.flush()
        assert await lines.read() == "y"
