"""The terminal's logging: the libraries' lines only with --debug, ours always."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from gui.logs import LIBRARY_LOGGERS, quiet_libraries


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    levels = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    logging.captureWarnings(False)


def emit_all() -> None:
    logging.getLogger("strands.models.openai").warning("OpenAI threw rate limit error")
    logging.getLogger("openai._base_client").info("Retrying request")
    logging.getLogger("botocore.credentials").warning("Refreshing credentials")
    logging.getLogger("mcp.client.streamable_http").error("session goodbye failed")
    logging.getLogger("gui.agent.session").warning("ours")


def test_without_debug_only_our_lines_remain(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    quiet_libraries(debug=False)
    emit_all()
    assert [r.name for r in caplog.records] == ["gui.agent.session"]


def test_with_debug_everything_comes_through(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.DEBUG)
    quiet_libraries(debug=False)
    quiet_libraries(debug=True)  # the later call wins: nothing stays silenced
    emit_all()
    assert len(caplog.records) == 5


def test_python_warnings_are_routed_through_logging_and_silenced(
    caplog: pytest.LogCaptureFixture, recwarn: pytest.WarningsRecorder
):
    import warnings

    caplog.set_level(logging.DEBUG)
    quiet_libraries(debug=False)
    warnings.warn("a library's deprecation", DeprecationWarning, stacklevel=1)
    assert not [r for r in caplog.records if r.name == "py.warnings"]
