"""The sign-in commands: ``login``, ``status``, ``logout``, and the chat commands' sign-in.

``login`` prints the verification link and the user code, each on its own line,
then waits; the link is opened in a browser only when
:func:`gui.untrusted.is_openable_link` allows it (an https address, or http on
loopback), and a link that is not is named as such. ``status`` renews the
remembered sign-in silently; ``logout`` revokes it at the provider and forgets it.
:func:`resume_sign_in` is how ``tools``, ``call`` and ``ask`` sign in.

Sessions come from :class:`gui.services.AppServices`; this module builds none. May
import ``gui.aio``, ``gui.auth.keyring_hint``, ``gui.untrusted`` and ``gui.cli.terminal``;
no Qt.
"""

from __future__ import annotations

import contextlib
import webbrowser
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from gui.aio import run_blocking
from gui.auth.keyring_hint import secret_service_hint
from gui.cli.terminal import EXIT_FAIL, EXIT_OK, Console
from gui.untrusted import is_openable_link, one_line

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.config import Profile
    from gui.services import AppServices

LINK_LIMIT = 512
UNSAFE_LINK = (
    "Warning: this sign-in link is not a secure (https) address, so it was not opened. "
    "Check with your administrator before you visit it."
)
NOT_SIGNED_IN = "Not signed in — run agentcore-chat login"

#: How a chat command gets its signed-in session; None (after a note) when there is none.
SignIn = Callable[[], Awaitable["AuthSession | None"]]


async def cmd_login(
    services: AppServices, profile: Profile, term: Console, *, open_browser: bool
) -> int:
    """Sign in; print link and code on their own lines; wait; say who signed in."""
    session = services.auth_session(profile)
    try:
        code = await session.start_sign_in()
        openable = is_openable_link(code.link)
        term.say("Open this link to sign in:")
        term.say(one_line(code.link, LINK_LIMIT))
        term.say("Check that the page shows this code:")
        term.say(one_line(code.user_code, 64))
        if not openable:
            term.note(UNSAFE_LINK)
        minutes = max(1, round(code.expires_in / 60))
        term.note(f"Waiting for approval (the code expires in {minutes} min; Ctrl+C cancels)...")
        if open_browser and openable:
            with contextlib.suppress(Exception):
                webbrowser.open(code.link)
        identity = await session.wait_for_approval(code)
        term.say(f"Signed in as {one_line(identity.display, 80)}.")
        await _store_note(session, term)
        return EXIT_OK
    finally:
        await session.aclose()


async def cmd_status(
    services: AppServices, profile: Profile, term: Console, *, verbose: bool = False
) -> int:
    """Say who is signed in, refreshing silently; exit 1 when nobody is.

    ``verbose``: also the gateway, the MCP protocol version agreed and how many tools
    (exit 1 when the gateway does not answer).
    """
    session = services.auth_session(profile)
    try:
        identity = await session.resume()
        if identity is None:
            term.say("Not signed in.")
            await _store_note(session, term)
            return EXIT_FAIL
        term.say(f"Signed in as {one_line(identity.display, 80)} at {profile.issuer}")
        await _store_note(session, term)
        if verbose:
            from gui.cli.chat import describe_gateway

            return await describe_gateway(services, profile, session, term)
        return EXIT_OK
    finally:
        await session.aclose()


async def cmd_logout(services: AppServices, profile: Profile, term: Console) -> int:
    """Revoke the stored sign-in at the provider and forget it."""
    session = services.auth_session(profile)
    try:
        outcome = await session.sign_out()
        if not outcome.was_signed_in:
            term.say("Not signed in.")
        else:
            term.say("Signed out." + (" The sign-in was revoked." if outcome.revoked else ""))
        if outcome.note:
            term.note(f"Note: {outcome.note}")
        return EXIT_OK
    finally:
        await session.aclose()


async def _store_note(session: AuthSession, term: Console) -> None:
    """Why the sign-in is not remembered; with no Secret Service, how to get one."""
    if not session.store_warning:
        return
    try:
        hint = await run_blocking(secret_service_hint, within=5.0)
    except TimeoutError:
        hint = None
    term.note(hint or f"Note: {session.store_warning}")


async def resume_sign_in(
    services: AppServices, profile: Profile, term: Console
) -> AuthSession | None:
    """The remembered sign-in, renewed silently; None (and a note) when there is none."""
    session = services.auth_session(profile)
    try:
        identity = await session.resume()
    except BaseException:
        await session.aclose()
        raise
    if identity is None:
        term.note(NOT_SIGNED_IN)
        if session.store_warning:
            term.note(f"Note: {session.store_warning}")
        await session.aclose()
        return None
    return session
