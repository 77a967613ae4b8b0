"""Saved conversations: the SQLite store, the recorder that feeds it, Markdown export. No Qt.

store      ``HistoryStore``: one user-only SQLite file (WAL, FTS5), per profile, no tokens
recorder   ``RecordingSession``: a ``ChatSessionLike`` that saves what the person saw
export     one conversation as Markdown (fences longer than any backtick run)

May import ``gui.agent.events`` and ``gui.agent.protocol`` (types), ``gui.config``,
``gui.errors``, ``gui.untrusted``.
"""
