"""The Account menu's profiles: who is signed in to each, and the choice of one.

``ProfilesController`` reads the settings file's profiles (through the window's
``Services``, in a thread) and gives each a line in the Account menu: its name and
who is signed in. The current profile's sign-in is the window controller's to tell
(:meth:`ProfilesController.set_current`); the others' remembered sign-ins are resumed
silently the first time the menu opens, one task each, and their lines change as the
answers come; opening the menu also reads the file again, for profiles another process
added or removed. Those sessions are kept: switching to a profile already resumed
(:meth:`ProfilesController.take`) needs no second refresh, and the session the window
leaves is handed back (:meth:`ProfilesController.keep`), so switching back is as quick.

Picking another profile emits ``switch_requested(name)``; the window controller does
the switching. The title names the current profile when there are several.

May import Qt, the window view, gui.aio, gui.errors and gui.untrusted; the cores only
for types.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import InitVar, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Signal

from gui.aio import run_blocking
from gui.errors import AppError, AuthError, ConfigError
from gui.ui.controllers.tasks import TaskKeeper
from gui.ui.views.window import MainWindow
from gui.untrusted import one_line

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.config import Profile, Profiles

log = logging.getLogger(__name__)

WHO_LIMIT = 60


class ProfileServices(Protocol):
    """What the profile list needs from the composition root (gui/services.py)."""

    def profiles(self) -> Profiles:
        """Every profile of the settings file (blocking)."""

    def load_profile(self, name: str) -> Profile:
        """One profile, environment applied (blocking); ConfigError when it is unusable."""

    def auth_session(self, profile: Profile) -> AuthSession:
        """A new sign-in session for the profile."""


@dataclass
class _Known:
    """What the menu knows about one profile's sign-in."""

    state: str = "unknown"  # unknown, checking, signed_in, signed_out, not_set_up, problem
    who: str = ""  # the identity shown, or the problem
    session: AuthSession | None = None


