"""The one composition root: the concrete sessions, stores, gateway, agent, history and
"always allow" storage, for the window and the terminal alike.

Nothing here is imported eagerly: the window imports this module before its first
frame, so every core (requests, jwt, strands, mcp) is imported where it is first
needed, and :func:`imports_without_gc` keeps those imports from pausing the GUI
thread. May import any core (``gui.auth``, ``gui.gateway``, ``gui.agent``,
``gui.history``, ``gui.demo``); never Qt.

The gateway's MCP protocol (:attr:`AppServices.protocol`): 2026-07-28 offered first, the
``initialize`` handshake (2025-11-25, 2025-06-18, ...) as the gateway answers; the
``AGENTCORE_MCP_PROTOCOL`` environment variable may pin ``legacy`` or ``2026-07-28`` (for a
gateway that misbehaves with one of them, and for the tests of each).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

    from gui.agent.approval import ApprovalPolicy
    from gui.agent.model_catalog import ModelEntry
    from gui.auth.resource_metadata import ResourceMetadata
    from gui.auth.session import AuthSession
    from gui.auth.store import SignInStore
    from gui.config import Profile, Profiles
    from gui.demo.stack import DemoStack
    from gui.gateway.client import GatewayClient
    from gui.history.store import HistoryStore

# The demo provider's device-code poll interval, for both front ends. The provider is on
# loopback, so a poll each second costs nothing: a person's approval in the browser (the
# window, ``--demo login``) shows within about a second, and the terminal's automatic
# approval, given before the first poll, signs in after one.
DEMO_POLL_INTERVAL = 1
IMPORT_SWITCH_INTERVAL = 0.001  # seconds a thread may hold the GIL while others wait
PROTOCOL_VARIABLE = "AGENTCORE_MCP_PROTOCOL"
_PROTOCOLS = ("auto", "legacy", "2026-07-28")  # gui.gateway.connection's, without importing it


def gateway_protocol() -> str:
    """The MCP protocol policy: ``auto`` unless ``AGENTCORE_MCP_PROTOCOL`` names another."""
    import os

    chosen = os.environ.get(PROTOCOL_VARIABLE, "").strip().lower()
    return chosen if chosen in _PROTOCOLS else "auto"


class _ImportPause:
    """Counts the threads importing; the first pauses the collector, the last resumes it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._depth = 0
        self._switch_interval = sys.getswitchinterval()

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        import gc

        with self._lock:
            self._depth += 1
            if self._depth == 1:
                self._switch_interval = sys.getswitchinterval()
                sys.setswitchinterval(IMPORT_SWITCH_INTERVAL)
            gc.disable()
        try:
            yield
        finally:
            with self._lock:
                self._depth -= 1
                if self._depth == 0:
                    gc.freeze()
                    gc.enable()
                    sys.setswitchinterval(self._switch_interval)


_import_pause = _ImportPause()


def imports_without_gc() -> contextlib.AbstractContextManager[None]:
    """Pause the cyclic garbage collector while a thread imports, then freeze what it loaded.

    Importing the chat core creates about a million objects, and every so often
    one of them sets off a full collection of the whole heap: 50-150 ms in C,
    holding the GIL, whichever thread triggered it; the window cannot paint
    meanwhile (measured: the worst stalls after the first paint). Imports make
    little cyclic garbage, so pausing costs nothing; ``gc.freeze()`` then moves
    the loaded modules into the permanent generation, so later collections (say,
    during an answer) no longer walk them either. Nests across threads.

    Meanwhile the GIL changes hands every 1 ms instead of 5: an importing thread
    runs bytecode for long stretches (pydantic builds hundreds of models), and
    the GUI thread waits a whole switch interval each time it wants to paint.
    """
    return _import_pause()


