"""Which log lines reach the terminal: ours, and the libraries' only with ``--debug``.

The libraries under the chat log what we already handle and show as typed errors:
strands warns "OpenAI threw rate limit error" before :mod:`gui.agent.retry` retries,
the SDKs log their own retries, mcp logs a lost session's failed goodbye. Without
``--debug`` those loggers are silenced (and Python warnings, routed through logging,
with them); the app's own ``gui.*`` loggers keep their level. One function, called
once by each front end after it configures logging.

Imports only the standard library.
"""

from __future__ import annotations

import logging

#: Loggers of the libraries the chat uses; silenced unless debugging.
LIBRARY_LOGGERS = (
    "anthropic",
    "boto3",
    "botocore",
    "httpcore",
    "httpx",
    "httpx2",
    "mcp",
    "openai",
    "py.warnings",
    "strands",
    "urllib3",
)
SILENT = logging.CRITICAL + 1


def quiet_libraries(debug: bool = False) -> None:
    """Silence the libraries' loggers (``debug``: let everything through at DEBUG)."""
    logging.captureWarnings(True)
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else SILENT)
