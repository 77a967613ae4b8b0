"""``agentcore-chat profile list|add|use|remove`` and ``status --all``: the named profiles.

``list`` and ``status --all`` renew each profile's remembered sign-in silently, at
the same time, to say who is signed in; ``add`` with only the gateway URL reads what
the gateway publishes about its sign-in (RFC 9728, :mod:`gui.auth.resource_metadata`)
and says what is still missing; ``use`` records the default; ``remove`` signs the
profile out (revoking at the provider) and forgets it. Every name and identity
printed is bounded with :func:`gui.untrusted.one_line`.

Sessions and the file come from :class:`gui.services.AppServices`; this module builds
none. May import ``gui.config``, ``gui.errors``, ``gui.untrusted``, ``gui.cli.terminal``;
the sign-in core only for types. No Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
from typing import TYPE_CHECKING, Any

from gui.cli.terminal import EXIT_FAIL, EXIT_OK, EXIT_USAGE, Console
from gui.config import (
    DEFAULT_PROFILE,
    Profile,
    check_profile_name,
    file_values,
    read_file,
    scopes_with,
    validate,
)
from gui.errors import AppError, AuthError, ConfigError
from gui.untrusted import one_line

if TYPE_CHECKING:
    from gui.auth.resource_metadata import ResourceMetadata
    from gui.services import AppServices

WHO_LIMIT = 60
URL_LIMIT = 120
CHECK_TIMEOUT = 20.0  # seconds one profile's silent sign-in may take in a listing
NOT_SIGNED_IN = "not signed in"


@dataclasses.dataclass(frozen=True)
class Line:
    """One profile as ``list`` and ``status --all`` show it."""

    name: str
    who: str  # "Alice <a@x>", "not signed in", or why it cannot be said
    signed_in: bool
    gateway: str
    issuer: str
    warning: str = ""  # why a sign-in could not be remembered or read (the keyring)


async def cmd_profiles(args: argparse.Namespace, services: AppServices, term: Console) -> int:
    """``profile ...`` or ``status --all``: the exit status."""
    if services.demo:
        term.note("Error: --demo has one profile of its own; profiles are for your settings")
        return EXIT_USAGE
    try:
        if args.command == "status":
            return await _status_all(services, term)
        action = args.profile_command or "list"
        if action == "list":
            return await _list(services, term)
        if action == "add":
            return await _add(args, services, term)
        if action == "use":
            return await _use(args.name, services, term)
        return await _remove(args.name, services, term)
    except ConfigError as exc:
        term.note(f"Error: {exc.message}")
        return EXIT_USAGE


# -- list and status --all ------------------------------------------------------------------


async def _lines(services: AppServices) -> tuple[str, list[Line]]:
    """(the default profile's name, one line per profile), every sign-in checked at once."""
    from gui.aio import run_blocking

    listed = await run_blocking(services.profiles)

    async def line(name: str) -> Line:
        try:
            profile = await run_blocking(lambda: services.load_profile(name))
        except ConfigError as exc:
            return Line(name, f"settings problem: {exc.message}", False, "", "")
        who, signed_in, warning = await _who(services, profile)
        return Line(name, who, signed_in, profile.gateway_url, profile.issuer, warning)

    lines = await asyncio.gather(*(line(name) for name in listed.names))
    return listed.default, list(lines)


async def _who(services: AppServices, profile: Profile) -> tuple[str, bool, str]:
    """Who is signed in to ``profile`` (renewing silently), whether anyone is, and a
    warning about the keyring."""
    try:
        profile.require_sign_in()
    except ConfigError:
        return "not set up (no provider or client id)", False, ""
    session = services.auth_session(profile)
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            identity = await session.resume()
    except TimeoutError:
        return "could not check: the provider did not answer", False, ""
    except AuthError as exc:  # expired, revoked: signed in no longer
        return f"{NOT_SIGNED_IN} ({one_line(exc.message, 80)})", False, ""
    except AppError as exc:  # network: the sign-in is kept, but who it is cannot be said
        return f"could not check: {one_line(exc.message, 80)}", False, ""
    finally:
        await session.aclose()
    warning = session.store_warning or ""
    if identity is None:
        return NOT_SIGNED_IN, False, warning
    return one_line(identity.display, WHO_LIMIT), True, warning


def _warn_once(lines: list[Line], term: Console) -> None:
    for warning in dict.fromkeys(line.warning for line in lines if line.warning):
        term.note(f"Note: {warning}")


async def _list(services: AppServices, term: Console) -> int:
    default, lines = await _lines(services)
    name_width = max(len(line.name) for line in lines)
    who_width = max(len(line.who) for line in lines)
    for line in lines:
        mark = "*" if line.name == default else " "
        gateway = one_line(line.gateway, URL_LIMIT) if line.gateway else "(no gateway)"
        term.say(f"{mark} {line.name:<{name_width}}  {line.who:<{who_width}}  {gateway}")
    _warn_once(lines, term)
    return EXIT_OK


async def _status_all(services: AppServices, term: Console) -> int:
    default, lines = await _lines(services)
    for line in lines:
        mark = " (default)" if line.name == default else ""
        if line.signed_in:
            term.say(f"{line.name}{mark}: Signed in as {line.who} at {line.issuer}")
        else:
            term.say(f"{line.name}{mark}: {line.who[:1].upper()}{line.who[1:]}.")
    _warn_once(lines, term)
    return EXIT_OK if any(line.signed_in for line in lines) else EXIT_FAIL


# -- add ---------------------------------------------------------------------------------------


async def _add(args: argparse.Namespace, services: AppServices, term: Console) -> int:
    from gui.aio import run_blocking

    name = check_profile_name(args.name)
    path = services.config_path
    existing = await run_blocking(lambda: _existing_values(path, name))
    gateway_url = args.new_gateway_url.strip()
    given: dict[str, str] = {"gateway_url": gateway_url}
    for key, value in (
        ("auth0_domain", args.new_auth0_domain),
        ("issuer", args.new_issuer),
        ("client_id", args.new_client_id),
        ("audience", args.new_audience),
    ):
        if value:
            given[key] = value
    scopes = [word for text in args.new_scopes for word in text.split()]
    has_provider = "issuer" in given or "auth0_domain" in given
    found: ResourceMetadata | None = None
    if not has_provider or not scopes:
        found = await _discover(services, gateway_url, existing, term, needed=not has_provider)
        if found is None and not has_provider:
            return EXIT_FAIL
    raw = _merge(existing, found, given, scopes)
    profile = dataclasses.replace(validate(raw), name=name)
    await run_blocking(lambda: services.save_profile(profile))
    term.say(f"{'Updated' if existing else 'Added'} profile {name}.")
    await _maybe_make_default(services, name, term)
    _say_missing(profile, term)
    return EXIT_OK


def _existing_values(path: Any, name: str) -> dict[str, Any]:
    """The file's values of profile ``name`` ({} when it has none yet)."""
    from gui.config import config_path
    from gui.config.writing import profile_exists

    path = config_path() if path is None else path
    if not profile_exists(name, path):
        return {}
    values = file_values(read_file(path), name)
    values.pop("language", None)  # app-wide: not this profile's to write
    return values


async def _discover(
    services: AppServices,
    gateway_url: str,
    existing: dict[str, Any],
    term: Console,
    *,
    needed: bool,
) -> ResourceMetadata | None:
    """The gateway's metadata, said aloud; None (and why) when it cannot be read."""
    ca_file = os.environ.get("AGENTCORE_CA_FILE") or str(existing.get("ca_file") or "")
    try:
        found = await services.discover_gateway(gateway_url, ca_file=ca_file)
    except AppError as exc:
        if needed:
            term.note(f"Error: could not read the gateway's sign-in details: {exc.message}")
            term.note("Give the provider yourself: --auth0-domain DOMAIN or --oidc-issuer URL.")
        else:
            term.note(f"Note: could not read the gateway's sign-in details: {exc.message}")
        return None
    term.say(f"Read the gateway's sign-in details from {one_line(found.source, URL_LIMIT)}:")
    if found.issuer:
        term.say(f"  sign-in server: {one_line(found.issuer, URL_LIMIT)}")
    if len(found.authorization_servers) > 1:
        others = ", ".join(one_line(s, URL_LIMIT) for s in found.authorization_servers[1:])
        term.say(f"  (it also trusts {others}; the first is used)")
    if found.scopes_supported:
        term.say(f"  scopes: {one_line(' '.join(found.scopes_supported), 300)}")
    return found


def _merge(
    existing: dict[str, Any],
    found: ResourceMetadata | None,
    given: dict[str, str],
    scopes: list[str],
) -> dict[str, Any]:
    """The profile's raw values: what it had, under what the gateway says, under the flags."""
    raw = dict(existing)
    if found is not None and found.issuer and not ({"issuer", "auth0_domain"} & set(given)):
        raw.pop("auth0_domain", None)
        raw["issuer"] = found.issuer
    if "auth0_domain" in given:
        raw.pop("issuer", None)
    if "issuer" in given:
        raw.pop("auth0_domain", None)
    raw.update(given)
    wanted = scopes or (list(found.scopes_supported) if found is not None else [])
    if wanted or "scopes" not in raw:
        raw["scopes"] = scopes_with(wanted)
    return raw


async def _maybe_make_default(services: AppServices, name: str, term: Console) -> None:
    """When the default profile cannot sign in at all, the new one becomes the default."""
    from gui.aio import run_blocking

    if name == DEFAULT_PROFILE:
        return
    listed = await run_blocking(services.profiles)
    try:
        current = await run_blocking(lambda: services.load_profile(listed.default))
        current.require_sign_in()
        return
    except ConfigError:
        pass
    await run_blocking(lambda: services.use_profile(name))
    term.say(f"It is now the default profile ({listed.default} was not set up).")


def _say_missing(profile: Profile, term: Console) -> None:
    missing = []
    if not profile.issuer:
        missing.append("the provider (--auth0-domain DOMAIN or --oidc-issuer URL)")
    if not profile.client_id:
        missing.append("the application's client id (--client-id ID)")
    flag = "" if profile.is_default else f"--profile {profile.name} "
    if missing:
        term.say("Still missing: " + "; ".join(missing) + ".")
        term.say(
            f"Add it with: agentcore-chat profile add {profile.name} "
            f"--gateway-url {profile.gateway_url} ..."
        )
    else:
        term.say(f"Sign in with: agentcore-chat {flag}login")
    if profile.provider_name == "Auth0" and not profile.audience:
        term.say(
            "Auth0 tenants usually also need the gateway's API identifier: --audience A "
            "(ask your administrator)."
        )


# -- use and remove ---------------------------------------------------------------------------


async def _use(name: str, services: AppServices, term: Console) -> int:
    from gui.aio import run_blocking

    check_profile_name(name)
    await run_blocking(lambda: services.use_profile(name))
    term.say(f"Default profile: {name}.")
    if os.environ.get("AGENTCORE_PROFILE") and os.environ["AGENTCORE_PROFILE"] != name:
        term.note("Note: AGENTCORE_PROFILE is set, and wins over the default in this shell.")
    return EXIT_OK


async def _remove(name: str, services: AppServices, term: Console) -> int:
    from gui.aio import run_blocking

    check_profile_name(name)
    if name == DEFAULT_PROFILE:
        raise ConfigError(
            "profile", "the default profile is the file's top-level settings; it cannot be removed"
        )
    listed = await run_blocking(services.profiles)
    entry = listed.get(name)
    if entry is None:
        raise ConfigError("profile", f"there is no profile {name!r}")
    try:
        profile = await run_blocking(lambda: services.load_profile(name))
        profile.require_sign_in()
    except ConfigError:
        term.note("Note: this profile has no usable sign-in settings; nothing to sign out.")
    else:
        session = services.auth_session(profile)
        try:
            outcome = await session.sign_out()
        finally:
            await session.aclose()
        if outcome.was_signed_in:
            term.say("Signed out." + (" The sign-in was revoked." if outcome.revoked else ""))
        if outcome.note:
            term.note(f"Note: {outcome.note}")
    was_default = await run_blocking(lambda: services.remove_profile(name))
    term.say(f"Removed profile {name}.")
    if was_default:
        term.say(f"The default profile is {DEFAULT_PROFILE} again.")
    return EXIT_OK
