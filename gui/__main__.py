"""``python -m gui``: the ``agentcore-chat`` command (no command opens the window)."""

import sys

from gui.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
