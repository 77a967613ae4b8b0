"""Chatting with the gateway's tools: no Qt, plain asyncio, heavy libraries loaded late.

``tools`` names and results, ``gateway`` the MCP client, ``models`` the model
providers, ``router``/``offline`` the offline router, ``agent`` the
conversation (``ChatSession``) and ``events`` what it streams.
"""
