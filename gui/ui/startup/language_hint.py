"""The first frame's language, read from the settings file without parsing it.

Parsing and validating the settings (``gui.config``: tomllib, platformdirs) waits
until after the first paint; the frame before it only needs the ``language``
line, so it is found by a plain text scan. The window switches language if the
full read disagrees.

Loaded before the first frame: imports only ``os``, ``sys`` and ``pathlib``
(``gui.config`` only off Linux, where the config folder is platformdirs' answer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def language_hint(config_path: Path | None) -> str:
    """The ``language`` value in the settings file, read without parsing TOML ("" if none)."""
    try:
        text = _config_file(config_path).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return ""
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "language":
            return value.split("#", 1)[0].strip().strip("\"'")
    return ""


def _config_file(config_path: Path | None) -> Path:
    if config_path is not None:
        return config_path
    if sys.platform.startswith("linux"):  # what platformdirs answers, without importing it
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "agentcore-chat" / "config.toml"
    from gui.config import config_path as platform_config_path

    return platform_config_path()
