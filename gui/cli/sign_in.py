"""The sign-in commands: ``login``, ``status``, ``logout``, and the chat commands' sign-in.

``login`` prints the verification link and the user code, each on its own line
(stdout), then the host the link really goes to (as the browser resolves it, the
same line the window shows) on stderr, then waits; the link is opened in a browser
only when :func:`gui.untrusted.is_openable_link` allows it (an https address, or http
on loopback, with a host that is what it seems), and a link that is not is named as
such, with the reason. A link on another registrable domain than the issuer
(:func:`gui.untrusted.other_site`) gets a warning and is not opened for the person.
``status`` renews the remembered sign-in silently; ``logout`` revokes it at the
provider and forgets it.
:func:`resume_sign_in` is how ``tools``, ``call`` and ``ask`` sign in.
``login --browser`` (or a profile that prefers it, or a provider without the device
flow) prints the sign-in link, opens it with Python's ``webbrowser`` (so ``BROWSER`` is
honoured) and waits for the browser to come back. When the gateway asks for a scope the
sign-in lacks (403 ``insufficient_scope``), :func:`step_up_hint` gives the exact command
that signs in again asking for it.

Sessions come from :class:`gui.services.AppServices`; this module builds none. May
import ``gui.aio``, ``gui.auth.keyring_hint``, ``gui.untrusted`` and ``gui.cli.terminal``;
no Qt.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import sys
import threading
import webbrowser
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from gui.aio import run_blocking
from gui.auth.keyring_hint import secret_service_hint
from gui.cli.terminal import EXIT_FAIL, EXIT_OK, Console
from gui.errors import AppError
from gui.untrusted import (
    is_openable_link,
    link_host,
    link_refusal,
    one_line,
    other_site,
    refusal_text,
)

if TYPE_CHECKING:
    from gui.auth.session import AuthSession
    from gui.config import Profile
    from gui.errors import ScopeRequired
    from gui.services import AppServices

LINK_LIMIT = 512
BROWSER_LINK_LIMIT = 4096  # our authorization URL: state, PKCE challenge, redirect, scopes
UNSAFE_LINK = (
    "Warning: this sign-in link {reason}, so it was not opened. "
    "Check with your administrator before you visit it."
)
OTHER_SITE = (
    "Warning: this sign-in link is on {link}, not on {issuer} like the sign-in server, "
    "so it was not opened. Open it only if your administrator expects it."
)
NOT_SIGNED_IN = "Not signed in — run agentcore-chat login"

# RFC 6749 §3.3 scope-token characters, without the ones a shell or a terminal would read.
_SCOPE_TOKEN = re.compile(r"^[A-Za-z0-9:._/+=@,-]{1,128}$")
_COMMANDS = ("login", "status", "logout", "tools", "call", "ask", "history")

#: How a chat command gets its signed-in session; None (after a note) when there is none.
SignIn = Callable[[], Awaitable["AuthSession | None"]]


async def cmd_login(
    services: AppServices,
    profile: Profile,
    term: Console,
    *,
    open_browser: bool,
    browser: bool = False,
) -> int:
    """Sign in; print link and code on their own lines; wait; say who signed in.

    ``browser``: sign in with this computer's browser instead (also when the profile
    prefers it, or when the provider offers no device flow).
    """
    session = services.auth_session(profile)
    try:
        if await _wants_browser(session, profile, term, asked=browser):
            return await _login_in_browser(session, term, open_browser=open_browser)
        code = await session.start_sign_in()
        openable = link_refusal(code.link) is None
        elsewhere = other_site(code.link, profile.issuer)
        term.say("Open this link to sign in:")
        term.say(one_line(code.link, LINK_LIMIT))
        term.say("Check that the page shows this code:")
        term.say(one_line(code.user_code, 64))
        host = link_host(code.link)
        if host:
            term.note(f"Link to: {host}")
        if not openable:
            term.note(UNSAFE_LINK.format(reason=refusal_text(code.link)))
        if elsewhere is not None:
            term.note(OTHER_SITE.format(link=elsewhere[0], issuer=elsewhere[1]))
            openable = False
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


async def _wants_browser(
    session: AuthSession, profile: Profile, term: Console, *, asked: bool
) -> bool:
    """Whether ``login`` signs in with the browser: asked, preferred, or the only way."""
    if asked or profile.sign_in_method == "browser":
        return True
    if (await session.metadata()).offers_device_flow:
        return False
    term.note("This provider offers no sign-in with a code; signing in with the browser.")
    return True


async def _login_in_browser(session: AuthSession, term: Console, *, open_browser: bool) -> int:
    """``login --browser``: print the link, open it, wait for the browser to come back."""
    pending = await session.start_browser_sign_in()
    try:
        term.say("Open this link in this computer's browser to sign in:")
        term.say(one_line(pending.url, BROWSER_LINK_LIMIT))
        minutes = max(1, round(pending.within / 60))
        term.note(
            f"Waiting for the browser (up to {minutes} min; Ctrl+C cancels). "
            f"It answers on {pending.redirect_uri}."
        )
        if open_browser and is_openable_link(pending.url):
            # In a thread: a BROWSER command may run until the page is done, and this loop
            # must be free to answer the browser's redirect meanwhile.
            threading.Thread(target=_open, args=(pending.url,), daemon=True).start()
    except BaseException:
        await pending.aclose()
        raise
    identity = await session.wait_for_browser(pending)
    term.say(f"Signed in as {one_line(identity.display, 80)}.")
    await _store_note(session, term)
    return EXIT_OK


def _open(url: str) -> None:
    with contextlib.suppress(Exception):
        webbrowser.open(url)


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
            return await describe_gateway(services, profile, session, term)
        return EXIT_OK
    finally:
        await session.aclose()


async def describe_gateway(
    services: AppServices, profile: Profile, session: AuthSession, term: Console
) -> int:
    """``status --verbose``: the gateway, the MCP protocol version agreed, how many tools."""
    gateway = services.gateway(profile, session)
    try:
        tools = await gateway.list_tools()
        version = gateway.protocol_version
    except AppError as exc:
        term.say(f"Gateway: {profile.gateway_url}")
        term.note(f"Error: {exc.message}")
        return EXIT_FAIL
    finally:
        await gateway.aclose()
    term.say(f"Gateway: {profile.gateway_url}")
    term.say(f"MCP protocol: {version}")
    term.say(f"Tools: {len(tools)}")
    return EXIT_OK


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


def step_up_hint(profile: Profile, error: ScopeRequired, argv: list[str] | None = None) -> str:
    """The exact command that signs in again asking for the scopes the gateway named.

    The command keeps the global flags this one was given (``--issuer``, ``--config``,
    ...), asks for the profile's scopes plus the new ones, and signs in the profile's way.
    A scope the gateway named with characters no scope has is left out.
    """
    argv = sys.argv if argv is None else argv
    wanted = [s for s in error.scope.split() if _SCOPE_TOKEN.match(s)]
    scopes = " ".join(dict.fromkeys(profile.scopes.split() + wanted))
    words = ["agentcore-chat", *_global_flags(argv[1:]), "--scopes", scopes, "login"]
    if profile.sign_in_method == "browser":
        words.append("--browser")
    command = " ".join(shlex.quote(word) for word in words)
    return f"To sign in again asking for it, run:\n  {command}\nthen run this command again."


def _global_flags(args: list[str]) -> list[str]:
    """The flags before the command, without a ``--scopes`` of their own."""
    flags: list[str] = []
    skip = False
    for word in args:
        if skip:
            skip = False
            continue
        if word in _COMMANDS:
            break
        if word == "--scopes":
            skip = True
            continue
        if word.startswith("--scopes="):
            continue
        flags.append(one_line(word, 2000))
    return flags
