"""Writing the settings file: Settings' values and the "always allow" answers.

The file is the person's too, and several processes write it (Settings, and the
"always allow" answers of the window and of terminal commands). Every write
(:func:`_edit`) holds the file's lock (:mod:`gui.config.file_lock`), reads the file
again inside it, changes only the values it means to with tomlkit (comments and
layout stay), and replaces the file through a unique temporary file, fsynced,
then renamed: two writers merge instead of overwriting each other, and a crash
leaves the old file or the new one, never half of one. A tool name that cannot
be shown (control or invisible characters) is refused for "always allow".

Imports: the standard library, :mod:`gui.config`, :mod:`gui.errors`; tomlkit lazily.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from gui.config import (
    ALWAYS_ALLOW_COMMENT,
    ALWAYS_ALLOW_TABLE,
    WRITE_LOCK_TIMEOUT,
    Profile,
    config_path,
    read_file,
)
from gui.config.file_lock import held
from gui.errors import ConfigError


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write the profile's non-default values to the TOML file, safely (see the docstring).

    Settings left at their default are removed; the person's comments and layout,
    and the "always allow" table, stay as they are. An unreadable file is replaced.
    """
    path = config_path() if path is None else path
    values = profile.to_file_values()

    def change(doc: Any) -> None:
        for field in dataclasses.fields(Profile):
            key = field.name
            if key in values:
                if doc.get(key) != values[key]:
                    doc[key] = values[key]
            elif key in doc:
                del doc[key]

    _edit(path, change, replace_unreadable=True)
    return path


def _always_table(path: Path) -> dict[str, list[str]]:
    try:
        table = read_file(path).get(ALWAYS_ALLOW_TABLE, {})
    except ConfigError:
        return {}
    if not isinstance(table, dict):
        return {}
    return {
        str(url): sorted({str(tool) for tool in tools})
        for url, tools in table.items()
        if isinstance(tools, list) and tools
    }


def check_tool_name(tool: str) -> str:
    """``tool`` if it can be written down and shown as it is; ConfigError if not.

    Control characters (DEL, C0, C1) and invisible ones (format characters such as
    bidi overrides) would make the name mean something else on screen than in the file.
    """
    if not tool or not tool.isprintable():
        shown = ascii(tool)[1:-1][:80] or "(empty)"
        raise ConfigError(
            "always allow",
            f"the tool name {shown} contains control or invisible characters, so it "
            "cannot be always allowed. Allow it once instead.",
        )
    return tool


def read_always_allowed(gateway_url: str, path: Path | None = None) -> list[str]:
    """The tools always allowed on this gateway, sorted (none when the file is unreadable)."""
    path = config_path() if path is None else path
    return list(_always_table(path).get(gateway_url, []))


def write_always_allowed(gateway_url: str, tools: Iterable[str], path: Path | None = None) -> None:
    """Replace this gateway's "always allow" set, keeping everything else in the file.

    Blocking (file I/O): call it from a thread. Raises ConfigError when the file
    cannot be parsed, rather than overwriting settings the person wrote, and for a
    tool name that cannot be shown (:func:`check_tool_name`).
    """
    wanted = {check_tool_name(tool) for tool in tools}
    _update_always(gateway_url, path, lambda _current: wanted)


def _update_always(
    gateway_url: str, path: Path | None, update: Callable[[set[str]], set[str]]
) -> None:
    """Set this gateway's tools to ``update(current)``, current as read under the lock."""
    import tomlkit

    path = config_path() if path is None else path

    def change(doc: Any) -> None:
        table = doc.get(ALWAYS_ALLOW_TABLE)
        if not isinstance(table, dict):
            if table is not None:
                del doc[ALWAYS_ALLOW_TABLE]
            table = tomlkit.table()
            table.comment(ALWAYS_ALLOW_COMMENT)
            doc.add(ALWAYS_ALLOW_TABLE, table)
        listed = table.get(gateway_url)
        current = {str(t) for t in listed} if isinstance(listed, list) else set()
        wanted = update(current)
        if wanted == current and isinstance(listed, list):
            return
        if wanted:
            table[gateway_url] = sorted(wanted)
        elif gateway_url in table:
            del table[gateway_url]
        if not table:
            del doc[ALWAYS_ALLOW_TABLE]

    _edit(path, change, replace_unreadable=False)


def _edit(path: Path, change: Callable[[Any], None], *, replace_unreadable: bool) -> None:
    """Read ``path`` again under its lock, let ``change`` edit it, and replace it atomically.

    An unparsable file raises ConfigError, or is started afresh with
    ``replace_unreadable`` (Settings saving over a file the person broke).
    """
    import tomlkit

    path.parent.mkdir(parents=True, exist_ok=True)
    with _write_lock(path):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = "# AgentCore Chat settings\n"
        except OSError as exc:
            raise ConfigError(str(path), f"cannot be read ({exc.strerror})") from exc
        try:
            tomllib.loads(text)  # the reader's judgement, not only tomlkit's
            doc = tomlkit.parse(text)
        except (tomllib.TOMLDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
            if not replace_unreadable:
                raise ConfigError(str(path), f"is not valid TOML ({exc})") from exc
            doc = tomlkit.parse("# AgentCore Chat settings\n")
        change(doc)
        new_text = tomlkit.dumps(doc)
        tomllib.loads(new_text)  # never write a file we could not read back
        if new_text != text or not path.exists():
            _replace(path, new_text)


@contextlib.contextmanager
def _write_lock(path: Path) -> Iterator[None]:
    try:
        with held(path.with_name(path.name + ".lock"), within=WRITE_LOCK_TIMEOUT):
            yield
    except TimeoutError as exc:
        raise ConfigError(
            str(path),
            "is being written by another AgentCore Chat process for too long; try again",
        ) from exc


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to a unique temporary file beside ``path``, fsync it, rename it over."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileNotFoundError):
            # The person's file keeps its mode; a new one stays user-only (mkstemp's 0600).
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sys.platform != "win32":  # the rename itself, on disk
        with contextlib.suppress(OSError):
            folder = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)


class RememberedInConfig:
    """One gateway's "always allow" set in the config file (``gui.agent.approval.RememberedTools``).

    Read again at each use, so a revoke in Settings or an answer given in another
    process counts at once. Blocking: the chat core calls it from a thread.
    """

    def __init__(self, gateway_url: str, path: Path | None = None) -> None:
        self.gateway_url = gateway_url
        self.path = path

    def load(self) -> set[str]:
        """The tool names always allowed on this gateway."""
        return set(read_always_allowed(self.gateway_url, self.path))

    def add(self, tool: str) -> None:
        """Always allow ``tool`` from now on (ConfigError for a name that cannot be shown)."""
        check_tool_name(tool)
        _update_always(self.gateway_url, self.path, lambda current: current | {tool})

    def remove(self, tool: str) -> None:
        """Ask again before ``tool``."""
        _update_always(self.gateway_url, self.path, lambda current: current - {tool})
