"""``python -m gui.demo.gateway --issuer URL --audience AUD [--port N] [--session-ttl S]``: run it.

Prints the MCP endpoint, then serves until Ctrl+C.

May import: ``gui.demo.gateway`` (and its catalogue's option). No Qt.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import threading

from gui.demo.gateway import DemoGateway
from gui.demo.gateway.catalogue import add_catalogue_option, checked_catalogue


def main(argv: list[str] | None = None) -> int:
    """Run the demo gateway until interrupted (``python -m gui.demo.gateway``)."""
    parser = argparse.ArgumentParser(
        prog="python -m gui.demo.gateway",
        description="Local AgentCore-style MCP gateway (demo).",
    )
    parser.add_argument(
        "--issuer", required=True, help="OIDC issuer URL, e.g. http://127.0.0.1:8400/"
    )
    parser.add_argument("--audience", required=True, help="the audience tokens must carry")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument("--scope", default="invoke:mcp", help="scope every caller needs")
    parser.add_argument("--test-tools", action="store_true", help="add the diagnostics tools")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds added before each request"
    )
    add_catalogue_option(parser)
    parser.add_argument(
        "--session-ttl",
        type=float,
        default=None,
        metavar="SECONDS",
        help="end each MCP session this long after it began (as AgentCore's session timeout)",
    )
    parser.add_argument(
        "--reveal-after",
        type=float,
        default=None,
        metavar="SECONDS",
        help="the inventory target appears this long after the first request "
        "(default: after the first showcase call)",
    )
    args = parser.parse_args(argv)
    checked_catalogue(parser, args.catalogue)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    gateway = DemoGateway(
        issuer=args.issuer,
        audience=args.audience,
        host=args.host,
        port=args.port,
        required_scope=args.scope,
        test_tools=args.test_tools,
        latency=args.latency,
        catalogue=args.catalogue,
        session_ttl=args.session_ttl,
        reveal_after=args.reveal_after,
    )
    with gateway.start():
        print(f"MCP endpoint: {gateway.url}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
