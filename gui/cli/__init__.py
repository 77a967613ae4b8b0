"""The terminal front end: ``agentcore-chat login|status|logout|tools|call|ask|history|profile``.

parser    the command line (the only module the window's start imports)
terminal  where commands write (:class:`~gui.cli.terminal.Console`) and the exit codes
runner    one command: settings checked, services built, asyncio.run, signals
sign_in   login, status, logout, and the chat commands' sign-in
chat      tools, call, ask
demo      ``--demo``: where the local servers are, the automatic sign-in
history   ``history`` and ask's history options
profiles  ``profile list|add|use|remove`` and ``status --all``
approval, elicit, lines   the prompts: tool approval, consent links and forms, stdin

Every session, store and client comes from :class:`gui.services.AppServices`. May
import the cores (``gui.auth``, ``gui.gateway``, ``gui.agent``, ``gui.history``),
``gui.services``, ``gui.untrusted``; never Qt. Imports nothing itself.
"""