class AppServices:
    """Builds the concrete sessions for either front end; ``demo``: the local servers.

    One rule each: the sign-in is kept in the keyring (memory in the demo), the demo
    servers poll every :data:`DEMO_POLL_INTERVAL` seconds, and "always allow" answers
    are kept in the config file (memory in the demo: see :meth:`remembered`). Each
    named profile (``Profile.name``) has its own sign-in, history and answers; the
    profiles themselves are read and written through the methods under "profiles".
    """

    def __init__(
        self,
        *,
        demo: bool = False,
        store: SignInStore | None = None,
        stack: DemoStack | None = None,
        poll_margin: float | None = None,
        history_path: Path | None = None,
        config_path: Path | None = None,
    ) -> None:
        self.demo = demo
        self._history_path = history_path
        self._store = store
        self._stack = stack
        self._own_stack = False
        self._poll_margin = poll_margin
        #: The settings file (None: the platform's default place).
        self.config_path = config_path
        self._demo_remembered: dict[str, Any] = {}

    @property
    def stack(self) -> DemoStack | None:
        """The demo servers, once started."""
        return self._stack

    async def prepare(self, profile: Profile) -> Profile:
        """Demo: start the local servers (off the GUI thread: importing mcp takes a second)."""
        if not self.demo:
            return profile
        if self._stack is None:
            from gui.aio import run_blocking

            def start() -> DemoStack:
                from gui.demo.idp import DemoIdp
                from gui.demo.stack import DemoStack

                return DemoStack(idp=DemoIdp(interval=DEMO_POLL_INTERVAL)).start()

            self._stack = await run_blocking(start)
            self._own_stack = True
        from gui.config import Profile

        return Profile(
            **{
                **self._stack.profile.__dict__,
                "language": profile.language,
                "approval_mode": profile.approval_mode,
            }
        )

    async def preload(self) -> None:
        """Import the sign-in core (requests, jwt, cryptography: ~200 ms) off the GUI thread."""
        from gui.aio import run_blocking

        def load() -> None:
            with imports_without_gc():
                for name in ("gui.auth.session", "gui.auth.store", "segno"):
                    importlib.import_module(name)

        await run_blocking(load)

    def sign_in_store(self, profile: Profile) -> SignInStore:
        """Where ``profile``'s sign-in is kept: the keyring (memory in the demo), per profile."""
        from gui.auth.store import KeyringStore, MemoryStore, for_profile

        if self._store is None:
            self._store = MemoryStore() if self.demo else KeyringStore()
        return for_profile(self._store, profile.name)

    def auth_session(self, profile: Profile) -> AuthSession:
        """A sign-in session; the demo remembers in memory only (never the real keyring)."""
        from gui.auth.session import AuthSession

        kwargs: dict[str, Any] = {}
        if self._poll_margin is not None:
            kwargs["poll_margin"] = self._poll_margin
        return AuthSession(profile, store=self.sign_in_store(profile), **kwargs)

    def gateway(self, profile: Profile, auth: AuthSession) -> GatewayClient:
        """A client of the profile's gateway (imports mcp: a terminal's, or off the GUI thread)."""
        from gui.gateway.client import GatewayClient

        return GatewayClient(
            profile.gateway_url,
            auth,
            ca_file=profile.ca_file,
            issuer=profile.issuer,
            protocol=gateway_protocol(),
        )

    async def chat_session(
        self, profile: Profile, auth: AuthSession, *, approvals: ApprovalPolicy | None = None
    ) -> Any:
        """A ChatSession; its module (strands, boto3, mcp) is imported in a daemon thread.

        ``approvals``: by default :meth:`approval_policy` with nothing allowed unasked.
        """
        from gui.aio import run_blocking

        def load() -> Any:
            with imports_without_gc():
                module = importlib.import_module("gui.agent.session")
                # The heavy part of ChatSession.start(), here so the collector stays paused;
                # a provider that fails to load is reported by start(), as before.
                with contextlib.suppress(ImportError):
                    module.preload(profile.model_kind)
            return module

        module = await run_blocking(load)
        if approvals is None:
            approvals = self.approval_policy(profile)
        return module.ChatSession(
            profile, tokens=auth, approvals=approvals, protocol=gateway_protocol()
        )

    async def list_models(
        self, profile: Profile, auth: AuthSession | None = None, *, provider: str | None = None
    ) -> list[ModelEntry]:
        """The models this person can use (gui.agent.model_catalog), with the chat's credentials.

        With ``aws_role_arn``, Bedrock is listed with the role's credentials, exchanged for
        the sign-in ``auth`` (none: ModelCredentialsMissing saying to sign in).
        """
        import os

        from gui.agent.model_catalog import list_models
        from gui.aio import run_blocking

        kind = provider or profile.model_kind
        if kind != "bedrock" or not profile.aws_role_arn:
            return await list_models(profile, kind)

        def load() -> Any:  # boto3: ~200 ms, not on the GUI thread
            with imports_without_gc():
                return importlib.import_module("gui.agent.aws_identity")

        identity_module = await run_blocking(load)
        if auth is None:
            from gui.agent.model_errors import ModelCredentialsMissing

            raise ModelCredentialsMissing(identity_module.SIGNED_OUT)
        region = await run_blocking(lambda: identity_module.resolve_region(os.environ))
        identity = identity_module.WebIdentityCredentials(profile.aws_role_arn, auth, region=region)
        await identity.start()
        return await list_models(
            profile, kind, bedrock_session=lambda _env: identity.boto_session()
        )

    def approval_policy(
        self, profile: Profile, *, allow_all: bool = False, allowed: Iterable[str] = ()
    ) -> ApprovalPolicy:
        """The profile's approval mode with its remembered ("always allow") answers.

        ``allow_all`` and ``allowed``: the terminal's ``--yes`` and ``--allow TOOL``,
        run unasked for this command only.
        """
        from gui.agent.approval import ApprovalPolicy

        return ApprovalPolicy(
            profile.approval_mode,
            remembered=self.remembered(profile),
            allow_all=allow_all,
            allowed=allowed,
        )

    def remembered(self, profile: Profile) -> Any:
        """The profile's "always allow" answers: the config file, or memory in the demo.

        The demo's gateway gets a new port each run, so its answers would only pile up
        in the file; they last while the app runs.
        """
        from gui.agent.approval import MemoryRemembered
        from gui.config.writing import RememberedInConfig

        if self.demo:
            return self._demo_remembered.setdefault(profile.name, MemoryRemembered())
        return RememberedInConfig(profile.gateway_url, self.config_path, profile.name)

    async def history(self, profile: Profile) -> HistoryStore | None:
        """:meth:`open_history` in a daemon thread (opening a file blocks)."""
        from gui.aio import run_blocking

        return await run_blocking(lambda: self.open_history(profile))

    def open_history(self, profile: Profile) -> HistoryStore | None:
        """The profile's saved conversations; None when Keep history is off. Blocking.

        Raises HistoryUnavailable (a damaged file is moved aside first).
        """
        from gui.history.store import open_for

        return open_for(profile, self._history_path)

    def save_profile(self, profile: Profile) -> Path:
        """Write ``profile`` to :attr:`config_path`; the demo's loopback one is never written."""
        from gui.config import config_path
        from gui.config.writing import save_profile

        if self.demo:
            return self.config_path or config_path()
        return save_profile(profile, self.config_path)

    # -- profiles (blocking: file I/O; the window calls them from a thread) ----------------

    def profiles(self) -> Profiles:
        """Every profile of the settings file; the demo has its one. ConfigError: bad file."""
        from gui.config import DEFAULT_PROFILE, ProfileEntry, Profiles, read_profiles

        if self.demo:
            profile = self._stack.profile if self._stack is not None else None
            return Profiles(DEFAULT_PROFILE, (ProfileEntry(DEFAULT_PROFILE, profile),))
        return read_profiles(self.config_path)

    def load_profile(self, name: str) -> Profile:
        """Profile ``name`` from the file, with the environment's settings over it."""
        from gui.config import PROFILE_OVERRIDE, load_profile

        return load_profile(self.config_path, overrides={PROFILE_OVERRIDE: name})

    def use_profile(self, name: str) -> None:
        """Make ``name`` the profile used when none is named (``profile use``)."""
        from gui.config.writing import set_default_profile

        if not self.demo:
            set_default_profile(name, self.config_path)

    def remove_profile(self, name: str) -> bool:
        """Forget profile ``name`` in the file (sign out first); True if it was the default."""
        from gui.config.writing import remove_profile

        return False if self.demo else remove_profile(name, self.config_path)

    async def discover_gateway(self, gateway_url: str, *, ca_file: str = "") -> ResourceMetadata:
        """What the gateway publishes about its sign-in (RFC 9728), checked."""
        from gui.auth.resource_metadata import discover

        return await discover(gateway_url, ca_file=ca_file)

    async def aclose(self) -> None:
        """Stop the demo servers we started (bounded: the window or the command is ending)."""
        stack, self._stack = (self._stack, None) if self._own_stack else (None, self._stack)
        if stack is not None:
            from gui.aio import run_blocking

            with contextlib.suppress(Exception):
                await run_blocking(stack.stop, within=1.0)
