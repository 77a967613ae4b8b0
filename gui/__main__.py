"""``agentcore-chat`` (``python -m gui``): no command opens the window, a command the terminal.

Only the argument parser (:mod:`gui.cli.parser`) is imported before the choice: the
window's path (:func:`gui.ui.startup.app.run`) never loads the terminal's modules, and
the terminal's path never loads Qt. Logging is set up here for both, through
:func:`gui.untrusted.log_to_terminal`: every line cleaned of escapes and controls, and
scrubbed of our tokens (:class:`gui.untrusted.ScrubSecretsFilter`).

A reader of stdout that leaves early (``agentcore-chat history | head -1``) ends the
command quietly with status 0, handled here once for every command: see :func:`main`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from gui.cli.parser import build_parser, overrides
from gui.errors import quiet_when_other_end_gone
from gui.logs import quiet_libraries
from gui.untrusted import log_to_terminal


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``agentcore-chat`` command; returns the exit status.

    When stdout's reader has gone (``| head -1``), the command ends quietly with 0, not
    a BrokenPipeError traceback: the reader took what it wanted, and 0 keeps a script's
    ``set -o pipefail`` from failing on a ``| head`` (141, death by SIGPIPE, would).
    """
    try:
        try:
            code = _main(argv)
        except SystemExit:  # argparse's --help or usage error: its lines go out first
            sys.stdout.flush()
            raise
        sys.stdout.flush()  # the last buffered lines: a reader gone shows here, not at exit
        return code
    except BaseException as exc:
        if not _only_broken_pipes(exc):
            raise
        _stdout_gone()
        return 0


def _only_broken_pipes(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):  # raised inside a task group
        return exc.split(BrokenPipeError)[1] is None
    return isinstance(exc, BrokenPipeError)


def _stdout_gone() -> None:
    """Point stdout at devnull, so the interpreter's last flush at exit does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no stdout to point anywhere
        pass


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    # Every log line is cleaned for the terminal (libraries quote servers) and scrubbed
    # of our tokens (--debug too).
    log_to_terminal(logging.DEBUG if args.debug else logging.WARNING)
    if not args.debug:
        # mcp warns about things we handle (a lost session's goodbye failing); keep stderr clean.
        logging.getLogger("mcp").setLevel(logging.ERROR)
    quiet_libraries(args.debug)  # the libraries' log lines only with --debug
    # ...and logs a traceback when a call is abandoned under it (Stop, Ctrl+C): DEBUG.
    quiet_when_other_end_gone("mcp.client.streamable_http")
    if args.command is None:
        from gui.ui.startup.app import run as run_window

        return run_window(
            demo=args.demo,
            smoke_test=args.smoke_test,
            overrides=overrides(args),
            config_path=args.config,
        )
    from gui.cli.runner import run as run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
