"""AgentCore Chat: sign in with an OIDC device flow, chat with an agent over an AgentCore Gateway.

One room per subsystem; arrows are what may import what (none goes back up)::

    __main__ ─► cli.parser ─► ui.startup (no command: the window) | cli (a command)
    ui/  cli/ ─► services (the one composition root) ─► agent/ history/ gateway/ auth/ demo/
    agent/ ─► gateway/ ─► auth/          history/ ─► agent.events
    every room ─► config, errors, net, untrusted, aio (small shared modules, no Qt)

Only ``gui.ui`` imports Qt. ``gui.demo`` holds the embedded sign-in server and gateway
used by ``--demo`` and the tests.
"""