@dataclass(eq=False, repr=False)
class ProfilesController(QObject):
    """The profiles in the Account menu; ``switch_requested(name)`` when one is picked."""

    switch_requested = Signal(str)

    window: MainWindow
    services: ProfileServices
    current: str  # the profile in use
    owner: InitVar[QObject | None] = None

    def __post_init__(self, owner: QObject | None) -> None:
        super().__init__(owner)
        self.names: list[str] = [self.current]
        self.default = self.current
        self._known: dict[str, _Known] = {}
        self._tasks = TaskKeeper()
        self.window.profile_chosen.connect(self._on_window_profile_chosen)
        self.window.account_menu_opened.connect(self._on_window_account_menu_opened)
        self.window.language_changed.connect(self._show)

    # -- reading ------------------------------------------------------------------------------

    async def refresh(self) -> None:
        """Read the profiles from the file again (a new one, a removed one) and show them."""
        try:
            listed = await run_blocking(self.services.profiles)
        except AppError as exc:  # a broken file: the window says so elsewhere
            log.info("Profiles not listed: %s", exc.message)
            names = [self.current]
        else:
            names = listed.names
            self.default = listed.default
        if self.current not in names:
            names.append(self.current)  # e.g. chosen by flags or the environment
        for gone in set(self._known) - set(names):
            self._forget(gone)
        self.names = names
        self._show()

    def set_current(self, name: str, who: str | None) -> None:
        """The window uses profile ``name``; ``who`` is signed in ("" nobody, None: not known)."""
        self.current = name
        known = self._known.setdefault(name, _Known())
        if who is None:
            known.state, known.who = "unknown", ""
        else:
            known.state = "signed_in" if who else "signed_out"
            known.who = who
        if name not in self.names:
            self.names.append(name)
        self._show()

    def check_others(self) -> None:
        """Resume the other profiles' sign-ins not checked yet, each in its own task."""
        for name in self.names:
            known = self._known.setdefault(name, _Known())
            if name != self.current and known.state == "unknown":
                known.state = "checking"
                self._tasks.spawn(self._check(name))
        self._show()

    async def _check(self, name: str) -> None:
        known = self._known[name]
        try:
            profile = await run_blocking(lambda: self.services.load_profile(name))
            profile.require_sign_in()
        except ConfigError as exc:
            known.state, known.who = "not_set_up", exc.problem
            self._show()
            return
        session = self.services.auth_session(profile)
        try:
            identity = await session.resume()
        except AuthError:  # expired or revoked: nobody is signed in there now
            identity = None
        except AppError as exc:  # offline: the sign-in is kept, who it is cannot be said
            known.state, known.who = "problem", exc.message
            await session.aclose()
            self._show()
            return
        except BaseException:
            await session.aclose()
            known.state = "unknown"
            raise
        if self._known.get(name) is not known:  # forgotten meanwhile (removed, closing)
            await session.aclose()
            return
        if identity is None:
            await session.aclose()
            known.state, known.who = "signed_out", ""
        else:
            old, known.session = known.session, session
            if old is not None and old is not session:
                await old.aclose()
            known.state, known.who = "signed_in", identity.display
        self._show()

    # -- the sessions kept ----------------------------------------------------------------------

    def take(self, name: str, profile: Profile) -> AuthSession | None:
        """The signed-in session kept for ``name`` if it is still for ``profile``, handed over."""
        known = self._known.get(name)
        if known is None or known.session is None:
            return None
        session, known.session = known.session, None
        if session.profile == profile and session.signed_in:
            return session
        self._tasks.spawn(session.aclose())
        return None

    def keep(self, name: str, session: AuthSession) -> None:
        """Hold the session the window leaves (signed in or not: the menu says which)."""
        known = self._known.setdefault(name, _Known())
        if not session.signed_in:
            self._tasks.spawn(session.aclose())
            known.state, known.who = "signed_out", ""
        else:
            if known.session is not None and known.session is not session:
                self._tasks.spawn(known.session.aclose())
            known.session = session
            assert session.identity is not None
            known.state, known.who = "signed_in", session.identity.display
        self._show()

    def _forget(self, name: str) -> None:
        known = self._known.pop(name, None)
        if known is not None and known.session is not None:
            self._tasks.spawn(known.session.aclose())

    async def aclose(self) -> None:
        """Stop the checks and close every kept session."""
        self._tasks.cancel_all()
        sessions = [k.session for k in self._known.values() if k.session is not None]
        self._known.clear()
        for session in sessions:
            with contextlib.suppress(Exception):
                await session.aclose()
        await self._tasks.wait(within=0.5)

    @property
    def idle(self) -> bool:
        """True when no check is running."""
        return self._tasks.idle

    # -- showing --------------------------------------------------------------------------------

    def line(self, name: str) -> str:
        """The menu's text for profile ``name``: its name and who is signed in."""
        known = self._known.get(name, _Known())
        if known.state == "signed_in":
            who = one_line(known.who, WHO_LIMIT)
        elif known.state == "signed_out":
            who = self.tr("not signed in")
        elif known.state == "checking":
            who = self.tr("checking…")
        elif known.state == "not_set_up":
            who = self.tr("not set up")
        elif known.state == "problem":
            who = self.tr("could not check")
        else:
            return name
        return f"{name} — {who}"

    def _show(self) -> None:
        rows: list[tuple[str, str]] = [(name, self.line(name)) for name in self.names]
        self.window.set_profiles(rows, self.current)
        self.window.set_profile_title(self.current if len(self.names) > 1 else "")

    # -- slots ----------------------------------------------------------------------------------

    def _on_window_account_menu_opened(self) -> None:
        self.check_others()
        self._tasks.spawn(self._reread())

    async def _reread(self) -> None:
        """The file again (another window or a terminal may have added or removed one)."""
        await self.refresh()
        self.check_others()

    def _on_window_profile_chosen(self, name: str) -> None:
        if name != self.current:
            self.switch_requested.emit(name)
        self._show()  # the check mark stays on the current one until the switch is done


def who_of(session: Any) -> str | None:
    """What :meth:`ProfilesController.set_current` takes for ``session`` (None: unknown)."""
    if session is None:
        return None
    identity = session.identity
    return identity.display if identity is not None else ""
