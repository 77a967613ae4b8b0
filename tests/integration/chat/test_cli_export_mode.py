"""``agentcore-chat history export --output`` writes a user-only file (issue 17, item 10)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def test_an_exported_conversation_is_user_only(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "import os, sys; os.umask(0o022); from gui.__main__ import main; sys.exit(main())",
                "--demo",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=90,
            env=env,
        )

    asked = run("ask", "How old is neruneruo?")
    assert asked.returncode == 0, asked.stderr
    conversation = run("history").stdout.split("\t", 1)[0]
    out = tmp_path / "conversation.md"

    exported = run("history", "export", conversation, "--output", str(out))

    assert exported.returncode == 0, exported.stderr
    assert "neruneruo" in out.read_text(encoding="utf-8")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
