"""The demo stack as its own process: ``python -m gui.demo.serve``.

Benchmarks run the servers here so that their threads do not share the GIL
with the window they measure; a person can use it to point the real app at
local servers. It prints one JSON line describing the stack (issuer, client
id, audience, gateway URL, model), then reads commands on stdin, one a line:

- ``approve <user_code> <username>``: approve a pending device code;
- ``stats``: print ``{"sessions": N, "calls": {tool: N}}`` for the gateway.

End of input (or Ctrl+D) stops the servers, so a parent that dies takes them along.

``--catalogue N`` makes the gateway a big one: N generated read-only tools more, and
AgentCore's ``x_amz_bedrock_agentcore_search`` (gui/demo/gateway/catalogue.py).

May import: ``gui.demo.idp``, ``gui.demo.stack``, ``gui.demo.gateway.catalogue``. No Qt.
"""

from __future__ import annotations

import argparse
import json
import sys

from gui.demo.gateway.catalogue import add_catalogue_option, checked_catalogue
from gui.demo.idp import DemoIdp
from gui.demo.stack import DemoStack

TOOLS = ("people___getProfile", "people___listMembers", "diagnostics___bigResult")


def _answer(stack: DemoStack, line: str) -> dict[str, object]:
    words = line.split()
    if words[:1] == ["approve"] and len(words) == 3:
        try:
            stack.idp.approve(words[1], words[2])
        except Exception as exc:  # a wrong code: say so, keep serving
            return {"ok": False, "error": str(exc)}
        return {"ok": True}
    if words == ["stats"] and stack.gateway is not None:
        calls = {tool: stack.gateway.call_count(tool) for tool in TOOLS}
        return {"sessions": stack.gateway.session_count(), "calls": calls}
    return {"ok": False, "error": f"unknown command: {line.strip()[:40]}"}


def main(argv: list[str] | None = None) -> int:
    """Start the stack, describe it on stdout, serve stdin's commands until it ends."""
    parser = argparse.ArgumentParser(description="The demo sign-in server and gateway.")
    parser.add_argument("--interval", type=int, default=0, help="device-flow poll interval (s)")
    parser.add_argument("--latency", type=float, default=0.0, help="gateway latency (s)")
    parser.add_argument("--test-tools", action="store_true", help="add the diagnostics tools")
    add_catalogue_option(parser)
    args = parser.parse_args(argv)
    checked_catalogue(parser, args.catalogue)
    stack = DemoStack(
        idp=DemoIdp(interval=args.interval),
        test_tools=args.test_tools,
        latency=args.latency,
        catalogue=args.catalogue,
    )
    with stack:
        print(json.dumps(stack.profile.__dict__), flush=True)
        for line in sys.stdin:
            print(json.dumps(_answer(stack, line)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
