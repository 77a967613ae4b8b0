"""Writing the settings file: Settings' values, the profiles and the "always allow" answers.

The file is the person's too, and several processes write it (Settings, and the
"always allow" answers of the window and of terminal commands). Every write
(:func:`_edit`) holds the file's lock (:mod:`gui.config.file_lock`), reads the file
again inside it, changes only the values it means to with tomlkit (comments and
layout stay), and replaces the file through a unique temporary file, fsynced,
then renamed: two writers merge instead of overwriting each other, and a crash
leaves the old file or the new one, never half of one. A tool name that cannot
be shown (control or invisible characters) is refused for "always allow".

Each profile's values and answers go where :mod:`gui.config` reads them: the
``default`` profile's at the top of the file, another's in its ``[profiles.NAME]``
table (with its own ``always_allow`` table); the app-wide ``language`` always at the
top. Adding, choosing (``default_profile``) and removing a profile are edits too.

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
    APP_WIDE,
    DEFAULT_PROFILE,
    DEFAULT_PROFILE_KEY,
    PROFILES_TABLE,
    WRITE_LOCK_TIMEOUT,
    Profile,
    check_profile_name,
    config_path,
    read_file,
)
from gui.config.file_lock import held
from gui.errors import ConfigError


def save_profile(profile: Profile, path: Path | None = None) -> Path:
    """Write the profile's non-default values to the TOML file, safely (see the docstring).

    Settings left at their default are removed; the person's comments and layout,
    other profiles, and the "always allow" tables, stay as they are. A named profile
    is written to its ``[profiles.NAME]`` table, created when new; the app-wide
    ``language`` goes to the top. An unreadable file is replaced.
    """
    path = config_path() if path is None else path
    values = profile.to_file_values()

    def change(doc: Any) -> None:
        table = doc if profile.is_default else _profile_table(doc, profile.name, create=True)
        for field in dataclasses.fields(Profile):
            key = field.name
            if key == "name":
                continue
            where = doc if key in APP_WIDE else table
            if key in values:
                if where.get(key) != values[key]:
                    where[key] = values[key]
            elif key in where:
                del where[key]

    _edit(path, change, replace_unreadable=True)
    return path


def _profile_table(doc: Any, name: str, *, create: bool) -> Any:
    """The ``[profiles.NAME]`` table in ``doc`` (None when absent and not ``create``)."""
    import tomlkit

    check_profile_name(name)
    tables = _child_table(
        doc, PROFILES_TABLE, lambda: tomlkit.table(is_super_table=True), create=create
    )
    return None if tables is None else _child_table(tables, name, tomlkit.table, create=create)


def _child_table(parent: Any, key: str, make: Callable[[], Any], *, create: bool) -> Any:
    """``parent[key]`` when it is a table; else None, or (``create``) a new one from ``make``
    in place of whatever was there."""
    table = parent.get(key)
    if not isinstance(table, dict):
        if not create:
            return None
        if table is not None:
            del parent[key]
        table = make()
        parent.add(key, table)
    return table


def profile_exists(name: str, path: Path | None = None) -> bool:
    """True when the file has a profile ``name`` (``default`` always exists)."""
    if name == DEFAULT_PROFILE:
        return True
    path = config_path() if path is None else path
    tables = read_file(path).get(PROFILES_TABLE)
    return isinstance(tables, dict) and isinstance(tables.get(name), dict)


def set_default_profile(name: str, path: Path | None = None) -> None:
    """Make ``name`` the profile used when none is named; ConfigError when there is none."""
    path = config_path() if path is None else path

    def change(doc: Any) -> None:
        if name == DEFAULT_PROFILE:
            if DEFAULT_PROFILE_KEY in doc:
                del doc[DEFAULT_PROFILE_KEY]
            return
        if _profile_table(doc, name, create=False) is None:
            raise ConfigError("profile", f"there is no profile {name!r}")
        doc[DEFAULT_PROFILE_KEY] = name

    _edit(path, change, replace_unreadable=False)


def remove_profile(name: str, path: Path | None = None) -> bool:
    """Forget profile ``name`` and its answers; True when it was the default one.

    The ``default`` profile is the top of the file and cannot be removed (ConfigError).
    """
    path = config_path() if path is None else path
    if name == DEFAULT_PROFILE:
        raise ConfigError(
            "profile", "the default profile is the file's top-level settings; it cannot be removed"
        )
    was_default: list[bool] = []

    def change(doc: Any) -> None:
        tables = doc.get(PROFILES_TABLE)
        if not isinstance(tables, dict) or name not in tables:
            raise ConfigError("profile", f"there is no profile {name!r}")
        del tables[name]
        if not tables:
            del doc[PROFILES_TABLE]
        was_default.append(doc.get(DEFAULT_PROFILE_KEY) == name)
        if was_default[0]:
            del doc[DEFAULT_PROFILE_KEY]

    _edit(path, change, replace_unreadable=False)
    return bool(was_default and was_default[0])


def _always_table(path: Path, profile: str = DEFAULT_PROFILE) -> dict[str, list[str]]:
    try:
        data = read_file(path)
    except ConfigError:
        return {}
    if profile != DEFAULT_PROFILE:
        tables = data.get(PROFILES_TABLE)
        data = tables.get(profile) if isinstance(tables, dict) else None
        if not isinstance(data, dict):
            return {}
    table = data.get(ALWAYS_ALLOW_TABLE, {})
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


def read_always_allowed(
    gateway_url: str, path: Path | None = None, profile: str = DEFAULT_PROFILE
) -> list[str]:
    """The tools always allowed on this gateway, sorted (none when the file is unreadable)."""
    path = config_path() if path is None else path
    return list(_always_table(path, profile).get(gateway_url, []))


def write_always_allowed(
    gateway_url: str,
    tools: Iterable[str],
    path: Path | None = None,
    profile: str = DEFAULT_PROFILE,
) -> None:
    """Replace this gateway's "always allow" set, keeping everything else in the file.

    Blocking (file I/O): call it from a thread. Raises ConfigError when the file
    cannot be parsed, rather than overwriting settings the person wrote, and for a
    tool name that cannot be shown (:func:`check_tool_name`).
    """
    wanted = {check_tool_name(tool) for tool in tools}
    _update_always(gateway_url, path, lambda _current: wanted, profile)


def _update_always(
    gateway_url: str,
    path: Path | None,
    update: Callable[[set[str]], set[str]],
    profile: str = DEFAULT_PROFILE,
) -> None:
    """Set this gateway's tools to ``update(current)``, current as read under the lock."""
    import tomlkit

    path = config_path() if path is None else path

    def change(doc: Any) -> None:
        if profile == DEFAULT_PROFILE:
            owner = doc
        else:
            owner = _profile_table(doc, profile, create=False)
            if owner is None:  # removed meanwhile: its answers go with it
                return
        table = owner.get(ALWAYS_ALLOW_TABLE)
        if not isinstance(table, dict):
            if table is not None:
                del owner[ALWAYS_ALLOW_TABLE]
            table = tomlkit.table()
            table.comment(ALWAYS_ALLOW_COMMENT)
            owner.add(ALWAYS_ALLOW_TABLE, table)
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
            del owner[ALWAYS_ALLOW_TABLE]

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
    """One profile's "always allow" set for one gateway, in the config file
    (``gui.agent.approval.RememberedTools``).

    Read again at each use, so a revoke in Settings or an answer given in another
    process counts at once. Blocking: the chat core calls it from a thread.
    """

    def __init__(
        self, gateway_url: str, path: Path | None = None, profile: str = DEFAULT_PROFILE
    ) -> None:
        self.gateway_url = gateway_url
        self.path = path
        self.profile = profile

    def load(self) -> set[str]:
        """The tool names always allowed on this gateway."""
        return set(read_always_allowed(self.gateway_url, self.path, self.profile))

    def add(self, tool: str) -> None:
        """Always allow ``tool`` from now on (ConfigError for a name that cannot be shown)."""
        check_tool_name(tool)
        _update_always(self.gateway_url, self.path, lambda current: current | {tool}, self.profile)

    def remove(self, tool: str) -> None:
        """Ask again before ``tool``."""
        _update_always(self.gateway_url, self.path, lambda current: current - {tool}, self.profile)
