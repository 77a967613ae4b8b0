"""``agentcore-chat models``: the models this person can use, one line each.

Each line is the config id (what ``--model``, ``AGENT_MODEL`` and Settings take) and the
model's name, in columns; the configured one is marked on stderr, so stdout stays a plain
list a script can read. The models come from :meth:`gui.services.AppServices.list_models`
with the chat's own credentials; with ``aws_role_arn`` (Bedrock through the sign-in) the
remembered sign-in is resumed first. A listing that fails exits 1 with its one-line
error, which says what to do.

May import ``gui.cli.terminal``, ``gui.cli.sign_in`` (types), ``gui.errors`` and
``gui.untrusted``; the catalogue loads inside ``AppServices``. No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.cli.terminal import EXIT_FAIL, EXIT_OK, Console
from gui.errors import AppError
from gui.untrusted import one_line

if TYPE_CHECKING:
    from gui.cli.sign_in import SignIn
    from gui.config import Profile
    from gui.services import AppServices

MESSAGE_LIMIT = 1000  # characters of an error line (it may quote a provider)
NAME_LIMIT = 200  # characters of a model's name (a provider's text)


def needs_sign_in(profile: Profile, provider: str | None = None) -> bool:
    """True when listing needs the sign-in: Bedrock with credentials from it (aws_role_arn)."""
    return (provider or profile.model_kind) == "bedrock" and bool(profile.aws_role_arn)


async def cmd_models(
    services: AppServices,
    profile: Profile,
    term: Console,
    *,
    provider: str | None = None,
    sign_in: SignIn | None = None,
) -> int:
    """Print ``config-id  name`` for each model; exit 1 with the reason when listing fails."""
    auth = None
    if needs_sign_in(profile, provider) and sign_in is not None:
        auth = await sign_in()
        if auth is None:
            return EXIT_FAIL  # sign_in said why
    try:
        entries = await services.list_models(profile, auth, provider=provider)
    except AppError as exc:
        term.note(f"Error: {one_line(exc.message, MESSAGE_LIMIT)}")
        return EXIT_FAIL
    finally:
        if auth is not None:
            await auth.aclose()
    if not entries:
        term.note("No models found that you can use here.")
        return EXIT_OK
    width = max(len(entry.config_id) for entry in entries)
    for entry in entries:
        term.say(f"{entry.config_id:<{width}}  {one_line(entry.name, NAME_LIMIT)}".rstrip())
    if provider is None or provider == profile.model_kind:
        term.note(f"Configured: {profile.model}")
    return EXIT_OK
