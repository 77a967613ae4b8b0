"""The agent: a conversation over the gateway's tools, streamed as typed events. No Qt.

session        ``ChatSession``: a strands Agent, its task, stop, the typed event stream
protocol       ``ChatSessionLike``: what the window and the terminal drive
events         TextDelta, ToolStarted, ToolFinished, ApprovalRequested, Failed, Done ...
gateway_tools  each gateway tool as a strands tool awaiting ``GatewayClient`` on our loop
approval       the approval policy (annotations, modes, "always allow" answers)
models         the model providers (Bedrock, Anthropic, OpenAI-compatible, offline)
offline        the offline router as a strands model; router/phrases pick the tool

May import ``gui.gateway``, ``gui.auth`` (types), ``gui.config``, ``gui.errors``,
``gui.untrusted``, ``gui.aio``; strands, boto3 and mcp load lazily (``ChatSession.start``).
"""
