"""``python -m gui.cli ...``: the same command as ``agentcore-chat`` (see :mod:`gui.__main__`)."""

import sys

from gui.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
