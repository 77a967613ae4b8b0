"""``python -m gui.demo.idp``: run the demo provider until Ctrl+C (or SIGTERM).

Prints the issuer, client id, audience and sign-in page, one a line, then waits.

May import: ``gui.demo.idp``. No Qt.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from types import FrameType

from gui.demo.idp import DEMO_AUDIENCE, DEMO_CLIENT_ID, DemoIdp


def main(argv: list[str] | None = None) -> int:
    """Run the demo provider until Ctrl+C (or SIGTERM); returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m gui.demo.idp",
        description="Run the AgentCore Chat demo identity provider (device flow) on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 = any free port)")
    parser.add_argument("--interval", type=int, default=5, help="device-code polling interval")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    try:
        idp = DemoIdp(host=args.host, port=args.port, interval=args.interval).start()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    def _terminate(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Both set explicitly, as the window does: a process started with SIGINT ignored
    # (from a background job or nohup) must still stop on Ctrl+C.
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    # The prints sit inside the try: a Ctrl+C right after the first lines must still stop
    # the server, whose thread would otherwise keep the process alive.
    try:
        print(f"issuer:       {idp.issuer}", flush=True)
        print(f"client id:    {DEMO_CLIENT_ID}", flush=True)
        print(f"audience:     {DEMO_AUDIENCE}", flush=True)
        print(f"sign-in page: {idp.issuer}activate", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        idle = threading.Event()
        while not idle.wait(0.5):  # a timed wait stays interruptible on every platform
            pass
    except KeyboardInterrupt:
        pass
    finally:
        idp.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
